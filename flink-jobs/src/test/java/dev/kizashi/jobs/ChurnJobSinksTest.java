package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.alert.Alert;
import org.junit.jupiter.api.Test;

/** Alert and notification sinks share operator uids, so their ids must differ. */
class ChurnJobSinksTest {

    @Test
    void anIdCannotBeBothAnAlertAndANotificationSink() {
        ChurnJobSinks.Builder b =
                ChurnJobSinks.builder()
                        .alerts("kafka", new CollectingSink<Alert>())
                        .notifications("kafka", new CollectingSink<Alert>());
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka'");
    }
}
