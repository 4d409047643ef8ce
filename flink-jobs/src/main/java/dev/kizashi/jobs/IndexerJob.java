package dev.kizashi.jobs;

import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.elasticsearch.BackoffPolicy;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.ElasticsearchSetup;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.elasticsearch.TopicDocument;
import dev.kizashi.connectors.elasticsearch.TopicDocuments;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaSinks;
import dev.kizashi.connectors.kafka.KafkaSources;
import dev.kizashi.wire.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ParameterTool;

/**
 * Indexes the churn job's committed output into Elasticsearch, as a job of its own (as Kafka
 * Connect would): the alerts, control, scores, outcomes and journeys topics, read with {@code
 * isolation.level=read_committed}, into the alerts indices (id = alertId; the treated alerts and
 * the held-out ones, flagged {@code holdout: true}), the scores index (one document per customer,
 * the newest {@code asOf} wins), optionally the score history, and the outcomes index (one document
 * per episode, id = episodeId) and the journeys indices (id = {@code JourneyRecord.documentId}).
 *
 * <pre>
 * kafka alerts  (read_committed) -> decode alerts   -+-> elasticsearch &lt;prefix&gt;-alerts-YYYY.MM
 * kafka control (read_committed) -> decode held out -+
 * kafka scores  (read_committed) -> decode scores   -> elasticsearch &lt;prefix&gt;-scores [+ history]
 * kafka outcomes (read_committed) -> decode outcomes -> elasticsearch &lt;prefix&gt;-outcomes
 * kafka journeys (read_committed) -> decode journeys -> elasticsearch &lt;prefix&gt;-journeys-YYYY.MM
 *                          records that cannot be indexed -> kafka dead-letter topic
 * </pre>
 *
 * <p><b>Why a job of its own.</b> The churn job commits its Kafka transactions when a checkpoint
 * completes, and an Elasticsearch sink flushes inside the checkpoint: in one job, an Elasticsearch
 * outage held every checkpoint and so the call-center feed (53 s down, 53 s without an alert). Here
 * an outage only holds this job's checkpoints; the churn job keeps committing alerts every
 * checkpoint interval.
 *
 * <p><b>Nothing lost, nothing doubled.</b> The sink retries with backoff (100 ms doubling to 5 s)
 * and backpressures this job's Kafka source while Elasticsearch is away; it flushes on every
 * checkpoint, so a completed checkpoint means every record before its offsets is indexed, and the
 * source commits those offsets to its consumer group ({@code <groupId>-indexer}) only then. Every
 * document has a deterministic id (alertId; customerId with {@code asOf} as external version;
 * customerId:asOf in the history; episodeId; customer, kind and delivery or time), so the
 * at-least-once replay after a restart rewrites the same documents and Elasticsearch converges to
 * exactly the set on the topics. A restart needs no restore path: without a checkpoint the sources
 * start from the group's committed offsets (or the earliest); restoring the indexer's own
 * checkpoint also makes its dead letters exactly-once. The documents are indexed as they stand on
 * the topic, byte for byte; a record Elasticsearch would reject (not JSON, a field the strict
 * template does not know, a value of the wrong type) goes to the dead-letter topic with a reason
 * ({@link TopicDocuments}), counted in the {@code deadLetters} metric, instead of failing the job.
 *
 * <p><b>API for a launcher.</b> Beside a running churn job:
 *
 * <pre>{@code
 * IndexerJob.prepareElasticsearch(es, indices, replicas);          // templates, idempotent
 * StreamExecutionEnvironment env = IndexerJob.environment(liveConf); // own checkpoints
 * JobClient indexer = IndexerJob.submit(env, kafka, es, indices, scoreHistory);
 * }</pre>
 *
 * {@code kafka} is the churn job's own {@link KafkaSettings} (its topics, group id and
 * transactional id prefix; the indexer derives its own group {@code <groupId>-indexer} and prefix
 * {@code <prefix>-indexer} from them, see {@link #indexerKafka}). {@link #environment} / {@link
 * #configuration} derive the indexer's configuration from the churn job's: the same checkpoint
 * interval, checkpoints under {@code <checkpoint dir>/indexer}, the heap state backend (its state
 * is a few offsets) and without the churn job's restore path. {@link #create} returns the job for
 * finer control ({@link #bounded}, {@link #build}, {@link #execute}, {@link #executeAsync}).
 *
 * <p><b>On a Flink cluster</b> the indexer is submitted on its own with this class as the entry
 * point ({@link #main}):
 *
 * <pre>
 * flink run -c dev.kizashi.jobs.IndexerJob kizashi-job.jar --kafka broker:9092 \
 *     --es https://es:9200 [--alerts-topic T] [--control-topic T] [--scores-topic T] \
 *     [--outcomes-topic T] [--journeys-topic T] [--dead-letters-topic T] [--group-id G] \
 *     [--transactional-id-prefix P] [--security-protocol P] [--sasl-mechanism M] \
 *     [--sasl-username U] [--ssl-truststore PATH] [--es-index-prefix P] [--es-replicas N] \
 *     [--es-score-history]
 * </pre>
 *
 * with the same option names (and the same secrets from the environment) as {@code kizashi run}.
 * Every topic it reads must exist ({@code kizashi run} creates them, {@link
 * dev.kizashi.connectors.kafka.KafkaTopics#create}).
 */
