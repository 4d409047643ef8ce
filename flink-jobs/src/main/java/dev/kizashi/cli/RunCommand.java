package dev.kizashi.cli;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.file.EventTimeSort;
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
        if (!Files.isRegularFile(events)) {
            System.err.println("kizashi run: no such file: " + events);
            return 2;
        }
        Configuration conf = jobOptions.toConfiguration();
        int maxLineChars = ChurnJobConfig.from(conf).maxLineChars();
        LineDecoder decoder = format.decoder(csvMapping, maxLineChars);
        String origin = events.getFileName().toString();
        Path input = events;
        boolean sortFirst =
                switch (sort) {
                    case "always" -> true;
                    case "never" -> false;
                    case "auto" -> format != InputFormat.jsonl;
                    default ->
                            throw new IllegalArgumentException(
                                    "--sort must be auto, always or never");
                };
        if (sortFirst) {
            Files.createDirectories(out);
            input = out.resolve("input-sorted-by-event-time.txt");
            long n = EventTimeSort.sort(events, origin, decoder, input);
            System.out.printf("kizashi: sorted %,d lines by event time into %s%n", n, input);
            decoder = EventTimeSort.originalLines(decoder);
        }
        FileSource<SourceLine> source =
                FileSource.forRecordStreamFormat(
                                new NumberedLineFormat(origin, maxLineChars),
                                new org.apache.flink.core.fs.Path(input.toAbsolutePath().toUri()))
                        .build();
        EmbeddedRun run = new EmbeddedRun(out, conf, System.out, showAlerts);
        System.out.println("kizashi: " + format + " events from " + events + " -> " + out);
        EmbeddedRun.Summary summary = run.run(source, "file " + origin, decoder, 0, 1);
        run.printSummary(summary);
        return 0;
    }
}
