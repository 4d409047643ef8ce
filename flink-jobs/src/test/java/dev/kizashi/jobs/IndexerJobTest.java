package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The indexer's graph, its configuration beside the churn job's, and its cluster arguments. */
class IndexerJobTest {
    private static final KafkaSettings KAFKA =
            KafkaSettings.builder("broker:9092")
                    .alertsTopic("a.alerts")
                    .controlTopic("a.control")
                    .scoresTopic("a.scores")
                    .outcomesTopic("a.outcomes")
                    .journeysTopic("a.journeys")
                    .deadLettersTopic("a.dead")
                    .groupId("grp")
                    .transactionalIdPrefix("tx")
                    .build();

    private static List<Transformation<?>> graph(boolean scoreHistory) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IndexerJob.create(
                        KAFKA,
                        ElasticsearchClientSettings.of("http://es:9200"),
                        new KizashiIndices("k"),
                        scoreHistory)
                .build(env);
        List<Transformation<?>> all = new ArrayList<>();
        for (Transformation<?> t : env.getTransformations()) {
            collect(t, all);
        }
        return all;
    }

    private static void collect(Transformation<?> t, List<Transformation<?>> out) {
        if (!out.contains(t)) {
            out.add(t);
            t.getInputs().forEach(i -> collect(i, out));
        }
    }

    @Test
    void everyOperatorHasAStableUidAndAName() {
        List<Transformation<?>> graph = graph(true);
        List<String> uids =
                graph.stream().map(Transformation::getUid).filter(u -> u != null).toList();
        assertThat(uids)
                .contains(
                        JobState.UID_INDEXER_ALERTS_SOURCE,
                        JobState.UID_INDEXER_CONTROL_SOURCE,
                        JobState.UID_INDEXER_SCORES_SOURCE,
                        JobState.UID_INDEXER_OUTCOMES_SOURCE,
                        JobState.UID_INDEXER_JOURNEYS_SOURCE,
                        JobState.UID_INDEXER_DECODE_ALERTS,
                        JobState.UID_INDEXER_DECODE_CONTROL,
                        JobState.UID_INDEXER_DECODE_SCORES,
                        JobState.UID_INDEXER_DECODE_OUTCOMES,
                        JobState.UID_INDEXER_DECODE_JOURNEYS,
                        JobState.UID_INDEXER_ALERTS_SINK,
                        JobState.UID_INDEXER_SCORES_SINK,
                        JobState.UID_INDEXER_OUTCOMES_SINK,
                        JobState.UID_INDEXER_JOURNEYS_SINK,
                        JobState.UID_INDEXER_SCORE_HISTORY_SINK,
                        JobState.UID_INDEXER_DEAD_LETTER_SINK)
                .doesNotHaveDuplicates()
                .allSatisfy(u -> assertThat(u).startsWith("kizashi-indexer-"));
        assertThat(graph(false).stream().map(Transformation::getUid))
                .doesNotContain(JobState.UID_INDEXER_SCORE_HISTORY_SINK);
        assertThat(graph.stream().map(Transformation::getName))
                .contains(
                        "kafka a.alerts (read_committed)",
                        "kafka a.control (read_committed)",
                        "kafka a.scores (read_committed)",
                        "kafka a.outcomes (read_committed)",
                        "outcomes (elasticsearch k-outcomes)",
                        "kafka a.journeys (read_committed)",
                        "journeys (elasticsearch k-journeys)")
                .anySatisfy(n -> assertThat(n).startsWith("dead letters (kafka a.dead"));
    }

    @Test
    void itsOwnConsumerGroupAndTransactionalIdsBesideTheChurnJobs() {
        KafkaSettings own = IndexerJob.indexerKafka(KAFKA);
        assertThat(own.groupId()).isEqualTo("grp-indexer");
        assertThat(own.transactionalIdPrefix()).isEqualTo("tx-indexer");
        assertThat(own.alertsTopic()).isEqualTo("a.alerts");
        assertThat(own.deadLettersTopic()).isEqualTo("a.dead");
    }

    @Test
    void itsOwnCheckpointsWithoutTheChurnJobsRestorePathOrRocksDb() {
        Configuration live = new Configuration();
        live.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///tmp/out/checkpoints/");
        live.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///tmp/out/checkpoints/x/chk-7");
        live.set(KizashiOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        Configuration c = IndexerJob.configuration(live);
        assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///tmp/out/checkpoints/indexer");
        assertThat(c.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
        assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(c.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isFalse();
        assertThat(c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(1));
        // the churn job's configuration is left as it was
        assertThat(live.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isTrue();
    }

    @Test
    void clusterArgumentsAreThoseOfKizashiRun() {
        IndexerJob.Launch l =
                IndexerJob.fromArgs(
                        new String[] {
                            "--kafka", "b1:9092,b2:9092",
                            "--es", "https://es1:9200,https://es2:9200",
                            "--alerts-topic", "p.alerts",
                            "--control-topic", "p.control",
                            "--outcomes-topic", "p.outcomes",
                            "--journeys-topic", "p.journeys",
                            "--scores-topic", "p.scores",
                            "--dead-letters-topic", "p.dead",
                            "--group-id", "g",
                            "--transactional-id-prefix", "prod",
                            "--sasl-mechanism", "SCRAM-SHA-512",
                            "--sasl-username", "kizashi",
                            "--es-index-prefix", "churn",
                            "--es-replicas", "1",
                            "--es-score-history"
                        },
                        Map.of("KIZASHI_KAFKA_PASSWORD", "s3cret"));
        KafkaSettings k = l.job().kafka();
        assertThat(k.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(k.alertsTopic()).isEqualTo("p.alerts");
        assertThat(k.controlTopic()).isEqualTo("p.control");
        assertThat(k.outcomesTopic()).isEqualTo("p.outcomes");
        assertThat(k.journeysTopic()).isEqualTo("p.journeys");
        assertThat(k.scoresTopic()).isEqualTo("p.scores");
        assertThat(k.deadLettersTopic()).isEqualTo("p.dead");
        assertThat(IndexerJob.indexerKafka(k).groupId()).isEqualTo("g-indexer");
        assertThat(IndexerJob.indexerKafka(k).transactionalIdPrefix()).isEqualTo("prod-indexer");
        assertThat(k.securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(k.clientProperties().getProperty("sasl.jaas.config")).contains("s3cret");
        assertThat(l.job().elasticsearch().hosts())
                .containsExactly("https://es1:9200", "https://es2:9200");
        assertThat(l.job().indices().prefix()).isEqualTo("churn");
        assertThat(l.job().scoreHistory()).isTrue();
        assertThat(l.replicas()).isEqualTo(1);

        IndexerJob.Launch defaults =
                IndexerJob.fromArgs(
                        new String[] {"--kafka", "b:9092", "--es", "http://e:9200"}, Map.of());
        assertThat(defaults.job().kafka().alertsTopic())
                .isEqualTo(KafkaSettings.DEFAULT_ALERTS_TOPIC);
        assertThat(defaults.job().kafka().controlTopic())
                .isEqualTo(KafkaSettings.DEFAULT_CONTROL_TOPIC);
        assertThat(defaults.job().kafka().outcomesTopic())
                .isEqualTo(KafkaSettings.DEFAULT_OUTCOMES_TOPIC);
        assertThat(defaults.job().indices().prefix()).isEqualTo(KizashiIndices.DEFAULT_PREFIX);
        assertThat(defaults.job().scoreHistory()).isFalse();
        assertThat(defaults.replicas()).isZero();
        assertThatThrownBy(() -> IndexerJob.fromArgs(new String[] {"--kafka", "b:9092"}, Map.of()))
                .hasMessageContaining("es");
    }
}
