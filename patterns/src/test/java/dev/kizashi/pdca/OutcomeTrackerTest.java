package dev.kizashi.pdca;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class OutcomeTrackerTest {
    private final OutcomeTracker tracker = new OutcomeTracker(Duration.ofDays(30));

    private static Alert opener(String c, double day, boolean holdout) {
        String id = Alert.idFor(c, ChurnPattern.DORMANT, day(day));
        return new Alert(
                        id,
                        c,
                        ChurnPattern.DORMANT,
                        ChurnPattern.DORMANT.defaultSeverity(),
                        0.4,
                        List.of(),
                        List.of(),
                        "d",
                        day(day),
                        0,
                        "top10",
                        "subscriber",
                        "winback_offer",
                        "email")
                .inEpisode(AlertKind.ALERT, id, holdout);
    }

    @Test
    void isAFlinkPojoAllTheWayDownSoStateAvoidsKryo() {
        TypeInformation<OutcomeBook> t = TypeInformation.of(OutcomeBook.class);
        assertThat(t).isInstanceOf(PojoTypeInfo.class);
        TypeInformation<?> watches = ((PojoTypeInfo<OutcomeBook>) t).getTypeAt("watches");
        assertThat(watches).isInstanceOf(ObjectArrayTypeInfo.class);
        assertThat(((ObjectArrayTypeInfo<?, ?>) watches).getComponentInfo())
                .isInstanceOf(PojoTypeInfo.class)
                .isNotInstanceOf(GenericTypeInfo.class);
    }

    @Test
    void onlyAnEpisodesFirstAlertOpensAWatchAndTheBookIsBounded() {
        OutcomeBook book = new OutcomeBook();
        Alert first = opener("c", 1, false);
        tracker.onRecord(book, first);
        tracker.onRecord(book, first); // a replay: no second watch
        tracker.onRecord(book, first.inEpisode(AlertKind.ESCALATION, first.episodeId()));
        assertThat(book.watches).hasSize(1);
        int dropped = 0;
        for (int i = 2; i < 2 + OutcomeTracker.MAX_WATCHES; i++) {
            dropped += tracker.onRecord(book, opener("c", i, false));
        }
        assertThat(book.watches).hasSize(OutcomeTracker.MAX_WATCHES);
        assertThat(dropped).isEqualTo(1);
        assertThat(book.watches[0].openedTs).isEqualTo(day(2)); // the oldest went
        assertThat(tracker.nextDue(book)).isEqualTo(day(32));
    }

    @Test
    void anActionWithoutAnEpisodeIdAnswersTheNewestEpisodeAndOneForAnotherIsIgnored() {
        OutcomeBook book = new OutcomeBook();
        Alert a = opener("c", 1, false);
        Alert b = opener("c", 5, false);
        tracker.onRecord(book, a);
        tracker.onRecord(book, b);
        tracker.onEvent(book, action("c", 6, null));
        tracker.onEvent(book, action("c", 6, "someone-else"));
        tracker.onEvent(book, action("c", 7, a.episodeId()));
        assertThat(book.watches[0].actions).isEqualTo(1);
        assertThat(book.watches[1].actions).isEqualTo(1);
        assertThat(book.watches[1].actionCost).isEqualTo(500.0);
    }

    @Test
    void theOutcomeIsTakenAtTheHorizonWithTheChurnKnownThen() {
        OutcomeBook book = new OutcomeBook();
        tracker.onRecord(book, opener("a", 1, true));
        assertThat(tracker.onTime(book, "a", day(30), t -> true)).isEmpty();
        List<EpisodeOutcome> due = tracker.onTime(book, "a", day(31), t -> t == day(31));
        assertThat(due)
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.outcome()).isEqualTo(Outcome.CHURNED);
                            assertThat(o.holdout()).isTrue();
                            assertThat(o.scoreBand()).isEqualTo("0.4-0.6");
                        });
        assertThat(book.isEmpty()).isTrue();
    }
}
