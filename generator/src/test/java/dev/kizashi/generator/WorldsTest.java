package dev.kizashi.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The family of worlds: each deterministic, each keeping the stream and label contract, each
 * different by design. Every stream is a pure function of its config, so the shares asserted on
 * fixed seeds cannot fail by chance; the tolerances leave room for a few sampling errors should the
 * draws change.
 */
class WorldsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void everyWorldIsDeterministicPerSeed(int n) {
        GeneratorConfig c = GeneratorConfig.of(300, 90, 11L).withWorld(World.of(n));
        assertThat(events(c)).isNotEmpty().isEqualTo(events(c));
        assertThat(new SubscriptionGenerator(c).groundTruth())
                .isEqualTo(new SubscriptionGenerator(c).groundTruth());
        GeneratorConfig other = GeneratorConfig.of(300, 90, 12L).withWorld(World.of(n));
        assertThat(events(other)).isNotEqualTo(events(c));
        assertThat(SubscriptionGenerator.count(c)).isEqualTo(events(c).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void everyWorldKeepsTheStreamAndLabelContract(int n) {
        WorldRun run = WorldRun.of(n, 800, 180, 5L);
        run.assertContract();
        assertThat(run.truth).anyMatch(GroundTruth::churned);
    }

    @Test
    void worldsDifferFromEachOtherOnTheSameSeed() {
        Set<List<CustomerEvent>> streams = new HashSet<>();
        for (int n = 0; n < World.COUNT; n++) {
            streams.add(events(GeneratorConfig.of(200, 60, 3L).withWorld(World.of(n))));
        }
        assertThat(streams).hasSize(World.COUNT);
        Set<String> names = new HashSet<>();
        for (int n = 0; n < World.COUNT; n++) {
            names.add(World.of(n).name());
        }
        assertThat(names).hasSize(World.COUNT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void everyWorldsChurnShareIsRealistic(int n) {
        List<GroundTruth> labels =
                new SubscriptionGenerator(GeneratorConfig.of(2000, 240, 1L).withWorld(World.of(n)))
                        .groundTruth();
        double share = labels.stream().filter(GroundTruth::churned).count() / 2000.0;
        assertThat(share).as("world %d", n).isBetween(0.05, 0.40);
    }

    @Test
    void worldOneSendsNoLoginsAndWorldEightOnlyOrdersSkipsPlansAndPayments() {
        WorldRun box = WorldRun.of(1, 500, 120, 2L);
        assertThat(box.count(EventType.LOGIN)).isZero();
        assertThat(box.count(EventType.MESSAGE_OPENED)).isPositive();
        WorldRun weekly = WorldRun.of(8, 500, 120, 2L);
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        weekly.events.forEach(e -> seen.add(e.type()));
        assertThat(seen)
                .doesNotContain(
                        EventType.LOGIN,
                        EventType.MESSAGE_OPENED,
                        EventType.MESSAGE_CLICKED,
                        EventType.UNSUBSCRIBED,
                        EventType.SUPPORT_CONTACT,
                        EventType.FEEDBACK)
                .contains(EventType.ORDER, EventType.CYCLE_SKIPPED, EventType.PAYMENT_FAILED);
        WorldRun mealkit = WorldRun.of(4, 500, 120, 2L);
        assertThat(mealkit.count(EventType.SUPPORT_CONTACT)).isZero();
        // a precursor that could not show is never planted
        for (int n : new int[] {4, 8}) {
            for (GroundTruth gt : WorldRun.of(n, 500, 120, 2L).truth) {
                assertThat(gt.has(PrecursorKind.SUPPORT_SPIKE)).isFalse();
                assertThat(gt.has(PrecursorKind.CANCEL_INTENT)).isFalse();
                if (n == 8) {
                    // no logins, messages or feedback: the decay cannot be seen
                    assertThat(gt.has(PrecursorKind.ENGAGEMENT_DROP)).isFalse();
                }
            }
        }
    }

    @Test
    void retailWorldIsAnOrderLogWithoutSubscriptions() {
        WorldRun retail = WorldRun.of(3, 1000, 240, 4L);
        assertThat(retail.events).isNotEmpty();
        for (CustomerEvent e : retail.events) {
            assertThat(e.type()).isEqualTo(EventType.ORDER);
            assertThat(((CustomerEvent.Order) e).subscription()).isFalse();
        }
        assertThat(retail.truth)
                .filteredOn(GroundTruth::churned)
                .allMatch(gt -> gt.kind() == ChurnKind.SILENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8})
    void silentAndAbruptSharesFollowTheKnobs(int n) {
        World world = World.of(n);
        SubscriptionGenerator g =
                new SubscriptionGenerator(GeneratorConfig.of(2000, 240, 1L).withWorld(world));
        int churners = 0;
        int cancelled = 0;
        int silent = 0;
        int bare = 0;
        for (int i = 0; i < 2000; i++) {
            GroundTruth gt = g.groundTruth(i);
            if (!gt.churned()
                    || !new CustomerPlan(1L, i, 240 * CustomerPlan.DAY, world).subscriber) {
                continue;
            }
            churners++;
            if (gt.kind() == ChurnKind.CANCELLED) {
                cancelled++;
            } else {
                silent++;
                bare += gt.precursors().isEmpty() ? 1 : 0;
            }
        }
        assertThat(churners).isGreaterThan(300);
        assertThat(cancelled / (double) churners).isCloseTo(world.cancelShare(), within(0.05));
        assertThat(bare / (double) silent).isCloseTo(world.abruptShare(), within(0.10));
    }

    @Test
    void abruptSilentChurnIsTheFirstDeliveryThatDidNotCome() {
        WorldRun club = WorldRun.of(7, 1500, 240, 6L);
        int checked = 0;
        for (int i = 0; i < club.truth.size(); i++) {
            GroundTruth gt = club.truth.get(i);
            CustomerPlan p = club.plan(i);
            if (gt.kind() != ChurnKind.SILENT || !gt.precursors().isEmpty() || !p.subscriber) {
                continue;
            }
            List<CustomerEvent> evs = club.of(gt.customerId());
            long signup = evs.get(0).ts();
            long churn = gt.churnTime().toEpochMilli();
            long cycle = p.cycleDays * WorldRun.DAY_MS;
            // the churn is a nominal delivery time: 2 minutes after signup plus whole cycles
            assertThat((churn - signup - 120_000) % cycle).isZero();
            long lastDelivery =
                    evs.stream()
                            .filter(e -> e instanceof CustomerEvent.Order o && o.subscription())
                            .mapToLong(CustomerEvent::ts)
                            .max()
                            .orElseThrow();
            // deliveries come up to 12 hours after their nominal time
            assertThat(churn - lastDelivery).isGreaterThanOrEqualTo(cycle - 12 * WorldRun.HOUR_MS);
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void worldKnobsAreValidated() {
        assertThatThrownBy(() -> World.of(World.COUNT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> World.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> World.DEFAULT.toBuilder().cycles(0, 0.5, 0.6, 0, 0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> World.DEFAULT.toBuilder().churn(1.5, 0.2).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> World.DEFAULT.toBuilder().lead(30, 10).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(World.of(0)).isSameAs(World.DEFAULT);
        assertThat(World.DEFAULT.sends()).containsExactlyInAnyOrder(EventType.values());
        assertThat(GeneratorConfig.defaults().world()).isSameAs(World.DEFAULT);
    }

    static List<CustomerEvent> events(GeneratorConfig c) {
        List<CustomerEvent> out = new ArrayList<>();
        for (Iterator<CustomerEvent> it = new SubscriptionGenerator(c).events(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
