package dev.kizashi.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.ChurnReason;
import dev.kizashi.model.Reason;
import dev.kizashi.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link OutputJson} writes, {@link OutputDocuments} reads back field by field. */
class OutputDocumentsTest {
    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static final Alert ALERT =
            new Alert(
                    "a-1",
                    "c-1",
                    ChurnPattern.SKIPPED_CYCLE,
                    Severity.HIGH,
                    0.71234,
                    List.of(Reason.of(ChurnReason.CANCEL_REQUEST, 2, 1.5)),
                    List.of("e-1", "e-2"),
                    "skipped",
                    T,
                    T + 5,
                    "top10",
                    "subscriber",
                    "retention_call",
                    "call_center",
                    AlertKind.ESCALATION,
                    "ep-1");

    @Test
    void anAlertReadsBackAsWritten() {
        OutputDocuments.AlertDoc d = OutputDocuments.alert(OutputJson.alert(ALERT));

        assertThat(d.alertId()).isEqualTo("a-1");
        assertThat(d.customerId()).isEqualTo("c-1");
        assertThat(d.pattern()).isEqualTo("SKIPPED_CYCLE");
        assertThat(d.severity()).isEqualTo("HIGH");
        assertThat(d.score()).isEqualTo(0.7123);
        assertThat(d.reasons())
                .containsExactly(
                        new OutputDocuments.ReasonDoc(
                                "CANCEL_REQUEST",
                                2.0,
                                ChurnReason.CANCEL_REQUEST.english(2),
                                ChurnReason.CANCEL_REQUEST.japanese(2)));
        assertThat(d.evidence()).containsExactly("e-1", "e-2");
        assertThat(d.eventTime()).isEqualTo(T);
        assertThat(d.detectedAt()).isEqualTo(T + 5);
        assertThat(d.ltvTier()).isEqualTo("top10");
        assertThat(d.segment()).isEqualTo("subscriber");
        assertThat(d.action()).isEqualTo("retention_call");
        assertThat(d.channel()).isEqualTo("call_center");
        assertThat(d.kind()).isEqualTo("ESCALATION");
        assertThat(d.episodeId()).isEqualTo("ep-1");
        assertThat(d.isAlert()).isTrue();
        assertThat(
                        OutputDocuments.alert(
                                        OutputJson.alert(ALERT.inEpisode(AlertKind.RESOLVED, "x")))
                                .isAlert())
                .isFalse();
        assertThat(d.holdout()).isFalse();
        assertThat(d.opensEpisode()).as("an escalation").isFalse();
        // the first alert of its episode, held out: as Alert itself says
        Alert opener = ALERT.inEpisode(AlertKind.ALERT, "a-1", true);
        OutputDocuments.AlertDoc o = OutputDocuments.alert(OutputJson.alert(opener));
        assertThat(o.holdout()).isTrue();
        assertThat(o.opensEpisode()).isEqualTo(opener.opensEpisode()).isTrue();
    }

    @Test
    void aScoreReadsBackAsWrittenWithAbsentFieldsAsZeroOrNaN() {
        ScoreUpdate s =
                new ScoreUpdate(
                        "c-2",
                        T,
                        0.25,
                        List.of(),
                        3,
                        T - 1000,
                        12.5,
                        100.0,
                        true,
                        T - 5000,
                        false,
                        List.of("DORMANT"),
                        "subscriber",
                        "middle",
                        300.0,
                        33.3,
                        4,
                        3,
                        2);
        OutputDocuments.ScoreDoc d = OutputDocuments.score(OutputJson.score(s));
        assertThat(d)
                .isEqualTo(
                        new OutputDocuments.ScoreDoc(
                                "c-2",
                                T,
                                0.25,
                                List.of(),
                                3,
                                T - 1000,
                                12.5,
                                100.0,
                                true,
                                T - 5000,
                                false,
                                List.of("DORMANT"),
                                "subscriber",
                                "middle",
                                300.0,
                                33.3,
                                "432",
                                4,
                                3,
                                2));

        ScoreUpdate bare =
                new ScoreUpdate(
                        "c-3",
                        T,
                        0.5,
                        List.of(),
                        0,
                        0,
                        Double.NaN,
                        0,
                        false,
                        0,
                        false,
                        List.of(),
                        "new_customer",
                        "unranked",
                        0,
                        0,
                        0,
                        0,
                        0);
        OutputDocuments.ScoreDoc b = OutputDocuments.score(OutputJson.score(bare));
        assertThat(b.lastOrderTs()).isZero();
        assertThat(b.firstSeenTs()).isZero();
        assertThat(b.expectedGapDays()).isNaN();
        assertThat(b.rfm()).isNull();
    }

    @Test
    void filesAreReadLineByLineAndABadLineNamesItsPlace(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        Files.writeString(
                alerts, OutputJson.alert(ALERT) + "\n\n" + OutputJson.alert(ALERT) + "\n");
        assertThat(OutputDocuments.readAlerts(alerts)).hasSize(2);

        Path scores = dir.resolve("scores.jsonl");
        Files.writeString(scores, "{\"customerId\":\"c\",\"asOf\":\"not a time\"}\n");
        List<OutputDocuments.ScoreDoc> read = new ArrayList<>();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OutputDocuments.forEachScore(scores, read::add))
                .hasMessageContaining("scores.jsonl:1");
    }
}
