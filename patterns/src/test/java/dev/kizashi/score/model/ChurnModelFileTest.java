package dev.kizashi.score.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnModelFileTest {
    @Test
    void roundTripsThroughJson(@TempDir Path dir) throws Exception {
        LogisticCalibrator cal =
                new LogisticCalibrator(
                        ChurnFeatures.NAMES, 2.5, new double[] {0.5, -0.9, 0.1, -0.2, -0.3});
        ChurnModelFile m =
                ChurnModelFile.of(
                        new BgNbd(0.25, 33.5, 0.72, 2.16),
                        cal,
                        273,
                        LocalDate.of(1997, 9, 30),
                        List.of(LocalDate.of(1997, 4, 30), LocalDate.of(1997, 5, 31)),
                        LocalDate.of(1997, 9, 30),
                        1.0);
        Path f = dir.resolve("model.json");
        m.write(f);
        String json = Files.readString(f);
        assertThat(json).contains("\"timeUnit\" : \"days\"", "\"1997-04-30\"", "log1p_repeat_days");
        ChurnModelFile back = ChurnModelFile.read(f);
        assertThat(back).isEqualTo(m);
        assertThat(back.calibratorFittedFrom()).isEqualTo("1997-04-30");
        assertThat(back.bgNbd()).isEqualTo(m.bgNbd());
        PurchaseHistory h =
                PurchaseHistory.of(
                        "c", new int[] {100, 130, 130, 170}, new double[] {10, 5, 5, 20});
        assertThat(back.churnProbability(h, 200, 90))
                .isEqualTo(m.churnProbability(h, 200, 90))
                .isBetween(0.0, 1.0);
    }

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

    @Test
    void recordsTheDetectorSettingsSorted(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kizashi.detect.overdue-spreads", "2.0");
        settings.put("kizashi.dedupe.window", "1 d");
        settings.put("kizashi.detect.dormant-after", "45 d");
        ChurnModelFile m = model().withDetectorSettings(settings);
        assertThat(m.detectorSettings().keySet())
                .containsExactly(
                        "kizashi.dedupe.window",
                        "kizashi.detect.dormant-after",
                        "kizashi.detect.overdue-spreads");
        assertThat(m).isNotEqualTo(model());
        Path f = dir.resolve("model.json");
        m.write(f);
        String json = Files.readString(f);
        assertThat(json)
                .contains("\"detectorSettings\"", "\"kizashi.detect.dormant-after\" : \"45 d\"");
        assertThat(json.indexOf("kizashi.dedupe.window"))
                .isLessThan(json.indexOf("kizashi.detect.dormant-after"));
        ChurnModelFile back = ChurnModelFile.read(f);
        assertThat(back).isEqualTo(m);
        assertThat(back.detectorSettings()).isEqualTo(settings);
    }

    @Test
    void anOldModelFileWithoutDetectorSettingsStillLoads(@TempDir Path dir) throws Exception {
        ChurnModelFile m =
                model().withDetectorSettings(Map.of("kizashi.detect.dormant-after", "45 d"));
        Path f = dir.resolve("old.json");
        m.write(f);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(f.toFile());
        assertThat(tree.remove("detectorSettings")).isNotNull();
        json.writeValue(f.toFile(), tree);
        assertThat(Files.readString(f)).doesNotContain("detectorSettings");

        ChurnModelFile old = ChurnModelFile.read(f);
        assertThat(old.detectorSettings()).isEmpty();
        assertThat(old).isEqualTo(model());
        assertThat(old.bgNbd()).isEqualTo(m.bgNbd());
    }

    @Test
    void sameDayOrdersMergeIntoOneTransaction() {
        PurchaseHistory h =
                PurchaseHistory.of(
                        "c", new int[] {130, 100, 130, 170}, new double[] {5, 10, 5, 20});
        RfmSummary s = h.summaryAt(200);
        assertThat(s).isEqualTo(new RfmSummary(2, 70, 100));
        assertThat(h.summaryAt(150)).isEqualTo(new RfmSummary(1, 30, 50));
        assertThat(h.meanSpendUpTo(200)).isEqualTo(40.0 / 3);
        assertThat(h.purchasedIn(130, 170)).isTrue();
        assertThat(h.purchasedIn(170, 400)).isFalse();
    }
}
