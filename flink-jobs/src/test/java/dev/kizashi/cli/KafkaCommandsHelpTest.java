package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kafka commands' {@code --help} lists only the options the command uses: {@code produce} and
 * {@code tail} take the connection and the one topic they read or write, {@code run} the job's
 * topics, consumer group, starting offsets and transactional id prefix as well.
 */
class KafkaCommandsHelpTest {
    private static final Pattern OPTION_LINE = Pattern.compile("^\\s+(?:-\\w, )?(--[a-z][\\w-]*)");

    private static final Set<String> CONNECTION =
            Set.of(
                    "--kafka",
                    "--security-protocol",
                    "--sasl-mechanism",
                    "--sasl-username",
                    "--ssl-truststore");

    /** Only the live job reads or writes these. */
    private static final Set<String> JOB_ONLY =
            Set.of(
                    "--scores-topic",
                    "--dead-letters-topic",
                    "--control-topic",
                    "--outcomes-topic",
                    "--group-id",
                    "--starting-offsets",
                    "--transactional-id-prefix");

    /** The long option names in the option list of {@code kizashi COMMAND --help}. */
    private static Set<String> listedOptions(String command) {
        CliRun.Result r = CliRun.kizashi(command, "--help");
        assertThat(r.code()).as(r.err()).isZero();
        Set<String> names = new LinkedHashSet<>();
        for (String line : r.out().lines().toList()) {
            Matcher m = OPTION_LINE.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        assertThat(names).as(r.out()).contains("--help");
        return names;
    }

    @Test
    void produceListsTheConnectionAndTheEventsTopicOnly() {
        Set<String> options = listedOptions("produce");
        assertThat(options)
                .containsAll(CONNECTION)
                .contains("--events-topic", "--events", "--rate");
        assertThat(options).doesNotContainAnyElementsOf(JOB_ONLY).doesNotContain("--alerts-topic");
    }

    @Test
    void tailListsTheConnectionAndTheAlertsTopicOnly() {
        Set<String> options = listedOptions("tail");
        assertThat(options).containsAll(CONNECTION).contains("--alerts-topic", "--from-beginning");
        assertThat(options).doesNotContainAnyElementsOf(JOB_ONLY).doesNotContain("--events-topic");
    }

    @Test
    void runStillListsEveryKafkaOption() {
        assertThat(listedOptions("run"))
                .containsAll(CONNECTION)
                .containsAll(JOB_ONLY)
                .contains("--events-topic", "--alerts-topic");
    }

    @Test
    void anOptionProduceDoesNotUseIsAUsageError() {
        CliRun.Result r =
                CliRun.kizashi(
                        "produce",
                        "--kafka",
                        "127.0.0.1:1",
                        "--generate",
                        "--transactional-id-prefix",
                        "x");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("kizashi produce: ").contains("--transactional-id-prefix");
    }
}
