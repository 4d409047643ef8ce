package dev.kizashi.cli;

import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.World;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The built-in generator's options, shared by {@code demo} and {@code generate}. */
final class GeneratorOptions {
    @Option(
            names = "--customers",
            defaultValue = "2000",
            description = "Number of customers (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(
            names = "--days",
            defaultValue = "180",
            description = "Days of activity to generate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Random seed; the same seed gives the same stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--start",
            defaultValue = "2026-01-01T00:00:00Z",
            description = "Event time of the first day (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(
            names = "--bad-line-rate",
            defaultValue = "0.001",
            description =
                    "Share of malformed lines mixed in, to show the dead-letter output"
                            + " (default: ${DEFAULT-VALUE}).")
    double badLineRate;

    @Option(
            names = "--world",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Which business to simulate, 0 .. 9 (docs/worlds.md); 0 is the original"
                            + " generator (default: ${DEFAULT-VALUE}).")
    int world;

    GeneratorConfig toConfig() {
        return new GeneratorConfig(customers, days, seed, start, badLineRate, World.of(world));
    }
}