public final class IndexerJob {
    /** The job's name in Flink's UI and logs. */
    public static final String JOB_NAME = "kizashi indexer (kafka -> elasticsearch)";

    /** Suffix of the indexer's consumer group and transactional id prefix. */
    public static final String SUFFIX = "-indexer";

    /** The checkpoint subdirectory of the indexer under the churn job's checkpoint directory. */
    public static final String CHECKPOINT_SUBDIR = "indexer";

    /**
     * Retries every 5 s at most: the analytics store catches up within seconds of coming back. It
     * gives up (the job fails over and starts again from its last checkpoint) after 10 minutes.
     */
    public static final BackoffPolicy BACKOFF =
            BackoffPolicy.of(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(10));

    private final KafkaSettings kafka;
    private final ElasticsearchClientSettings es;
    private final KizashiIndices indices;
    private final boolean scoreHistory;
    private boolean bounded;

    private IndexerJob(
            KafkaSettings kafka,
            ElasticsearchClientSettings es,
            KizashiIndices indices,
            boolean scoreHistory) {
        this.kafka = kafka;
        this.es = es;
        this.indices = indices;
        this.scoreHistory = scoreHistory;
    }

    /**
     * @param kafka the churn job's settings: the topics to read and the dead-letter topic
     * @param es where to index
     * @param indices the index names
     * @param scoreHistory also keep every score change in the score-history indices
     */
    public static IndexerJob create(
            KafkaSettings kafka,
            ElasticsearchClientSettings es,
            KizashiIndices indices,
            boolean scoreHistory) {
        if (kafka == null || es == null || indices == null) {
            throw new IllegalArgumentException(
                    "the indexer needs Kafka, Elasticsearch and indices");
        }
        return new IndexerJob(kafka, es, indices, scoreHistory);
    }

    /** The churn job's Kafka settings this indexer reads. */
    public KafkaSettings kafka() {
        return kafka;
    }

    public ElasticsearchClientSettings elasticsearch() {
        return es;
    }

    public KizashiIndices indices() {
        return indices;
    }

    public boolean scoreHistory() {
        return scoreHistory;
    }

    /** Builds the indexer on {@code env} and starts it; returns at once. */
    public static JobClient submit(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            ElasticsearchClientSettings es,
            KizashiIndices indices,
            boolean scoreHistory)
            throws Exception {
        return create(kafka, es, indices, scoreHistory).executeAsync(env);
    }

