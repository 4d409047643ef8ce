package dev.kizashi.jobs;

import static dev.kizashi.jobs.KizashiOptions.*;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.pdca.ControlGroup;
import dev.kizashi.score.ScoringConfig;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.step.RoutingTable;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's settings, read once from a Flink {@link Configuration}.
 *
 * @param modelConfigDifferences the keys of {@link KizashiOptions#detectorOptions()} whose value
 *     the loaded model ({@code kizashi.score.model}) was fitted with differs from this
 *     configuration's (logged once as a warning); empty without a model or when the model did not
 *     record them
 * @param mutedPatterns patterns that do not alert: {@code kizashi.alert.muted-patterns}, else the
 *     model's, else none
 * @param alertAfterKnownChurn {@code kizashi.alert.after-known-churn}
 * @param control the control group ({@code kizashi.control.*})
 * @param outcomeHorizon {@code kizashi.outcome.horizon}
 * @param journeys {@code kizashi.journeys.enabled}
 */
public record ChurnJobConfig(
        Duration outOfOrderness,
        Duration sourceIdleness,
        Duration checkpointInterval,
        int maxLineChars,
        long[] snapshotTimes,
        DetectorConfig detector,
        ScoringConfig scoring,
        RoutingTable routing,
        Duration valueEpoch,
        int valueMinPopulation,
        Duration alertCooldown,
        List<String> modelConfigDifferences,
        Set<ChurnPattern> mutedPatterns,
        boolean alertAfterKnownChurn,
        ControlGroup control,
        Duration outcomeHorizon,
        boolean journeys)
        implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(ChurnJobConfig.class);

    public ChurnJobConfig {
        modelConfigDifferences = List.copyOf(modelConfigDifferences);
        mutedPatterns =
                mutedPatterns.isEmpty()
                        ? EnumSet.noneOf(ChurnPattern.class)
                        : EnumSet.copyOf(mutedPatterns);
    }

    public static ChurnJobConfig defaults() {
        return from(new Configuration());
    }

    public static ChurnJobConfig from(Configuration c) {
        DetectorConfig detector =
                new DetectorConfig(
                        new DetectorConfig.Rhythm(
                                c.get(OVERDUE_SPREADS),
                                c.get(OVERDUE_MIN_ORDERS),
                                c.get(MISSED_CYCLE_GRACE),
                                c.get(SLOWDOWN_GAP_FACTOR)),
                        new DetectorConfig.Silence(c.get(DORMANT_AFTER), c.get(STATE_RETENTION)),
                        new DetectorConfig.Service(
                                c.get(PAYMENT_RECOVERY_WINDOW),
                                c.get(SUPPORT_SPIKE_CONTACTS),
                                c.get(SUPPORT_SPIKE_WINDOW),
                                c.get(SUPPORT_SPIKE_NEGATIVES),
                                c.get(PRICE_COMPLAINT_WINDOW),
                                c.get(DOWNGRADE_WINDOW)),
                        new DetectorConfig.Engagement(
                                c.get(ENGAGEMENT_DROP_RATIO),
                                c.get(ENGAGEMENT_MIN_HISTORY),
                                c.get(ENGAGEMENT_MIN_BASELINE)),
                        new DetectorConfig.Dedupe(c.get(DEDUPE_WINDOW), c.get(DEDUPE_MAX_IDS)));
        ScoringConfig scoring =
                new ScoringConfig(
                        ScoringConfig.DEFAULTS
                                .prior()
                                .withDormantDays(detector.dormantAfter().toDays()),
                        c.get(SCORE_MATERIAL_CHANGE),
                        null);
        List<String> differences = List.of();
        List<String> muted = List.of();
        String modelPath = c.get(SCORE_MODEL);
        if (modelPath != null && !modelPath.isBlank()) {
            ChurnModelFile model;
            try {
                model = ChurnModelFile.read(Path.of(modelPath));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model " + modelPath, e);
            }
            Double risk = c.get(ALERT_RISK_THRESHOLD);
            if (risk != null) {
                if (!(risk >= 0 && risk <= 1)) {
                    throw new IllegalArgumentException(
                            ALERT_RISK_THRESHOLD.key() + " must be between 0 and 1, not " + risk);
                }
                Map<String, Double> precision = new TreeMap<>(model.expectedPrecision());
                precision.remove(ChurnPattern.HIGH_RISK.name()); // measured at another threshold
                model =
                        model.withAlertGate(
                                        model.mutedPatterns(),
                                        Map.of(ChurnPattern.HIGH_RISK.name(), risk))
                                .withChannelGate(model.channelThresholds(), precision);
            }
            model = withChannelThresholds(model, c.get(ALERT_CHANNEL_THRESHOLDS));
            scoring = scoring.withModel(model);
            differences = modelDifferences(modelPath, model, c);
            muted = model.mutedPatterns();
        }
        Set<ChurnPattern> mutedPatterns = EnumSet.noneOf(ChurnPattern.class);
        for (String name : c.getOptional(MUTED_PATTERNS).orElse(muted)) {
            if (name.isBlank() || name.trim().equals("none")) {
                continue;
            }
            try {
                mutedPatterns.add(ChurnPattern.valueOf(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        MUTED_PATTERNS.key() + ": no pattern " + name.trim(), e);
            }
        }
        long[] snapshots =
                c.getOptional(SCORE_SNAPSHOTS).orElse(List.of()).stream()
                        .filter(t -> !t.isBlank())
                        .mapToLong(t -> Instant.parse(t.trim()).toEpochMilli())
                        .sorted()
                        .toArray();
        return new ChurnJobConfig(
                c.get(OUT_OF_ORDERNESS),
                c.get(SOURCE_IDLENESS),
                c.get(CHECKPOINT_INTERVAL),
                c.get(MAX_LINE_CHARS),
                snapshots,
                detector,
                scoring,
                RoutingTable.defaults().withFallbackChannel(c.get(ALERT_FALLBACK_CHANNEL)),
                c.get(VALUE_EPOCH),
                c.get(VALUE_MIN_POPULATION),
                c.get(ALERT_COOLDOWN),
                differences,
                mutedPatterns,
                c.get(ALERT_AFTER_KNOWN_CHURN),
                controlGroup(c),
                positive(c.get(OUTCOME_HORIZON), OUTCOME_HORIZON.key()),
                c.get(JOURNEYS_ENABLED));
    }

    private static Duration positive(Duration d, String key) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, not " + d);
        }
        return d;
    }

    /** {@code kizashi.control.*}: a share per pattern name or channel over the default. */
    private static ControlGroup controlGroup(Configuration c) {
        Map<ChurnPattern, Double> byPattern = new java.util.EnumMap<>(ChurnPattern.class);
        Map<String, Double> byChannel = new TreeMap<>();
        c.getOptional(CONTROL_SHARES)
                .orElse(Map.of())
                .forEach(
                        (name, text) -> {
                            double share = unitInterval(CONTROL_SHARES.key() + " of " + name, text);
                            try {
                                byPattern.put(ChurnPattern.valueOf(name.trim()), share);
                            } catch (IllegalArgumentException notAPattern) {
                                byChannel.put(name.trim(), share);
                            }
                        });
        double share = c.get(CONTROL_SHARE);
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(
                    CONTROL_SHARE.key() + " must be between 0 and 1, not " + share);
        }
        return new ControlGroup(share, c.get(CONTROL_SALT), byPattern, byChannel);
    }

    /** {@code text} as a number from 0 to 1, else a one-line error naming {@code what}. */
    private static double unitInterval(String what, String text) {
        double s;
        try {
            s = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            s = Double.NaN;
        }
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1, not " + text);
        }
        return s;
    }

    /**
     * The model with the channel thresholds of the option, which replace the fitted ones and the
     * precision the history showed at those.
     */
    private static ChurnModelFile withChannelThresholds(
            ChurnModelFile model, Map<String, String> option) {
        if (option == null) {
            return model;
        }
        Map<String, Double> channels = new TreeMap<>();
        Map<String, Double> precision = new TreeMap<>(model.expectedPrecision());
        option.forEach(
                (channel, text) -> {
                    double t =
                            unitInterval(
                                    ALERT_CHANNEL_THRESHOLDS.key()
                                            + ": the threshold of "
                                            + channel,
                                    text);
                    channels.put(channel.trim(), t);
                    precision.remove(channel.trim());
                });
        return model.withChannelGate(channels, precision);
    }

    /**
     * The detector settings {@code model} was fitted with that differ from {@code c}'s, warned
     * about in one line.
     */
    private static List<String> modelDifferences(
            String modelPath, ChurnModelFile model, Configuration c) {
        Map<String, String> fitted = model.detectorSettings();
        List<String> differences = KizashiOptions.detectorDifferences(fitted, c);
        if (!differences.isEmpty()) {
            Map<String, String> job = KizashiOptions.detectorSettings(c);
            boolean one = differences.size() == 1;
            LOG.warn(
                    "model {} was fitted with {}{} this job runs with {}; scores may be off (refit"
                            + " with the same -c)",
                    modelPath,
                    differences.stream()
                            .map(k -> k + "=" + fitted.get(k))
                            .collect(Collectors.joining(", ")),
                    one ? "," : ";",
                    one
                            ? job.get(differences.get(0))
                            : differences.stream()
                                    .map(k -> k + "=" + job.get(k))
                                    .collect(Collectors.joining(", ")));
        }
        return differences;
    }
}
