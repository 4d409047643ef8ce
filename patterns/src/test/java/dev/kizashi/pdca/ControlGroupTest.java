package dev.kizashi.pdca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.model.ChurnPattern;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ControlGroupTest {
    private static final int EPISODES = 200_000;

    private static String episode(int i) {
        return UUID.nameUUIDFromBytes(("episode-" + i).getBytes()).toString();
    }

    private static double heldOutShare(ControlGroup g, ChurnPattern p, String channel) {
        int held = 0;
        for (int i = 0; i < EPISODES; i++) {
            held += g.holdsOut("c-" + (i % 5000), episode(i), p, channel) ? 1 : 0;
        }
        return held / (double) EPISODES;
    }

    @Test
    void theHeldOutShareIsWithinOnePointOfTheSetting() {
        // 200,000 episodes: a binomial share's standard deviation is under 0.07 points.
        assertThat(heldOutShare(ControlGroup.defaults(), ChurnPattern.DORMANT, "email"))
                .isBetween(0.09, 0.11);
        ControlGroup quarter = new ControlGroup(0.25, "other-salt", Map.of(), Map.of());
        assertThat(heldOutShare(quarter, ChurnPattern.DORMANT, "email")).isBetween(0.24, 0.26);
    }

    @Test
    void aPatternsShareWinsOverAChannelsOverTheDefault() {
        ControlGroup g =
                new ControlGroup(
                        0.1,
                        ControlGroup.DEFAULT_SALT,
                        Map.of(ChurnPattern.CANCEL_INTENT, 0.0),
                        Map.of("call_center", 0.3));
        assertThat(g.shareFor(ChurnPattern.CANCEL_INTENT, "call_center")).isZero();
        assertThat(g.shareFor(ChurnPattern.DORMANT, "call_center")).isEqualTo(0.3);
        assertThat(g.shareFor(ChurnPattern.DORMANT, "line")).isEqualTo(0.1);
        assertThat(heldOutShare(g, ChurnPattern.CANCEL_INTENT, "call_center")).isZero();
        assertThat(heldOutShare(g, ChurnPattern.DORMANT, "call_center")).isBetween(0.29, 0.31);
    }

    @Test
    void theSameEpisodeIsDecidedTheSameAndTheSaltRedraws() {
        ControlGroup a = ControlGroup.defaults();
        ControlGroup again = ControlGroup.defaults();
        ControlGroup salted = new ControlGroup(0.1, "spring-2027", Map.of(), Map.of());
        int differ = 0;
        for (int i = 0; i < 10_000; i++) {
            String c = "c-" + i;
            assertThat(again.unit(c, episode(i))).isEqualTo(a.unit(c, episode(i)));
            differ +=
                    a.holdsOut(c, episode(i), ChurnPattern.DORMANT, null)
                                    != salted.holdsOut(c, episode(i), ChurnPattern.DORMANT, null)
                            ? 1
                            : 0;
        }
        // Independent draws at 10% disagree on about 18% of episodes.
        assertThat(differ).isBetween(1500, 2100);
    }

    @Test
    void sharesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> new ControlGroup(1.5, "s", Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new ControlGroup(0.1, "s", Map.of(), Map.of("line", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
