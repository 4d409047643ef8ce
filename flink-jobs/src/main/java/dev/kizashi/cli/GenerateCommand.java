package dev.kizashi.cli;

import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.LabelsCsv;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.wire.EventCodec;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kizashi generate}: the generator's stream as JSON lines plus its ground truth. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Write the generator's event stream (events.jsonl) and its ground truth"
                        + " (labels.csv: customer, churned, churn time, planted precursors).")
final class GenerateCommand implements Callable<Integer> {

    @Mixin GeneratorOptions generator;

    @Option(
            names = "--out",
            defaultValue = "out/generated",
            paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config = generator.toConfig();
        Files.createDirectories(out);
        SubscriptionGenerator gen = new SubscriptionGenerator(config);
        EventCodec codec = new EventCodec();
        long lines = 0;
        long started = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("events.jsonl"))) {
            for (Iterator<String> it = gen.lines(codec::encode); it.hasNext(); ) {
                w.write(it.next());
                w.newLine();
                lines++;
            }
        }
        LabelsCsv.write(out.resolve("labels.csv"), gen.groundTruth());
        double secs = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "wrote %,d lines (%,d malformed on purpose) for %,d customers in %.1f s:%n  %s%n  %s%n",
                lines,
                gen.badLinesEmitted(),
                config.customers(),
                secs,
                out.resolve("events.jsonl"),
                out.resolve("labels.csv"));
        return 0;
    }
}
