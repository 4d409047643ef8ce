package dev.kizashi.jobs;

import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaSinks;
import dev.kizashi.connectors.kafka.KafkaSources;

/**
 * The production wiring: events from Kafka; the alerts of treated episodes to the notification
 * topic, those of held-out (control group) episodes to the control topic, episode outcomes to the
 * outcomes topic, journey records (the analyses) to the journeys topic and scores to the compacted
 * scores topic, exactly-once (transactions committed on checkpoints); dead letters and late events
 * to the dead-letter topic. Nothing else: the job's checkpoints, and so the alerts call centers act
 * on, depend on Kafka alone.
 *
 * <p>The notification sink keeps the uid of the alert sink it was before the control group ({@code
 * kizashi-alert-sink-kafka}), so savepoints of then restore without dropping its state.
 *
 * <p>Elasticsearch is fed from the committed topics by {@link IndexerJob}, a job with checkpoints
 * of its own, so an Elasticsearch outage delays the analytics store and never the alert topic.
 */
public final class LiveJob {
    private LiveJob() {}

    /** The churn job reading and writing Kafka. */
    public static ChurnJob create(KafkaSettings kafka, ChurnJobConfig config) {
        ChurnJobSinks sinks =
                ChurnJobSinks.builder()
                        .notifications("kafka", KafkaSinks.alerts(kafka))
                        .holdouts("kafka", KafkaSinks.holdouts(kafka))
                        .outcomes("kafka", KafkaSinks.outcomes(kafka))
                        .journeys("kafka", KafkaSinks.journeys(kafka))
                        .scores("kafka", KafkaSinks.scores(kafka))
                        .deadLetters("kafka", KafkaSinks.deadLetters(kafka))
                        .lateEvents("kafka", KafkaSinks.lateEvents(kafka))
                        .build();
        return new ChurnJob(
                KafkaSources.events(kafka),
                "kafka " + kafka.eventsTopic(),
                LineDecoders.json(config.maxLineChars()),
                sinks,
                config);
    }
}
