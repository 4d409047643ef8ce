package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.score.ScoringConfig;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnFeatures;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.LogisticCalibrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnJobConfigTest {

    private static final String DORMANT = KizashiOptions.DORMANT_AFTER.key();

    private static ChurnModelFile model() {
        return ChurnModelFile.of(
                new BgNbd(0.25, 33.5, 0.72, 2.16),
                new LogisticCalibrator(
                        ChurnFeatures.NAMES, 2.5, new double[] {0.5, -0.9, 0.1, -0.2, -0.3}),
                273,
                LocalDate.of(1997, 9, 30),
                List.of(LocalDate.of(1997, 4, 30)),
                LocalDate.of(1997, 9, 30),
                1.0);
    }

    /** A job configured with {@code conf} plus the model file {@code model}. */
    private static ChurnJobConfig load(Configuration conf, Path model) {
        Configuration c = new Configuration(conf);
        c.set(KizashiOptions.SCORE_MODEL, model.toString());
        return ChurnJobConfig.from(c);
    }

    private static Configuration dormantAfter45Days() {
        Configuration fitted = new Configuration();
        fitted.set(KizashiOptions.DORMANT_AFTER, Duration.ofDays(45));
        return fitted;
    }

    /** WARN lines of the ChurnJobConfig logger while {@code run} runs. */
    private static List<String> warnings(Runnable run) {
        List<String> lines = new ArrayList<>();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        org.apache.logging.log4j.core.Logger logger = ctx.getLogger(ChurnJobConfig.class.getName());
        Level before = logger.getLevel();
        AbstractAppender capture =
                new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent e) {
                        if (e.getLevel() == Level.WARN) {
                            lines.add(e.getMessage().getFormattedMessage());
                        }
                    }
                };
        capture.start();
        logger.addAppender(capture);
        logger.setLevel(Level.WARN);
        try {
            run.run();
        } finally {
            logger.removeAppender(capture);
            logger.setLevel(before);
            capture.stop();
        }
        return lines;
    }

    @Test
    void aModelFittedWithOtherDetectorSettingsReportsExactlyThoseKeys(@TempDir Path dir)
            throws Exception {
        Configuration fitted = dormantAfter45Days();
        assertThat(ChurnJobConfig.from(fitted).detector().dormantAfter())
                .isEqualTo(Duration.ofDays(45));
        Path file = dir.resolve("model.json");
        model().withDetectorSettings(KizashiOptions.detectorSettings(fitted)).write(file);

        List<ChurnJobConfig> job = new ArrayList<>();
        List<String> warned = warnings(() -> job.add(load(new Configuration(), file)));

        assertThat(job.get(0).modelConfigDifferences()).containsExactly(DORMANT);
        assertThat(job.get(0).scoring().model()).isNotNull();
        assertThat(warned)
                .containsExactly(
                        "model "
                                + file
                                + " was fitted with kizashi.detect.dormant-after=45 d, this job"
                                + " runs with 30 d; scores may be off (refit with the same -c)");
    }

    @Test
    void severalDifferencesAreOneWarning(@TempDir Path dir) throws Exception {
        Configuration fitted = dormantAfter45Days();
        fitted.set(KizashiOptions.DEDUPE_MAX_IDS, 8);
        Path file = dir.resolve("model.json");
        model().withDetectorSettings(KizashiOptions.detectorSettings(fitted)).write(file);

        List<ChurnJobConfig> job = new ArrayList<>();
        List<String> warned = warnings(() -> job.add(load(new Configuration(), file)));

        assertThat(job.get(0).modelConfigDifferences())
                .containsExactly(KizashiOptions.DEDUPE_MAX_IDS.key(), DORMANT);
        assertThat(warned)
                .containsExactly(
                        "model "
                                + file
                                + " was fitted with kizashi.dedupe.max-ids=8,"
                                + " kizashi.detect.dormant-after=45 d; this job runs with"
                                + " kizashi.dedupe.max-ids=32, kizashi.detect.dormant-after=30 d;"
                                + " scores may be off (refit with the same -c)");
    }

    @Test
    void theSameSettingsReportNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json");
        model().withDetectorSettings(KizashiOptions.detectorSettings(dormantAfter45Days()))
                .write(file);
        Configuration job = new Configuration();
        // The same duration in another unit is the same setting.
        job.setString(DORMANT, "1080 h");

        List<String> warned =
                warnings(() -> assertThat(load(job, file).modelConfigDifferences()).isEmpty());
        assertThat(warned).isEmpty();

        Path defaults = dir.resolve("defaults.json");
        model().withDetectorSettings(KizashiOptions.detectorSettings(new Configuration()))
                .write(defaults);
        assertThat(load(new Configuration(), defaults).modelConfigDifferences()).isEmpty();
    }

    @Test
    void anOldModelFileWithoutTheFieldLoadsAndReportsNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.json");
        model().write(file);
        String json = Files.readString(file);
        // Model files written before the settings were recorded have no such field.
        String old = json.replaceAll(",\\s*\"detectorSettings\"\\s*:\\s*\\{\\s*}", "");
        assertThat(old).doesNotContain("detectorSettings");
        Files.writeString(file, old);

        List<ChurnJobConfig> job = new ArrayList<>();
        List<String> warned = warnings(() -> job.add(load(dormantAfter45Days(), file)));

        assertThat(job.get(0).scoring().model()).isEqualTo(model());
        assertThat(job.get(0).scoring().model().detectorSettings()).isEmpty();
        assertThat(job.get(0).modelConfigDifferences()).isEmpty();
        assertThat(warned).isEmpty();
    }

    @Test
    void theRiskThresholdOptionOverridesTheModels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json");
        model().withAlertGate(List.of("DORMANT"), Map.of("HIGH_RISK", 0.2)).write(file);

        assertThat(load(new Configuration(), file).scoring().model().alertThresholds())
                .containsExactly(Map.entry("HIGH_RISK", 0.2));
        Configuration c = new Configuration();
        c.set(KizashiOptions.ALERT_RISK_THRESHOLD, 0.5);
        ChurnModelFile overridden = load(c, file).scoring().model();
        assertThat(overridden.alertThresholds()).containsExactly(Map.entry("HIGH_RISK", 0.5));
        assertThat(overridden.mutedPatterns()).containsExactly("DORMANT");
    }

    @Test
    void theChannelThresholdOptionReplacesTheModelsAndItsMeasuredPrecision(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("model.json");
        model().withChannelGate(
                        Map.of("call_center", 0.4, "line", 0.3),
                        Map.of("HIGH_RISK", 0.3, "call_center", 0.5, "line", 0.35))
                .write(file);
        Configuration c = new Configuration();
        c.setString(KizashiOptions.ALERT_CHANNEL_THRESHOLDS.key(), "call_center:0.6");
        c.set(KizashiOptions.ALERT_FALLBACK_CHANNEL, "line");
        ChurnJobConfig job = load(c, file);

        assertThat(job.scoring().model().channelThresholds())
                .containsExactly(Map.entry("call_center", 0.6));
        assertThat(job.scoring().model().expectedPrecision())
                .as("call_center's was measured at 0.4, not at 0.6")
                .containsOnlyKeys("HIGH_RISK", "line");
        assertThat(job.routing().fallbackChannel()).isEqualTo("line");

        c.setString(KizashiOptions.ALERT_CHANNEL_THRESHOLDS.key(), "call_center:lots");
        assertThatThrownBy(() -> load(c, file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("call_center must be between 0 and 1, not lots");
    }

    @Test
    void aRiskThresholdOutOfRangeIsAUserError(@TempDir Path dir) throws Exception {
        Configuration c = new Configuration();
        c.set(KizashiOptions.ALERT_RISK_THRESHOLD, 0.5);
        assertThat(ChurnJobConfig.from(c).scoring().model())
                .as("without a model there is no calibrated probability to compare")
                .isNull();
        Path file = dir.resolve("model.json");
        model().write(file);
        c.set(KizashiOptions.ALERT_RISK_THRESHOLD, 1.5);
        assertThatThrownBy(() -> load(c, file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
    }

    @Test
    void withoutAModelThereIsNothingToCompare() {
        assertThat(ChurnJobConfig.from(dormantAfter45Days()).modelConfigDifferences()).isEmpty();
    }

    @Test
    void detectorSettingsNameEveryDetectorOptionWithItsValue() {
        Configuration conf = new Configuration();
        conf.setString(DORMANT, "720 h");
        Map<String, String> settings = KizashiOptions.detectorSettings(conf);
        assertThat(settings).hasSize(17).containsEntry(DORMANT, "30 d");
        assertThat(settings)
                .containsEntry("kizashi.state.retention", "730 d")
                .containsEntry("kizashi.dedupe.window", "1 d")
                .containsEntry("kizashi.dedupe.max-ids", "32")
                .containsEntry("kizashi.detect.overdue-spreads", "2.0")
                .doesNotContainKey("kizashi.alert.cooldown");
        assertThat(List.copyOf(settings.keySet())).isSorted();
        assertThat(KizashiOptions.detectorDifferences(settings, new Configuration())).isEmpty();
    }

    @Test
    void detectorDifferencesCompareTypedValues() {
        Configuration job = new Configuration();
        assertThat(KizashiOptions.detectorDifferences(null, job)).isEmpty();
        assertThat(KizashiOptions.detectorDifferences(Map.of(), job)).isEmpty();
        assertThat(
                        KizashiOptions.detectorDifferences(
                                Map.of(
                                        DORMANT,
                                        "720 h",
                                        "kizashi.detect.overdue-spreads",
                                        "2",
                                        "kizashi.detect.overdue-min-orders",
                                        "4",
                                        "kizashi.detect.support-spike-window",
                                        "not a duration",
                                        "kizashi.removed.option",
                                        "1"),
                                job))
                .containsExactly(
                        "kizashi.detect.overdue-min-orders", "kizashi.detect.support-spike-window");
    }

    /** Every option of detectorOptions() reaches DetectorConfig, and no other option does. */
    @Test
    void everyDetectorOptionFeedsTheDetector() {
        DetectorConfig defaults = ChurnJobConfig.defaults().detector();
        List<ConfigOption<?>> detectorOptions = KizashiOptions.detectorOptions();
        assertThat(detectorOptions).hasSize(17);
        for (ConfigOption<?> o : KizashiOptions.all()) {
            if (!o.hasDefaultValue()) {
                assertThat(detectorOptions).doesNotContain(o);
                continue;
            }
            Configuration c = new Configuration();
            c.setString(o.key(), KizashiOptions.text(otherThanDefault(o.defaultValue())));
            DetectorConfig changed = ChurnJobConfig.from(c).detector();
            if (detectorOptions.contains(o)) {
                assertThat(changed).as(o.key()).isNotEqualTo(defaults);
                assertThat(
                                KizashiOptions.detectorDifferences(
                                        KizashiOptions.detectorSettings(c), new Configuration()))
                        .containsExactly(o.key());
            } else {
                assertThat(changed).as(o.key()).isEqualTo(defaults);
            }
        }
    }

    private static Object otherThanDefault(Object value) {
        if (value instanceof Duration d) {
            return d.plusDays(1);
        } else if (value instanceof Integer i) {
            return i + 1;
        } else if (value instanceof Double x) {
            return x * 1.1;
        } else if (value instanceof Boolean b) {
            return !b;
        } else if (value instanceof String text) {
            return text + "_other";
        }
        throw new IllegalArgumentException("no other value for " + value);
    }

    /** The options' defaults are the records' defaults, read from them. */
    @Test
    void defaultsAreTheRecordsDefaults() {
        ChurnJobConfig c = ChurnJobConfig.defaults();
        assertThat(c.detector()).isEqualTo(DetectorConfig.DEFAULTS);
        assertThat(c.scoring()).isEqualTo(ScoringConfig.DEFAULTS);
        assertThat(c.modelConfigDifferences()).isEmpty();
        assertThat(KizashiOptions.DORMANT_AFTER.defaultValue())
                .isSameAs(DetectorConfig.DEFAULTS.silence().dormantAfter());
    }

    @Test
    void theDormantScoreFollowsTheDetector() {
        ChurnJobConfig c = ChurnJobConfig.from(dormantAfter45Days());
        assertThat(c.scoring().dormantDays()).isEqualTo(45.0);
        assertThat(c.scoring().prior())
                .isEqualTo(ScoringConfig.DEFAULTS.prior().withDormantDays(45));
    }
}
