package dev.kizashi.jobs;

import static dev.kizashi.jobs.KizashiOptions.*;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.score.ScoringConfig;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.step.RoutingTable;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/** The job's settings, read once from a Flink {@link Configuration}. */
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
        Duration alertCooldown)
        implements Serializable {

    public static ChurnJobConfig defaults() {
        return from(new Configuration());
    }

    public static ChurnJobConfig from(Configuration c) {
        DetectorConfig detector =
                new DetectorConfig(
                        c.get(DORMANT_AFTER),
                        c.get(OVERDUE_SPREADS),
                        c.get(OVERDUE_MIN_ORDERS),
                        c.get(PAYMENT_RECOVERY_WINDOW),
                        c.get(SUPPORT_SPIKE_CONTACTS),
                        c.get(SUPPORT_SPIKE_WINDOW),
                        c.get(STATE_RETENTION),
                        c.get(DEDUPE_WINDOW),
                        c.get(DEDUPE_MAX_IDS),
                        c.get(MISSED_CYCLE_GRACE),
                        c.get(SUPPORT_SPIKE_NEGATIVES),
                        c.get(PRICE_COMPLAINT_WINDOW),
                        c.get(ENGAGEMENT_DROP_RATIO),
                        c.get(ENGAGEMENT_MIN_HISTORY),
                        c.get(ENGAGEMENT_MIN_BASELINE),
                        c.get(SLOWDOWN_GAP_FACTOR),
                        c.get(DOWNGRADE_WINDOW));
        ScoringConfig d = ScoringConfig.defaults();
        ScoringConfig scoring =
                new ScoringConfig(
                        d.priorAlive(),
                        d.populationGapDays(),
                        d.priorGapWeight(),
                        d.signalHalfLifeDays(),
                        d.cancelRequestWeight(),
                        d.paymentOpenWeight(),
                        d.skippedCycleWeight(),
                        d.supportContactsWeight(),
                        detector.dormantAfter().toDays(),
                        d.dormantWeight(),
                        c.get(SCORE_MATERIAL_CHANGE),
                        null);
        String modelPath = c.get(SCORE_MODEL);
        if (modelPath != null && !modelPath.isBlank()) {
            try {
                scoring = scoring.withModel(ChurnModelFile.read(Path.of(modelPath)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model " + modelPath, e);
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
                RoutingTable.defaults(),
                c.get(VALUE_EPOCH),
                c.get(VALUE_MIN_POPULATION),
                c.get(ALERT_COOLDOWN));
    }
}
