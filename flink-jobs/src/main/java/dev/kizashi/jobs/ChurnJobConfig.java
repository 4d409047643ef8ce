package dev.kizashi.jobs;

import static dev.kizashi.jobs.KizashiOptions.*;

import dev.kizashi.alert.RoutingTable;
import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.score.ScoringConfig;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/** The job's settings, read once from a Flink {@link Configuration}. */
public record ChurnJobConfig(
        Duration outOfOrderness,
        Duration sourceIdleness,
        Duration checkpointInterval,
        int maxLineChars,
        DetectorConfig detector,
        ScoringConfig scoring,
        RoutingTable routing)
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
                        c.get(DEDUPE_MAX_IDS));
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
                        c.get(SCORE_MATERIAL_CHANGE));
        return new ChurnJobConfig(
                c.get(OUT_OF_ORDERNESS),
                c.get(SOURCE_IDLENESS),
                c.get(CHECKPOINT_INTERVAL),
                c.get(MAX_LINE_CHARS),
                detector,
                scoring,
                RoutingTable.defaults());
    }
}
