package dev.kizashi.eval;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.eval.ChurnLabels.Churn;
import dev.kizashi.eval.ChurnLabels.Kind;
import dev.kizashi.model.CustomerEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels from the data itself: cancellations, deliveries that stop, buyers who stay away. */
class ChurnLabelsTest {
    private static final Duration HORIZON = Duration.ofDays(60);

    private static Map<String, Churn> labels(double endDay, CustomerEvent... events) {
        return ChurnLabels.from(List.of(events).iterator(), day(endDay), HORIZON, null);
    }

    @Test
    void aCancellationIsAChurnAtItsTimeUnlessTheCustomerComesBack() {
        assertThat(labels(100, subscribe("a", 0, 30), cycleOrder("a", 1), cancel("a", 20)))
                .containsExactlyEntriesOf(Map.of("a", new Churn("a", day(20), Kind.CANCELLED)));
        assertThat(
                        labels(
                                100,
                                subscribe("a", 0, 30),
                                cancel("a", 20),
                                subscribe("a", 40, 30),
                                cycleOrder("a", 41),
                                cycleOrder("a", 71)))
                .isEmpty();
    }

    @Test
    void deliveriesThatStopChurnOneCycleAfterTheLastKnownOnlyACycleLater() {
        CustomerEvent[] history = {
            subscribe("s", 0, 30), cycleOrder("s", 1), cycleOrder("s", 31), skip("s", 61)
        };
        // The delivery due at day 91 never came; by day 120 that is not yet sure.
        assertThat(labels(120, history)).isEmpty();
        assertThat(labels(121.5, history))
                .containsExactlyEntriesOf(
                        Map.of("s", new Churn("s", day(91), Kind.DELIVERIES_STOPPED)));
    }

    @Test
    void aBuyerWhoStaysAwayForTheHorizonChurnsWhenTheNextOrderWasDue() {
        CustomerEvent[] repeat = {order("b", 0, 10), order("b", 10, 10), order("b", 20, 10)};
        assertThat(labels(79, repeat)).isEmpty();
        assertThat(labels(81, repeat))
                .containsExactlyEntriesOf(Map.of("b", new Churn("b", day(30), Kind.NO_ORDER)));
        // A one-time buyer: churn at the horizon.
        assertThat(labels(70, order("o", 5, 10)))
                .containsExactlyEntriesOf(Map.of("o", new Churn("o", day(65), Kind.NO_ORDER)));
    }

    @Test
    void nothingAfterTheEndOfTheDataIsSeenAndEveryCustomerIsListed() {
        Map<String, Boolean> seen = new HashMap<>();
        Map<String, Churn> l =
                ChurnLabels.from(
                        List.of(order("x", 0, 10), login("y", 1), order("x", 50, 10)).iterator(),
                        day(40),
                        HORIZON,
                        seen);
        assertThat(l).isEmpty();
        assertThat(seen).containsOnlyKeys("x", "y");
    }
}
