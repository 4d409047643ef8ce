package dev.kizashi.step;

import dev.kizashi.alert.Alert;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.score.model.ChurnModelFile;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes an alert the fitted model let out by its risk: a channel with its own threshold (a call
 * center that only wants customers above 50%) gets the alert from that risk, below it the alert
 * goes to the fallback channel; every alert records the threshold, the precision the history showed
 * there and the model version.
 */
final class RiskGate implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ANY_CHANNEL = ChurnPattern.HIGH_RISK.name();

    private final double threshold;
    private final Map<String, Double> channelThresholds;
    private final Map<String, Double> expectedPrecision;
    private final String modelVersion;
    private final String fallbackChannel;

    private RiskGate(ChurnModelFile model, double threshold, String fallbackChannel) {
        this.threshold = threshold;
        this.channelThresholds = new TreeMap<>(model.channelThresholds());
        this.expectedPrecision = new TreeMap<>(model.expectedPrecision());
        this.modelVersion = model.version();
        this.fallbackChannel = fallbackChannel;
    }

    /**
     * The gate of {@code model} alerting from {@code threshold}; null without a model (no risk
     * decides).
     */
    static RiskGate of(ChurnModelFile model, double threshold, RoutingTable routing) {
        return model == null ? null : new RiskGate(model, threshold, routing.fallbackChannel());
    }

    Alert apply(Alert alert) {
        String channel = alert.channel();
        String key = ANY_CHANNEL;
        double at = threshold;
        Double channelThreshold = channelThresholds.get(channel);
        if (channelThreshold != null) {
            if (alert.score() >= channelThreshold) {
                key = channel;
                at = channelThreshold;
            } else {
                channel = fallbackChannel;
            }
        }
        Double precision = expectedPrecision.get(key);
        return alert.gated(
                channel,
                new Alert.Gate(at, precision == null ? Double.NaN : precision, modelVersion));
    }
}
