package dev.kizashi.model;

/** How urgently a person should act on an alert; ordered from least to most urgent. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
