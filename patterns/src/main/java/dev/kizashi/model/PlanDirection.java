package dev.kizashi.model;

/** {@code plan_changed.attrs.direction}. */
public enum PlanDirection implements Wire {
    UP,
    DOWN
}
