package dev.kizashi.connectors.kafka;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.OutputJson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The job's Kafka outputs: alerts (treated ones to the notification topic, held-out ones to the
 * control topic), outcomes, journeys, scores and dead letters, each a {@link KafkaSink} writing in
 * Kafka transactions tied to Flink checkpoints ({@link KafkaSettings#deliveryGuarantee()},
 * EXACTLY_ONCE by default).
 *
 * <p>How exactly-once works here: each sink subtask writes into an open Kafka transaction; on a
 * checkpoint it flushes and pre-commits that transaction and opens the next one; when the
 * checkpoint completes, the committer commits the pre-committed transaction. After a failure the
 * job restarts from the last completed checkpoint: transactions committed by it are (re-)committed,
 * the ones opened after it are aborted (found by their transactional ids, {@code
 * <prefix>-<sink>-<subtask>-<n>}), and the records are written again. So output becomes visible
 * only when a checkpoint completes (latency = checkpoint interval), and the transaction timeout
 * ({@link KafkaSettings#transactionTimeout()}, default 10 min, below the broker's 15 min {@code
 * transaction.max.timeout.ms}) must exceed checkpoint interval + checkpoint duration + restart
 * time, or the broker aborts a pre-committed transaction and its records are lost.
 *
 * <p><b>Consumers must read with {@code isolation.level=read_committed}</b>; with Kafka's default
 * {@code read_uncommitted} they also see records of open and aborted transactions, i.e. duplicates
 * after a restart.
 *
 * <p>Each sink uses the transactional id prefix {@code <prefix>-alerts}, {@code <prefix>-holdouts},
 * {@code <prefix>-outcomes}, {@code <prefix>-journeys}, {@code <prefix>-scores}, {@code
 * <prefix>-dead-letters}, {@code <prefix>-late-events}: give each job (and each concurrent run) its
 * own prefix.
 */
public final class KafkaSinks {
    private KafkaSinks() {}

    /**
     * Alerts: key = customer id (UTF-8), value = {@link OutputJson#alert}, headers {@code pattern},
     * {@code severity}, {@code channel}, {@code kind} (so consumers can route without parsing the
     * JSON). Read with {@code isolation.level=read_committed}.
     */
    public static KafkaSink<Alert> alerts(KafkaSettings settings) {
        return build(settings, "alerts", alertSerializer(settings.alertsTopic()));
    }

    /**
     * Held-out (control group) alerts into the control topic, as {@link #alerts} writes the
     * notification topic (same key, value and headers) under transactional ids of their own. Read
     * with {@code isolation.level=read_committed}.
     */
    public static KafkaSink<Alert> holdouts(KafkaSettings settings) {
        return build(settings, "holdouts", alertSerializer(settings.controlTopic()));
    }

    /**
     * Episode outcomes: key = customer id, value = {@link OutputJson#outcome}, headers {@code
     * pattern} and {@code outcome}. Not compacted: a customer has one record per episode. Read with
     * {@code isolation.level=read_committed}.
     */
    public static KafkaSink<EpisodeOutcome> outcomes(KafkaSettings settings) {
        return build(settings, "outcomes", outcomeSerializer(settings.outcomesTopic()));
    }

    /**
     * Journey records (cancellations, deliveries 1..12, returns): key = customer id, value = {@link
     * OutputJson#journey}, header {@code kind}. Not compacted. Read with {@code
     * isolation.level=read_committed}.
     */
    public static KafkaSink<JourneyRecord> journeys(KafkaSettings settings) {
        return build(settings, "journeys", journeySerializer(settings.journeysTopic()));
    }

    /**
     * Score updates: key = customer id, value = {@link OutputJson#score}. The topic is meant to be
     * compacted ({@link KafkaTopics#create}), so it holds each customer's latest score. Read with
     * {@code isolation.level=read_committed}.
     */
    public static KafkaSink<ScoreUpdate> scores(KafkaSettings settings) {
        return build(settings, "scores", scoreSerializer(settings.scoresTopic()));
    }

    /**
     * Dead letters: key = the dead letter's source ({@code origin:line}), value = {@link
     * EventCodec#encodeDeadLetter}, header {@code reason}. Read with {@code
     * isolation.level=read_committed}.
     */
    public static KafkaSink<DeadLetter> deadLetters(KafkaSettings settings) {
        return build(settings, "dead-letters", deadLetterSerializer(settings.deadLettersTopic()));
    }

    /**
     * Late events (dead letters with reason {@code LATE_EVENT}) into the dead-letter topic, under
     * their own transactional ids.
     */
    public static KafkaSink<DeadLetter> lateEvents(KafkaSettings settings) {
        return build(settings, "late-events", deadLetterSerializer(settings.deadLettersTopic()));
    }

    static KeyedJsonSerializer<Alert> alertSerializer(String topic) {
        return new KeyedJsonSerializer<>(
                topic, Alert::customerId, OutputJson::alert, KafkaSinks::alertHeaders);
    }

    static KeyedJsonSerializer<EpisodeOutcome> outcomeSerializer(String topic) {
        return new KeyedJsonSerializer<>(
                topic, EpisodeOutcome::customerId, OutputJson::outcome, KafkaSinks::outcomeHeaders);
    }

    static KeyedJsonSerializer<JourneyRecord> journeySerializer(String topic) {
        return new KeyedJsonSerializer<>(
                topic,
                JourneyRecord::customerId,
                OutputJson::journey,
                r -> Map.of("kind", r.kind().name()));
    }

    static KeyedJsonSerializer<ScoreUpdate> scoreSerializer(String topic) {
        return new KeyedJsonSerializer<>(
                topic, ScoreUpdate::customerId, OutputJson::score, s -> Map.of());
    }

    static KeyedJsonSerializer<DeadLetter> deadLetterSerializer(String topic) {
        return new KeyedJsonSerializer<>(
                topic,
                DeadLetter::source,
                EventCodec::encodeDeadLetter,
                d -> Map.of("reason", d.reason().name()));
    }

    private static Map<String, String> alertHeaders(Alert a) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("pattern", a.pattern().name());
        h.put("severity", a.severity().name());
        h.put("channel", a.channel());
        h.put("kind", a.kind().name());
        return h;
    }

    private static Map<String, String> outcomeHeaders(EpisodeOutcome o) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("pattern", o.pattern());
        h.put("outcome", o.outcome().name());
        return h;
    }

    /** The transactional id prefix of one sink: {@code <settings prefix>-<sink name>}. */
    public static String transactionalIdPrefix(KafkaSettings settings, String sinkName) {
        return settings.transactionalIdPrefix() + "-" + sinkName;
    }

    static <T> KafkaSink<T> build(
            KafkaSettings settings, String sinkName, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(settings.clientProperties())
                .setBootstrapServers(settings.bootstrapServers())
                .setDeliveryGuarantee(settings.deliveryGuarantee())
                .setTransactionalIdPrefix(transactionalIdPrefix(settings, sinkName))
                .setProperty(
                        "transaction.timeout.ms",
                        Long.toString(settings.transactionTimeout().toMillis()))
                .setRecordSerializer(serializer)
                .build();
    }
}
