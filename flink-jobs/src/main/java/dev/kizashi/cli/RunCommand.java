package dev.kizashi.cli;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.file.NumberedLineFormat;
import dev.kizashi.jobs.ChurnJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
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

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "Input file.")
    Path events;

    @Option(
            names = "--format",
            defaultValue = "jsonl",
            description = "jsonl | cdnow | csv (default: ${DEFAULT-VALUE}).")
    InputFormat format;

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
        if (!Files.isRegularFile(events)) {
            System.err.println("kizashi run: no such file: " + events);
            return 2;
        }
        Configuration conf = jobOptions.toConfiguration();
        int maxLineChars = ChurnJobConfig.from(conf).maxLineChars();
        LineDecoder decoder = format.decoder(maxLineChars);
        String origin = events.getFileName().toString();
        FileSource<SourceLine> source =
                FileSource.forRecordStreamFormat(
                                new NumberedLineFormat(origin, maxLineChars),
                                new org.apache.flink.core.fs.Path(events.toAbsolutePath().toUri()))
                        .build();
        EmbeddedRun run = new EmbeddedRun(out, conf, System.out, showAlerts);
        System.out.println("kizashi: " + format + " events from " + events + " -> " + out);
        EmbeddedRun.Summary summary = run.run(source, "file " + origin, decoder, 0, 1);
        run.printSummary(summary);
        return 0;
    }
}
