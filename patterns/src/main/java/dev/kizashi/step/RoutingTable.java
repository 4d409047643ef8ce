package dev.kizashi.step;

import dev.kizashi.model.ChurnPattern;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which retention action and channel an alert is routed to. Cancel intent and high-severity alerts
 * go to the call center, where a person calls back; the rest go to messaging.
 */
public final class RoutingTable implements Serializable {

    /** A recommended action and the channel that carries it. */
    public record Route(String action, String channel) implements Serializable {}

    /** Where an alert goes whose risk is below its channel's threshold, unless configured. */
    public static final String DEFAULT_FALLBACK_CHANNEL = "email";

    private final Map<ChurnPattern, Route> routes;
    private final String fallbackChannel;

    public RoutingTable(Map<ChurnPattern, Route> routes) {
        this(routes, DEFAULT_FALLBACK_CHANNEL);
    }

    private RoutingTable(Map<ChurnPattern, Route> routes, String fallbackChannel) {
        this.routes = new EnumMap<>(routes);
        this.fallbackChannel = fallbackChannel;
    }

    /** The same routes, sending alerts below a channel's risk threshold to {@code channel}. */
    public RoutingTable withFallbackChannel(String channel) {
        return new RoutingTable(routes, channel);
    }

    public String fallbackChannel() {
        return fallbackChannel;
    }

    public static RoutingTable defaults() {
        Map<ChurnPattern, Route> m = new EnumMap<>(ChurnPattern.class);
        m.put(ChurnPattern.CANCEL_INTENT, new Route("retention_call", "call_center"));
        m.put(
                ChurnPattern.PAYMENT_FAILURE_UNRECOVERED,
                new Route("payment_update_request", "email"));
        m.put(ChurnPattern.SUPPORT_SPIKE, new Route("service_recovery_call", "call_center"));
        m.put(ChurnPattern.HIGH_VALUE_SLOWDOWN, new Route("vip_outreach", "call_center"));
        m.put(ChurnPattern.DOWNGRADE_SEQUENCE, new Route("plan_consultation", "call_center"));
        m.put(ChurnPattern.SKIPPED_CYCLE, new Route("skip_followup_offer", "line"));
        m.put(ChurnPattern.OVERDUE_ORDER, new Route("reorder_reminder", "line"));
        m.put(ChurnPattern.DORMANT, new Route("winback_offer", "email"));
        m.put(ChurnPattern.ENGAGEMENT_DROP, new Route("content_nudge", "push"));
        m.put(ChurnPattern.HIGH_RISK, new Route("retention_call", "call_center"));
        return new RoutingTable(m);
    }

    public Route route(ChurnPattern pattern) {
        return routes.getOrDefault(pattern, new Route("review", "email"));
    }
}
