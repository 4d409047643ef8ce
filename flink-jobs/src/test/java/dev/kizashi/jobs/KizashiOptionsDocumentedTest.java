package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/** Every typed option is listed in the README's options table with its default. */
class KizashiOptionsDocumentedTest {

    /** A row of the README's options table: {@code | `kizashi.x.y` | 30 d | meaning |}. */
    private static final Pattern ROW =
            Pattern.compile("(?m)^\\|\\s*`(kizashi\\.[^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|");

    private static String readme() throws Exception {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void readmeListsEveryOption() throws Exception {
        String readme = readme();
        assertThat(KizashiOptions.all()).hasSizeGreaterThan(10);
        List<String> tableKeys = new ArrayList<>();
        Matcher m = ROW.matcher(readme);
        while (m.find()) {
            tableKeys.add(m.group(1));
        }
        for (var option : KizashiOptions.all()) {
            assertThat(tableKeys)
                    .as("README options table row of " + option.key())
                    .contains(option.key());
            assertThat(option.description().toString()).isNotBlank();
        }
    }

    @Test
    void readmeStatesEveryDefault() throws Exception {
        String readme = readme();
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (ConfigOption<?> option : KizashiOptions.all()) {
            Matcher m = ROW.matcher(readme);
            while (m.find()) {
                if (!m.group(1).equals(option.key())) {
                    continue;
                }
                compared++;
                String cell = m.group(2);
                String problem = mismatch(option, cell);
                if (problem != null) {
                    wrong.add(option.key() + ": README says '" + cell + "', " + problem);
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(KizashiOptions.all().size());
        assertThat(wrong).as("README defaults that differ from KizashiOptions").isEmpty();
    }

    /** Why {@code cell} does not state the default of {@code option}; null when it does. */
    static String mismatch(ConfigOption<?> option, String cell) {
        String text = cell.replace("`", "").trim();
        if (!option.hasDefaultValue()) {
            return text.equals("none") ? null : "the option has no default (write 'none')";
        }
        Object expected = option.defaultValue();
        Object documented;
        try {
            if (expected instanceof Duration) {
                documented = TimeUtils.parseDuration(text);
            } else if (expected instanceof Integer) {
                documented = Integer.valueOf(number(text));
            } else if (expected instanceof Long) {
                documented = Long.valueOf(number(text));
            } else if (expected instanceof Double) {
                documented = Double.valueOf(number(text));
            } else if (expected instanceof Boolean) {
                documented =
                        text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                                ? Boolean.valueOf(text)
                                : text;
            } else {
                documented = text;
            }
        } catch (RuntimeException e) {
            return "which does not read as the default " + KizashiOptions.text(expected);
        }
        if (expected instanceof Double d && documented instanceof Double doc) {
            return Double.compare(d, doc) == 0 ? null : "the default is " + expected;
        }
        return expected.equals(documented)
                ? null
                : "the default is " + KizashiOptions.text(expected);
    }

    private static String number(String text) {
        return text.replace(",", "").replace("_", "");
    }

    @Test
    void theDefaultCheckCatchesADifference() {
        assertThat(mismatch(KizashiOptions.DORMANT_AFTER, "30 d")).isNull();
        assertThat(mismatch(KizashiOptions.DORMANT_AFTER, "720 h")).isNull();
        assertThat(mismatch(KizashiOptions.DORMANT_AFTER, "45 d")).isNotNull();
        assertThat(mismatch(KizashiOptions.DORMANT_AFTER, "none")).isNotNull();
        assertThat(mismatch(KizashiOptions.OVERDUE_SPREADS, "2")).isNull();
        assertThat(mismatch(KizashiOptions.OVERDUE_SPREADS, "2.5")).isNotNull();
        assertThat(mismatch(KizashiOptions.MAX_LINE_CHARS, "65536")).isNull();
        assertThat(mismatch(KizashiOptions.MAX_LINE_CHARS, "64 KiB")).isNotNull();
        assertThat(mismatch(KizashiOptions.CHECKPOINT_CHANGELOG, "true")).isNull();
        assertThat(mismatch(KizashiOptions.CHECKPOINT_CHANGELOG, "false")).isNotNull();
        assertThat(mismatch(KizashiOptions.SCORE_MODEL, "none")).isNull();
        assertThat(mismatch(KizashiOptions.SCORE_MODEL, "model.json")).isNotNull();
        assertThat(mismatch(KizashiOptions.ALERT_COOLDOWN, "`7 d`")).isNull();
    }

    @Test
    void defaultsBuildAConfig() {
        ChurnJobConfig c = ChurnJobConfig.defaults();
        assertThat(c.detector().dormantAfter().toDays()).isEqualTo(30);
        assertThat(c.outOfOrderness()).isEqualTo(KizashiOptions.OUT_OF_ORDERNESS.defaultValue());
    }
}
