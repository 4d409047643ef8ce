package dev.kizashi.cli;

import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaTopics;
import dev.kizashi.jobs.ChurnJob;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.Environments;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.FileReplay;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.jobs.KizashiOptions;
import dev.kizashi.jobs.LiveJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kizashi run}: the churn job over an event file or an order log. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Run the churn job embedded over a file: contract JSON lines, a CDNOW log or a"
                        + " CSV order export.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--events", paramLabel = "FILE", description = "Input file (or use --kafka).")
    Path events;

    @Mixin KafkaOptions kafka;

    @Mixin EsOptions es;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description =
                    "Where checkpoints go (default: OUT/checkpoints). A live run keeps its last"
                            + " checkpoint when stopped; resume with --restore.")
    Path checkpointDir;

    @Option(
            names = "--restore",
            paramLabel = "PATH",
            description = "Resume a live run from this checkpoint or savepoint.")
    String restore;

    @Option(
            names = "--bounded",
            description = "Live run: stop at the Kafka offsets that are latest at start.")
    boolean bounded;

    @Option(
            names = "--format",
            defaultValue = "jsonl",
            description = "jsonl | cdnow | csv (default: ${DEFAULT-VALUE}).")
    InputFormat format;

    @Option(
            names = "--csv-mapping",
            defaultValue = "customer=0,date=1,amount=2,header=true,format=iso",
            paramLabel = "SPEC",
            description =
                    "Columns of a CSV order export (--format csv): key=value pairs customer,"
                            + " date, amount (index or header name, amount=none), format"
                            + " (java.time pattern, iso, epoch-ms, epoch-s), currency, header,"
                            + " delimiter. Default: ${DEFAULT-VALUE}.")
    String csvMapping;

    @Option(
            names = "--sort",
            defaultValue = "auto",
            description =
                    "Sort the file by event time before the replay: auto (cdnow and csv, which"
                            + " are often sorted by customer), always, never (default:"
                            + " ${DEFAULT-VALUE}).")
    String sort;

    @Option(
            names = "--out",
            defaultValue = "out/run",
            paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--show-alerts",
            defaultValue = "20",
            description = "Print this many alerts as they fire (default: ${DEFAULT-VALUE}).")
    long showAlerts;

    @Mixin JobOptions jobOptions;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrap != null) {
            if (events != null) {
                System.err.println("kizashi run: give --events FILE or --kafka, not both");
                return 2;
            }
            return runLive();
        }
        if (es.enabled()) {
            System.err.println("kizashi run: --es needs --kafka (a file run writes files)");
            return 2;
        }
        if (events == null) {
            System.err.println("kizashi run: give --events FILE or --kafka BOOTSTRAP");
            return 2;
        }
        if (!Files.isRegularFile(events)) {
            System.err.println("kizashi run: no such file: " + events);
            return 2;
        }
        Configuration conf = jobOptions.toConfiguration();
        int maxLineChars = ChurnJobConfig.from(conf).maxLineChars();
        boolean sortFirst =
                switch (sort) {
                    case "always" -> true;
                    case "never" -> false;
                    case "auto" -> format != InputFormat.jsonl;
                    default ->
                            throw new IllegalArgumentException(
                                    "--sort must be auto, always or never");
                };
        FileReplay replay =
                FileReplay.prepare(
                        events, format, csvMapping, maxLineChars, sortFirst, out, System.out);
        FileJob run = new FileJob(out, conf, System.out, showAlerts);
        System.out.println("kizashi: " + format + " events from " + events + " -> " + out);
        FileJob.Summary summary =
                run.run(replay.source(), "file " + replay.origin(), replay.decoder(), 0, 1);
        run.printSummary(summary);
        return 0;
    }

    /** Kafka in, Kafka and Elasticsearch out; runs until stopped (or to the latest offsets). */
    private int runLive() throws Exception {
        Configuration conf = jobOptions.toConfiguration();
        if (!conf.containsKey(KizashiOptions.CHECKPOINT_INTERVAL.key())) {
            // Exactly-once Kafka output becomes visible when a checkpoint commits it.
            conf.set(KizashiOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        }
        Path dir = checkpointDir != null ? checkpointDir : out.resolve("checkpoints");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.toAbsolutePath().toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restore != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
        }
        ChurnJobConfig jobConfig = ChurnJobConfig.from(conf);
        KafkaSettings settings = kafka.settings().bounded(bounded).build();
        try (Admin admin = Admin.create(settings.clientProperties())) {
            List<String> created = KafkaTopics.create(admin, settings, 2, (short) 1);
            if (!created.isEmpty()) {
                System.out.println("kizashi: created topics " + created);
            }
        }
        ElasticsearchClientSettings esSettings = null;
        if (es.enabled()) {
            esSettings = es.settings();
            LiveJob.prepareElasticsearch(esSettings, es.indices(), es.replicas)
                    .forEach(step -> System.out.println("kizashi: elasticsearch " + step));
        }
        ChurnJob job =
                LiveJob.create(settings, esSettings, es.indices(), es.scoreHistory, jobConfig);
        System.out.printf(
                "kizashi: live run: events from %s/%s -> alerts %s%s (checkpoints every %s in %s)%n",
                settings.bootstrapServers(),
                settings.eventsTopic(),
                settings.alertsTopic(),
                esSettings != null ? " and " + es.url : "",
                jobConfig.checkpointInterval(),
                dir);
        job.execute(Environments.create(conf, jobConfig), "kizashi churn detector (kafka)");
        return 0;
    }
}
