package dev.kizashi.eval;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveRuleTest {

    @Test
    void everyPrecursorEventAlertsOncePerCooldownAndNothingElseDoes() {
        List<AlertQuality.AlertRecord> alerts =
                NaiveRule.alerts(
                        List.of(
                                        order("c", 0, 10),
                                        login("c", 1),
                                        skip("c", 2),
                                        paymentFailed("c", 3),
                                        feedback("c", 4, 9),
                                        feedback("c", 4.5, 3),
                                        skip("c", 5),
                                        upgrade("c", 6),
                                        downgrade("c", 7),
                                        support(
                                                "c",
                                                8,
                                                SupportCategory.DELIVERY,
                                                Sentiment.NEUTRAL),
                                        skip("c", 10))
                                .iterator(),
                        Duration.ofDays(7));
        assertThat(alerts)
                .extracting(AlertQuality.AlertRecord::pattern)
                .containsExactly(
                        "naive:cycle_skipped",
                        "naive:payment_failed",
                        "naive:feedback",
                        "naive:plan_changed",
                        "naive:support_contact",
                        "naive:cycle_skipped");
        assertThat(alerts.get(5).eventTime()).isEqualTo(day(10));
    }
}
