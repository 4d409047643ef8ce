package dev.kizashi.cli;

import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.FileReplay;
import dev.kizashi.jobs.InputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kizashi run}: the churn job embedded, over an event file or an order log ({@link
 * FileJob}), or live from Kafka until stopped ({@link LiveRun}).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the churn job embedded, over a file or live from Kafka.",
            "--events FILE: contract JSON lines, a CDNOW log or a CSV order export; alerts, scores"
                    + " and dead letters go to files in --out.",
            "--kafka BOOTSTRAP: events from a topic until stopped; alerts (exactly-once),"
                    + " held-out alerts, outcomes, journeys, scores and dead letters go to topics,"
                    + " with --es"
                    + " also into Elasticsearch. Ctrl-C or"
                    + " SIGTERM stops with a savepoint and prints the command that resumes;"
                    + " --restore latest resumes after a crash."
        })
final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--events", paramLabel = "FILE", description = "Input file (or use --kafka).")
    Path events;

    @Mixin KafkaOptions kafka;

    @Mixin EsOptions es;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description =
                    "Where checkpoints go (default: OUT/checkpoints). A live run keeps its last"
                            + " checkpoint when it crashes and puts a savepoint in DIR/savepoints"
                            + " when stopped; resume with --restore.")
    Path checkpointDir;

    @Option(
            names = "--restore",
            paramLabel = "PATH|latest",
            description =
                    "Resume a live run from this checkpoint or savepoint, or from the newest"
                            + " complete one in the checkpoint directory (latest).")
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
            description =
                    "Output directory (default: ${DEFAULT-VALUE}). A live run writes only its"
                            + " checkpoints there (OUT/checkpoints).")
    Path out;

    @Option(
            names = "--show-alerts",
            defaultValue = "20",
            description =
                    "Print this many alerts as they fire (default: ${DEFAULT-VALUE}; 0: none).")
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
                    case "auto" -> format.sortedByDefault();
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

    /** Kafka in, Kafka (and Elasticsearch through the indexer) out; runs until stopped. */
    private int runLive() throws Exception {
        return new LiveRun(
                        kafka.settings().bounded(bounded).build(),
                        es.enabled() ? es.settings() : null,
                        es.indices(),
                        es.scoreHistory,
                        es.replicas,
                        jobOptions.toConfiguration(),
                        checkpointDir != null ? checkpointDir : out.resolve("checkpoints"),
                        restore,
                        showAlerts,
                        spec.commandLine().getParseResult().originalArgs())
                .run();
    }
}