    /**
     * Stop at the offsets that are committed when the indexer starts (e.g. after a bounded churn
     * run has finished) instead of running until cancelled.
     */
    public IndexerJob bounded(boolean stopAtCommittedEnd) {
        this.bounded = stopAtCommittedEnd;
        return this;
    }

    /**
     * The indexer's Kafka settings: the churn job's, with the consumer group {@code
     * <groupId>-indexer} and the transactional id prefix {@code <prefix>-indexer} (so its
     * dead-letter transactions never fence the churn job's).
     */
    public static KafkaSettings indexerKafka(KafkaSettings kafka) {
        return kafka.toBuilder()
                .groupId(kafka.groupId() + SUFFIX)
                .transactionalIdPrefix(kafka.transactionalIdPrefix() + SUFFIX)
                .build();
    }

    /** Installs the index templates and the scores index; safe to run on every start. */
    public static List<String> prepareElasticsearch(
            ElasticsearchClientSettings es, KizashiIndices indices, int replicas) {
        return ElasticsearchSetup.install(es, replicas, indices);
    }

    /**
     * The indexer's configuration derived from the churn job's {@code liveConf}: the same
     * checkpoint interval and cluster settings, checkpoints in {@code <checkpoint dir>/indexer},
     * the heap state backend without the changelog (the state is a few offsets and open
     * transactions), and no restore path (the churn job's checkpoint is not the indexer's; it
     * resumes from its consumer group's offsets). Put {@code execution.state-recovery.path} back to
     * restore the indexer's own checkpoint.
     */
    public static Configuration configuration(Configuration liveConf) {
        Configuration c = new Configuration(liveConf);
        c.removeConfig(StateRecoveryOptions.SAVEPOINT_PATH);
        c.set(KizashiOptions.CHECKPOINT_CHANGELOG, false);
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        String dir = liveConf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        if (dir != null) {
            c.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    dir.replaceAll("/+$", "") + "/" + CHECKPOINT_SUBDIR);
        }
        return Environments.withJobDefaults(c, ChurnJobConfig.from(c));
    }

    /** An environment with {@link #configuration} ({@code flink run}'s on a cluster). */
    public static StreamExecutionEnvironment environment(Configuration liveConf) {
        return StreamExecutionEnvironment.getExecutionEnvironment(configuration(liveConf));
    }

    /** Adds the indexer's sources, decoders and sinks to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        KafkaSettings own = indexerKafka(kafka);
        SingleOutputStreamOperator<TopicDocument> alerts =
                decode(
                        env,
                        own,
                        kafka.alertsTopic(),
                        TopicDocuments.Kind.ALERT,
                        JobState.UID_INDEXER_ALERTS_SOURCE,
                        JobState.UID_INDEXER_DECODE_ALERTS,
                        "alerts");
        // The control group's alerts are alert documents (holdout: true): the same indices, so
        // the dashboards and the effect measurement see treated and held-out episodes side by side.
        SingleOutputStreamOperator<TopicDocument> heldOut =
                decode(
                        env,
                        own,
                        kafka.controlTopic(),
                        TopicDocuments.Kind.ALERT,
                        JobState.UID_INDEXER_CONTROL_SOURCE,
                        JobState.UID_INDEXER_DECODE_CONTROL,
                        "held-out alerts");
        SingleOutputStreamOperator<TopicDocument> scores =
                decode(
                        env,
                        own,
                        kafka.scoresTopic(),
                        TopicDocuments.Kind.SCORE,
                        JobState.UID_INDEXER_SCORES_SOURCE,
                        JobState.UID_INDEXER_DECODE_SCORES,
                        "scores");
        SingleOutputStreamOperator<TopicDocument> outcomes =
                decode(
                        env,
                        own,
                        kafka.outcomesTopic(),
                        TopicDocuments.Kind.OUTCOME,
                        JobState.UID_INDEXER_OUTCOMES_SOURCE,
                        JobState.UID_INDEXER_DECODE_OUTCOMES,
                        "outcomes");
        SingleOutputStreamOperator<TopicDocument> journeys =
                decode(
                        env,
                        own,
                        kafka.journeysTopic(),
                        TopicDocuments.Kind.JOURNEY,
                        JobState.UID_INDEXER_JOURNEYS_SOURCE,
                        JobState.UID_INDEXER_DECODE_JOURNEYS,
                        "journeys");

        alerts.union(heldOut)
                .sinkTo(indices.alertDocumentsSink(es).backoff(BACKOFF).build())
                .uid(JobState.UID_INDEXER_ALERTS_SINK)
                .name("alerts (elasticsearch " + indices.alertsAlias() + ")");
        scores.sinkTo(indices.scoreDocumentsSink(es).backoff(BACKOFF).build())
                .uid(JobState.UID_INDEXER_SCORES_SINK)
                .name("scores (elasticsearch " + indices.scoresIndex() + ")");
        if (scoreHistory) {
            scores.sinkTo(indices.scoreHistoryDocumentsSink(es).backoff(BACKOFF).build())
                    .uid(JobState.UID_INDEXER_SCORE_HISTORY_SINK)
                    .name("score history (elasticsearch " + indices.scoreHistoryAlias() + ")");
        }
        outcomes.sinkTo(indices.outcomeDocumentsSink(es).backoff(BACKOFF).build())
                .uid(JobState.UID_INDEXER_OUTCOMES_SINK)
                .name("outcomes (elasticsearch " + indices.outcomesIndex() + ")");
        journeys.sinkTo(indices.journeyDocumentsSink(es).backoff(BACKOFF).build())
                .uid(JobState.UID_INDEXER_JOURNEYS_SINK)
                .name("journeys (elasticsearch " + indices.journeysAlias() + ")");

        deadLetters(alerts)
                .union(
                        deadLetters(heldOut),
                        deadLetters(scores),
                        deadLetters(outcomes),
                        deadLetters(journeys))
                .sinkTo(KafkaSinks.deadLetters(own))
                .uid(JobState.UID_INDEXER_DEAD_LETTER_SINK)
                .name("dead letters (kafka " + kafka.deadLettersTopic() + ")");
    }

    /** One topic's committed records, decoded: documents, and dead letters on the side. */
    private SingleOutputStreamOperator<TopicDocument> decode(
            StreamExecutionEnvironment env,
            KafkaSettings own,
            String topic,
            TopicDocuments.Kind kind,
            String sourceUid,
            String decodeUid,
            String what) {
        String sourceName = "kafka " + topic + " (read_committed)";
        return env.fromSource(
                        KafkaSources.committedOutput(own, topic, own.groupId(), bounded),
                        WatermarkStrategy.noWatermarks(),
                        sourceName,
                        TypeInformation.of(SourceLine.class))
                .uid(sourceUid)
                .name(sourceName)
                .process(new Decode(kind), TypeInformation.of(TopicDocument.class))
                .uid(decodeUid)
                .name("decode " + what);
    }

    private static DataStream<DeadLetter> deadLetters(
            SingleOutputStreamOperator<TopicDocument> decoded) {
        return decoded.getSideOutput(JobState.DEAD_LETTERS);
    }

    /** Builds the indexer on {@code env} and starts it; returns at once. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(JOB_NAME);
    }

    /** Builds the indexer on {@code env} and runs it; returns when a {@link #bounded} run ends. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(JOB_NAME);
    }

    /**
     * Submits the indexer on its own (e.g. {@code flink run -c dev.kizashi.jobs.IndexerJob
     * kizashi-job.jar --kafka ... --es ...}): the options of the class comment, secrets from the
     * environment as for {@code kizashi run}, everything else from the cluster's configuration
     * ({@code -D} of {@code flink run}, e.g. {@code -Dkizashi.checkpoint.interval=1s}); checkpoints
     * go to {@code <execution.checkpointing.dir>/indexer}.
     */
    public static void main(String[] args) throws Exception {
        Launch launch = fromArgs(args, System.getenv());
        prepareElasticsearch(launch.job().es, launch.job().indices, launch.replicas());
        // the cluster's (and flink run -D's) configuration, e.g. execution.checkpointing.dir
        Configuration cluster =
                Configuration.fromMap(
                        StreamExecutionEnvironment.getExecutionEnvironment()
                                .getConfiguration()
                                .toMap());
        launch.job().execute(environment(cluster));
    }

    /** The indexer {@link #main} runs and the replica count of its indices. */
    record Launch(IndexerJob job, int replicas) {}

    /** Reads {@link #main}'s options; secrets from {@code env}. */
    static Launch fromArgs(String[] args, Map<String, String> env) {
        ParameterTool p = ParameterTool.fromArgs(args);
        KafkaSettings.Builder kb =
                KafkaSettings.builder(p.getRequired("kafka"))
                        .alertsTopic(p.get("alerts-topic", KafkaSettings.DEFAULT_ALERTS_TOPIC))
                        .controlTopic(p.get("control-topic", KafkaSettings.DEFAULT_CONTROL_TOPIC))
                        .scoresTopic(p.get("scores-topic", KafkaSettings.DEFAULT_SCORES_TOPIC))
                        .outcomesTopic(
                                p.get("outcomes-topic", KafkaSettings.DEFAULT_OUTCOMES_TOPIC))
                        .journeysTopic(
                                p.get("journeys-topic", KafkaSettings.DEFAULT_JOURNEYS_TOPIC))
                        .deadLettersTopic(
                                p.get(
                                        "dead-letters-topic",
                                        KafkaSettings.DEFAULT_DEAD_LETTERS_TOPIC))
                        .groupId(p.get("group-id", KafkaSettings.DEFAULT_GROUP_ID))
                        .transactionalIdPrefix(
                                p.get(
                                        "transactional-id-prefix",
                                        KafkaSettings.DEFAULT_TRANSACTIONAL_ID_PREFIX));
        if (p.has("security-protocol")) {
            kb.securityProtocol(p.get("security-protocol"));
        }
        if (p.has("sasl-mechanism")) {
            kb.sasl(
                    KafkaSettings.SaslMechanism.parse(p.get("sasl-mechanism")),
                    p.getRequired("sasl-username"),
                    null);
        }
        if (p.has("ssl-truststore")) {
            kb.sslTruststore(p.get("ssl-truststore"), null);
        }
        KafkaSettings kafka = kb.secretsFromEnvironment(env).build();
        ElasticsearchClientSettings es =
                ElasticsearchClientSettings.builder()
                        .hosts(p.getRequired("es").split(","))
                        .credentialsFromEnvironment(env)
                        .build();
        KizashiIndices indices =
                new KizashiIndices(p.get("es-index-prefix", KizashiIndices.DEFAULT_PREFIX));
        return new Launch(
                create(kafka, es, indices, p.has("es-score-history")), p.getInt("es-replicas", 0));
    }

    /**
     * Decodes one topic's records: a document Elasticsearch will take goes on, anything else to the
     * dead-letter output with its reason, counted in {@code deadLetters}.
     */
    static final class Decode extends ProcessFunction<SourceLine, TopicDocument> {
        private static final long serialVersionUID = 1L;

        private final TopicDocuments.Kind kind;
        private transient Counter documents;
        private transient Counter deadLetters;

        Decode(TopicDocuments.Kind kind) {
            this.kind = kind;
        }

        @Override
        public void open(OpenContext openContext) {
            documents = getRuntimeContext().getMetricGroup().counter("documents");
            deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        }

        @Override
        public void processElement(SourceLine line, Context ctx, Collector<TopicDocument> out) {
            TopicDocuments.Decoded d = TopicDocuments.decode(kind, line);
            if (d.isOk()) {
                documents.inc();
                out.collect(d.document());
            } else {
                deadLetters.inc();
                ctx.output(JobState.DEAD_LETTERS, d.deadLetter());
            }
        }
    }
}
