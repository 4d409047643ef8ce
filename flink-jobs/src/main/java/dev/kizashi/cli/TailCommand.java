package dev.kizashi.cli;

import dev.kizashi.connectors.kafka.AlertFeed;
import dev.kizashi.connectors.kafka.KafkaSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kizashi tail alerts}: the notification topic as a call-center feed. */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description =
                "Print the alert notification topic as a call-center feed (read_committed, one line"
                        + " per alert) until interrupted.")
final class TailCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "What to tail: alerts.", defaultValue = "alerts")
    String what;

    @Mixin KafkaConnectionOptions kafka;

    @Option(
            names = "--alerts-topic",
            defaultValue = KafkaSettings.DEFAULT_ALERTS_TOPIC,
            description = "Alert notification topic (default: ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(names = "--from-beginning", description = "Start at the oldest alert, not the newest.")
    boolean fromBeginning;

    @Override
    public Integer call() {
        if (!"alerts".equals(what) || kafka.bootstrap == null) {
            System.err.println("kizashi tail: usage: kizashi tail alerts --kafka BOOTSTRAP");
            return 2;
        }
        try (AlertFeed feed =
                new AlertFeed(kafka.settings().alertsTopic(alertsTopic).build(), fromBeginning)) {
            feed.run(System.out::println, () -> Thread.currentThread().isInterrupted());
        }
        return 0;
    }
}
