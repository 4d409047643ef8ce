package dev.kizashi.jobs;

import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.codec.CustomerEventTypeInfo;
import dev.kizashi.codec.CustomerProfileTypeInfo;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyState;
import dev.kizashi.pdca.OutcomeBook;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.wire.DeadLetter;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/**
 * State descriptors, side outputs and operator uids in one place. Renaming any of these breaks
 * restoring from existing checkpoints and savepoints.
 */
public final class JobState {
    private JobState() {}

    public static final String UID_SOURCE = "kizashi-source";
    public static final String UID_DECODE = "kizashi-decode";
    public static final String UID_WATERMARKS = "kizashi-watermarks";
    public static final String UID_CUSTOMER_PROFILE = "kizashi-customer-profile";

    /**
     * Alert sinks, and notification sinks too ({@code kizashi-alert-sink-<id>}, ids distinct across
     * both): a sink that moved from all alerts to treated ones keeps its state, e.g. the live Kafka
     * sink's pending transactions.
     */
    public static final String UID_ALERT_SINK = "kizashi-alert-sink";

    public static final String UID_SCORE_SINK = "kizashi-score-sink";
    public static final String UID_DEAD_LETTER_SINK = "kizashi-dead-letter-sink";
    public static final String UID_LATE_SINK = "kizashi-late-sink";
    public static final String UID_LATE_TO_DEAD_LETTER = "kizashi-late-to-dead-letter";
    public static final String UID_SNAPSHOT_SINK = "kizashi-snapshot-sink";
    public static final String UID_TREATED_FILTER = "kizashi-treated-alerts";
    public static final String UID_HOLDOUT_FILTER = "kizashi-holdout-alerts";
    public static final String UID_HOLDOUT_SINK = "kizashi-holdout-sink";
    public static final String UID_OUTCOME_SINK = "kizashi-outcome-sink";
    public static final String UID_JOURNEYS = "kizashi-journeys";
    public static final String UID_JOURNEY_SINK = "kizashi-journey-sink";

    // The Elasticsearch indexer (IndexerJob), a job of its own: Kafka output topics -> indices.
    public static final String UID_INDEXER_ALERTS_SOURCE = "kizashi-indexer-alerts-source";
    public static final String UID_INDEXER_SCORES_SOURCE = "kizashi-indexer-scores-source";
    public static final String UID_INDEXER_CONTROL_SOURCE = "kizashi-indexer-control-source";
    public static final String UID_INDEXER_OUTCOMES_SOURCE = "kizashi-indexer-outcomes-source";
    public static final String UID_INDEXER_JOURNEYS_SOURCE = "kizashi-indexer-journeys-source";
    public static final String UID_INDEXER_DECODE_ALERTS = "kizashi-indexer-decode-alerts";
    public static final String UID_INDEXER_DECODE_SCORES = "kizashi-indexer-decode-scores";
    public static final String UID_INDEXER_DECODE_CONTROL = "kizashi-indexer-decode-control";
    public static final String UID_INDEXER_DECODE_OUTCOMES = "kizashi-indexer-decode-outcomes";
    public static final String UID_INDEXER_DECODE_JOURNEYS = "kizashi-indexer-decode-journeys";
    public static final String UID_INDEXER_ALERTS_SINK = "kizashi-indexer-alerts-sink";
    public static final String UID_INDEXER_SCORES_SINK = "kizashi-indexer-scores-sink";
    public static final String UID_INDEXER_OUTCOMES_SINK = "kizashi-indexer-outcomes-sink";
    public static final String UID_INDEXER_JOURNEYS_SINK = "kizashi-indexer-journeys-sink";
    public static final String UID_INDEXER_SCORE_HISTORY_SINK =
            "kizashi-indexer-score-history-sink";
    public static final String UID_INDEXER_DEAD_LETTER_SINK = "kizashi-indexer-dead-letter-sink";

    // `kizashi bench` reference pipeline (not part of the production job).
    public static final String UID_BENCH_REFERENCE = "kizashi-bench-reference";
    public static final String UID_BENCH_REFERENCE_SINK = "kizashi-bench-reference-sink";

    /** Input that could not become an event. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Events later than the watermark bound: not applied, but kept and counted. */
    public static final OutputTag<CustomerEvent> LATE_EVENTS =
            new OutputTag<>("late-events", CustomerEventTypeInfo.INSTANCE);

    /** Churn scores, when they change materially. */
    public static final OutputTag<ScoreUpdate> SCORES =
            new OutputTag<>("scores", TypeInformation.of(ScoreUpdate.class));

    /**
     * Every customer's score at the configured snapshot times ({@code kizashi.score.snapshot-at}).
     */
    public static final OutputTag<ScoreUpdate> SNAPSHOTS =
            new OutputTag<>("score-snapshots", TypeInformation.of(ScoreUpdate.class));

    /** Each episode's outcome at its horizon after the first alert. */
    public static final OutputTag<EpisodeOutcome> OUTCOMES =
            new OutputTag<>("outcomes", TypeInformation.of(EpisodeOutcome.class));

    /** The name of the outcome state (it identifies the state in checkpoints and savepoints). */
    public static final String OUTCOME_STATE = "episode-outcomes";

    /**
     * The customer's episodes awaiting their outcome (Flink's POJO serializer: {@link OutcomeBook}
     * and {@code EpisodeWatch} keep their names); absent for the many customers without one.
     */
    public static ValueStateDescriptor<OutcomeBook> outcomeBookDescriptor() {
        return new ValueStateDescriptor<>(OUTCOME_STATE, TypeInformation.of(OutcomeBook.class));
    }

    /** The name of the journey state (it identifies the state in checkpoints and savepoints). */
    public static final String JOURNEY_STATE = "customer-journey";

    /**
     * The customer's journey (cancellations, deliveries, returns) for the journey operator, apart
     * from the profile: Flink's POJO serializer, so {@link JourneyState} keeps its names.
     */
    public static ValueStateDescriptor<JourneyState> journeyDescriptor() {
        return new ValueStateDescriptor<>(JOURNEY_STATE, TypeInformation.of(JourneyState.class));
    }

    /**
     * The benchmark reference's state: the customer's newest event time, one RocksDB value per
     * customer, the floor the production profile is compared to.
     */
    public static ValueStateDescriptor<Long> benchReferenceDescriptor() {
        return new ValueStateDescriptor<>("bench-last-event", Types.LONG);
    }

    /**
     * One profile per customer: all running statistics, dedupe ids and the timer in one value, in
     * the compact {@link CustomerProfileTypeInfo} format. State written before with Flink's POJO
     * serializer is migrated on restore.
     */
    public static ValueStateDescriptor<CustomerProfile> profileDescriptor() {
        return new ValueStateDescriptor<>(PROFILE_STATE, CustomerProfileTypeInfo.INSTANCE);
    }

    /** The name of the profile state (it identifies the state in checkpoints and savepoints). */
    public static final String PROFILE_STATE = "customer-profile";

    /**
     * The value population of each parallel instance (operator state, union-redistributed: after
     * rescaling every instance starts from the union of all, the whole population).
     */
    public static ListStateDescriptor<byte[]> valuePopulationDescriptor() {
        return new ListStateDescriptor<>(
                "value-population", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }
}
