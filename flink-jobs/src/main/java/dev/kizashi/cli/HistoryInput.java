package dev.kizashi.cli;

import dev.kizashi.jobs.InputFormat;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The history file and its format, shared by {@code fit} and {@code evaluate}. */
final class HistoryInput {
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
                    "Columns of a CSV order export, as for `run` (default: ${DEFAULT-VALUE}).")
    String csvMapping;
}
