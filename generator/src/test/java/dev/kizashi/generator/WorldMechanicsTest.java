package dev.kizashi.generator;

import static dev.kizashi.generator.WorldRun.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mechanics that make the worlds differ: trials, minimum terms, seasonal dips, dropout and the
 * benign look-alikes. Fixed seeds: the asserted shares are deterministic.
 */
class WorldMechanicsTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 9})
    void trialistsWhoDoNotConvertChurnBeforeTheirFirstPaidDelivery(int n) {
        World world = World.of(n);
        WorldRun run = WorldRun.of(n, 800, 180, 8L);
        int trialists = 0;
        int lapsed = 0;
        for (GroundTruth gt : run.truth) {
            List<CustomerEvent> evs = run.of(gt.customerId());
            if (evs.isEmpty()
                    || !(evs.get(0) instanceof CustomerEvent.SubscriptionStarted s)
                    || !s.planId().endsWith("-trial")) {
                continue;
            }
            trialists++;
            long firstPaid = s.ts() + world.trialDays() * DAY_MS;
            assertThat(evs).noneMatch(e -> isSubscriptionOrder(e) && e.ts() < firstPaid);
            if (gt.churned() && gt.churnTime().toEpochMilli() <= firstPaid) {
                lapsed++;
                assertThat(gt.precursors()).isEmpty();
                assertThat(evs).noneMatch(WorldMechanicsTest::isSubscriptionOrder);
            }
        }
        assertThat(trialists).isGreaterThan(100);
        assertThat(lapsed).isPositive();
        // the share of trialists who do not convert, on labels of 2,000 customers
        int withTrial = 0;
        int notConverted = 0;
        SubscriptionGenerator g =
                new SubscriptionGenerator(GeneratorConfig.of(2000, 240, 1L).withWorld(world));
        for (int i = 0; i < 2000; i++) {
            CustomerPlan p = new CustomerPlan(1L, i, 240 * CustomerPlan.DAY, world);
            if (!p.trial || p.firstNominal >= 239 * CustomerPlan.DAY) {
                continue;
            }
            withTrial++;
            GroundTruth gt = g.groundTruth(i);
            boolean lapse =
                    gt.churned()
                            && gt.churnTime().getEpochSecond()
                                            - GeneratorConfig.DEFAULT_START.getEpochSecond()
                                    <= p.firstNominal;
            notConverted += lapse ? 1 : 0;
        }
        assertThat(notConverted / (double) withTrial).isCloseTo(world.trialChurn(), within(0.05));
    }

    @Test
    void committedChurnersLeaveRightAfterTheirMinimumTerm() {
        WorldRun gym = WorldRun.of(5, 1500, 240, 9L);
        int committed = 0;
        int free = 0;
        for (GroundTruth gt : gym.truth) {
            List<CustomerEvent> evs = gym.of(gt.customerId());
            if (!gt.churned() || !(evs.get(0) instanceof CustomerEvent.SubscriptionStarted s)) {
                continue;
            }
            long sinceStart = gt.churnTime().toEpochMilli() - s.ts();
            if (s.planId().endsWith("-c90")) {
                committed++;
                assertThat(sinceStart).isBetween(90 * DAY_MS, 93 * DAY_MS);
            } else {
                free++;
            }
        }
        assertThat(committed).isGreaterThan(100);
        assertThat(free).isGreaterThan(50);
    }

    @Test
    void seasonalDipsLowerEngagementInsideTheWindows() {
        // world 9: windows of 14 days every 90 days from day 45; 80% of customers dip to 35%
        assertThat(loginRatioInsideWindows(WorldRun.of(9, 1200, 180, 10L), 90, 14))
                .isLessThan(0.65);
        assertThat(loginRatioInsideWindows(WorldRun.of(0, 1200, 180, 10L), 90, 14))
                .isGreaterThan(0.85);
    }

    /** Logins per non-churner day inside the windows over the same outside them. */
    private static double loginRatioInsideWindows(WorldRun run, int every, int days) {
        double[] in = new double[2];
        double[] out = new double[2];
        for (GroundTruth gt : run.truth) {
            List<CustomerEvent> evs = run.of(gt.customerId());
            if (gt.churned() || evs.isEmpty()) {
                continue;
            }
            long start = run.config.start().toEpochMilli();
            int firstDay = (int) ((evs.get(0).ts() - start) / DAY_MS) + 1;
            for (int d = firstDay; d < run.config.days(); d++) {
                (inWindow(d, every, days) ? in : out)[1]++;
            }
            for (CustomerEvent e : evs) {
                int d = (int) ((e.ts() - start) / DAY_MS);
                if (e.type() == EventType.LOGIN && d >= firstDay) {
                    (inWindow(d, every, days) ? in : out)[0]++;
                }
            }
        }
        return (in[0] / in[1]) / (out[0] / out[1]);
    }

    private static boolean inWindow(int day, int every, int days) {
        int d = day - every / 2;
        return d >= 0 && d % every < days;
    }

    @Test
    void droppedOutBuyersChurnOneOwnMeanGapAfterTheirLastOrder() {
        WorldRun retail = WorldRun.of(3, 1500, 240, 11L);
        int dropouts = 0;
        for (int i = 0; i < retail.truth.size(); i++) {
            GroundTruth gt = retail.truth.get(i);
            CustomerPlan p = retail.plan(i);
            // dropouts have replayed gaps and no decay
            if (!gt.churned() || !p.plannedGaps) {
                continue;
            }
            assertThat(gt.precursors()).isEmpty();
            dropouts++;
            long lastOrder =
                    retail.of(gt.customerId()).stream()
                            .mapToLong(CustomerEvent::ts)
                            .max()
                            .orElseThrow();
            long gap = (long) (p.meanGapDays * CustomerPlan.DAY) * 1000L;
            assertThat(gt.churnTime().toEpochMilli() - lastOrder).isEqualTo(gap);
        }
        assertThat(dropouts).isGreaterThan(200);
    }

    @Test
    void routineSkipsAreManyInTheBoxWorldAndAtMostOneByDefault() {
        Predicate<List<CustomerEvent>> twoSkips =
                evs -> evs.stream().filter(e -> e.type() == EventType.CYCLE_SKIPPED).count() >= 2;
        assertThat(nonChurnerShare(WorldRun.of(1, 800, 180, 12L), twoSkips)).isGreaterThan(0.25);
        assertThat(nonChurnerShare(WorldRun.of(0, 800, 180, 12L), twoSkips)).isZero();
    }

    @Test
    void resolvedIncidentsAndDowngradesThatStayAppearAmongNonChurners() {
        Predicate<List<CustomerEvent>> resolved =
                evs -> {
                    for (int i = 0; i < evs.size(); i++) {
                        if (evs.get(i) instanceof CustomerEvent.SupportContact s
                                && s.sentiment() == Sentiment.POSITIVE
                                && supportContacts(evs, s.ts() - 18 * DAY_MS, s.ts()) >= 3) {
                            return true;
                        }
                    }
                    return false;
                };
        Predicate<List<CustomerEvent>> downgradeThenComplaint =
                evs ->
                        evs.stream()
                                .anyMatch(
                                        d ->
                                                d instanceof CustomerEvent.PlanChanged pc
                                                        && pc.direction() == PlanDirection.DOWN
                                                        && evs.stream()
                                                                .anyMatch(
                                                                        f ->
                                                                                f.ts() > d.ts()
                                                                                        && f.ts()
                                                                                                < d
                                                                                                                .ts()
                                                                                                        + 6
                                                                                                                * DAY_MS
                                                                                        && isComplaint(
                                                                                                f)));
        WorldRun saas = WorldRun.of(2, 1000, 180, 13L);
        WorldRun base = WorldRun.of(0, 1000, 180, 13L);
        assertThat(nonChurnerShare(saas, resolved))
                .isGreaterThan(0.1)
                .isGreaterThan(3 * nonChurnerShare(base, resolved));
        assertThat(nonChurnerShare(saas, downgradeThenComplaint))
                .isGreaterThan(0.03)
                .isGreaterThan(3 * nonChurnerShare(base, downgradeThenComplaint));
    }

    private static boolean isComplaint(CustomerEvent e) {
        return e.type() == EventType.UNSUBSCRIBED
                || (e instanceof CustomerEvent.SupportContact s
                        && s.category() == SupportCategory.PRICE
                        && s.sentiment() == Sentiment.NEGATIVE);
    }

    private static long supportContacts(List<CustomerEvent> evs, long from, long to) {
        return evs.stream()
                .filter(e -> e.type() == EventType.SUPPORT_CONTACT)
                .filter(e -> e.ts() >= from && e.ts() < to)
                .count();
    }

    private static double nonChurnerShare(WorldRun run, Predicate<List<CustomerEvent>> p) {
        int n = 0;
        int hits = 0;
        for (GroundTruth gt : run.truth) {
            if (!gt.churned()) {
                n++;
                hits += p.test(run.of(gt.customerId())) ? 1 : 0;
            }
        }
        return hits / (double) n;
    }

    private static boolean isSubscriptionOrder(CustomerEvent e) {
        return e instanceof CustomerEvent.Order o && Boolean.TRUE.equals(o.subscription());
    }
}
