package dev.kizashi.cli;

import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.source.GeneratorLineSource;
import dev.kizashi.evaluate.ClosedLoop;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.LabelsCsv;
import dev.kizashi.generator.RetentionPolicy;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.FileJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kizashi demo}: the whole detector on generated customers, no servers needed. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the churn job embedded (Flink MiniCluster, RocksDB) on the built-in generator"
                        + " of subscription customers; print alerts as they fire and a summary."
                        + " Then a simulated business acts on the alerts it was sent (calls for"
                        + " the call center's, messages for the rest; the control group gets"
                        + " nothing), the world is played again with those actions, and the"
                        + " demo ends with the effect table beside the simulated truth.")
final class DemoCommand implements Callable<Integer> {

    @Mixin GeneratorOptions generator;

    @Option(
            names = "--out",
            defaultValue = "out/demo",
            paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--show-alerts",
            defaultValue = "25",
            description = "Print this many alerts as they fire (default: ${DEFAULT-VALUE}).")
    long showAlerts;

    @Option(
            names = "--no-response",
            description = "Skip the simulated business and its effect table: one run only.")
    boolean noResponse;

    @Option(
            names = "--effect-scale",
            defaultValue = "1.0",
            description =
                    "Multiplies the simulated actions' true effects (0: actions do nothing;"
                            + " default: ${DEFAULT-VALUE}).")
    double effectScale;

    @Mixin JobOptions jobOptions;

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config = generator.toConfig();
        Configuration conf = jobOptions.toConfiguration();
        System.out.printf(
                Locale.ROOT,
                "kizashi demo: %,d customers over %d days (seed %d) -> %s%n",
                config.customers(),
                config.days(),
                config.seed(),
                out);
        Files.createDirectories(out);
        if (!noResponse) {
            RetentionPolicy policy = new RetentionPolicy(effectScale);
            ClosedLoop.Result r =
                    ClosedLoop.run(
                            config, policy, conf, out.resolve("loop"), out, System.out, showAlerts);
            ClosedLoop.printEffect(System.out, r, 0.95);
            return 0;
        }
        long lines = GeneratorLineSource.countLines(config);
        LabelsCsv.write(out.resolve("labels.csv"), new SubscriptionGenerator(config).groundTruth());
        FileJob run = new FileJob(out, conf, System.out, showAlerts);
        FileJob.Summary summary =
                run.run(
                        GeneratorLineSource.create(config, lines),
                        "generator",
                        LineDecoders.json(ChurnJobConfig.from(conf).maxLineChars()),
                        lines,
                        1);
        run.printSummary(summary);
        System.out.println("    " + out.resolve("labels.csv") + "  (the generator's ground truth)");
        return 0;
    }
}
