package dev.kizashi.jobs;

import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.ElasticsearchSetup;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaSinks;
import dev.kizashi.connectors.kafka.KafkaSources;
import java.util.List;

/**
 * The production wiring: events from Kafka; alerts to the notification topic (exactly-once,
 * transactions committed on checkpoints) and to Elasticsearch (id = alertId); scores to the
 * compacted scores topic and upserted into Elasticsearch (one document per customer, optionally a
 * history index); dead letters and late events to the dead-letter topic.
 */
public final class LiveJob {
    private LiveJob() {}

    /**
     * @param es where alerts and scores are indexed, or null for Kafka only
     * @param scoreHistory also keep every score change in the score-history indices
     */
    public static ChurnJob create(
            KafkaSettings kafka,
            ElasticsearchClientSettings es,
            KizashiIndices indices,
            boolean scoreHistory,
            ChurnJobConfig config) {
        ChurnJobSinks.Builder sinks =
                ChurnJobSinks.builder()
                        .alerts("kafka", KafkaSinks.alerts(kafka))
                        .scores("kafka", KafkaSinks.scores(kafka))
                        .deadLetters("kafka", KafkaSinks.deadLetters(kafka))
                        .lateEvents("kafka", KafkaSinks.lateEvents(kafka));
        if (es != null) {
            sinks.alertsInOwnTask("elasticsearch", indices.alertsSink(es).build());
            sinks.scoresInOwnTask("elasticsearch", indices.scoresSink(es).build());
            if (scoreHistory) {
                sinks.scoresInOwnTask(
                        "elasticsearch-history", indices.scoreHistorySink(es).build());
            }
        }
        return new ChurnJob(
                KafkaSources.events(kafka),
                "kafka " + kafka.eventsTopic(),
                LineDecoders.json(config.maxLineChars()),
                sinks.build(),
                config);
    }

    /** Installs the index templates and first indices; safe to run on every start. */
    public static List<String> prepareElasticsearch(
            ElasticsearchClientSettings es, KizashiIndices indices, int replicas) {
        return ElasticsearchSetup.install(es, replicas, indices);
    }
}
