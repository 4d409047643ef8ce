package dev.kizashi.profile;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ValuePopulationTest {
    private static final long EPOCH = 30 * DAY_MS;

    /** An event time two epochs after epoch 0: ranks there use epoch 0. */
    private static final long NEXT = 2 * EPOCH + DAY_MS;

    private static CustomerProfile customer(double spend, int orderDays) {
        CustomerProfile p = new CustomerProfile();
        p.totalSpend = spend;
        p.orderDays = orderDays;
        return p;
    }

    /** Customers with spend 1..n (and order days 1..n), each observed once at {@code ts}. */
    private static List<CustomerProfile> observeRamp(ValuePopulation pop, int n, long ts) {
        List<CustomerProfile> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            CustomerProfile p = customer(i, i);
            pop.observe(p, ts);
            all.add(p);
        }
        return all;
    }

    @Test
    void tiersSplitARampAtTheFortiethSeventiethAndNinetiethPercentiles() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 100);
        List<CustomerProfile> all = observeRamp(pop, 1000, 0);
        int top10 = 0, top30 = 0, middle = 0, low = 0;
        for (CustomerProfile p : all) {
            switch (pop.tierOf(p, NEXT)) {
                case ValuePopulation.TIER_TOP_10 -> top10++;
                case ValuePopulation.TIER_TOP_30 -> top30++;
                case ValuePopulation.TIER_MIDDLE -> middle++;
                default -> low++;
            }
        }
        // three significant digits: boundaries within one value of 400, 700, 900
        assertThat(top10).isBetween(99, 102);
        assertThat(top30).isBetween(198, 202);
        assertThat(middle).isBetween(298, 302);
        assertThat(low).isBetween(398, 402);
        assertThat(pop.topDecileSpendAt(NEXT)).isCloseTo(901, within(2.0));
    }

    @Test
    void ranksUseTheEpochThatEndedAWholeEpochBefore() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        List<CustomerProfile> all = observeRamp(pop, 100, DAY_MS);
        assertThat(pop.tierOf(all.get(99), DAY_MS))
                .as("epoch 0 is not complete during epoch 0")
                .isEqualTo(ValuePopulation.TIER_UNRANKED);
        assertThat(pop.tierOf(all.get(99), EPOCH + DAY_MS))
                .as("nor safely so during epoch 1: stragglers may still come")
                .isEqualTo(ValuePopulation.TIER_UNRANKED);
        assertThat(pop.tierOf(all.get(99), NEXT)).isEqualTo(ValuePopulation.TIER_TOP_10);
        assertThat(pop.rankedPopulation(3 * EPOCH + DAY_MS)).as("epoch 1 saw nobody").isZero();
    }

    @Test
    void aCustomerIsCountedOncePerEpochAndAgainInTheNext() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 1);
        CustomerProfile p = customer(50, 2);
        pop.observe(p, DAY_MS);
        pop.observe(p, 2 * DAY_MS);
        assertThat(pop.rankedPopulation(NEXT)).isEqualTo(1);
        pop.observe(p, EPOCH + DAY_MS);
        assertThat(pop.rankedPopulation(3 * EPOCH)).isEqualTo(1);
        assertThat(p.valueEpoch).isEqualTo(2);
    }

    @Test
    void customersWithoutOrdersAreUnrankedAndNotCounted() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 1);
        CustomerProfile browser = customer(0, 0);
        pop.observe(browser, 0);
        assertThat(pop.rankedPopulation(NEXT)).isZero();
        assertThat(pop.tierOf(browser, NEXT)).isEqualTo(ValuePopulation.TIER_UNRANKED);
        assertThat(pop.monetaryScore(browser, NEXT)).isZero();
    }

    @Test
    void belowTheMinimumPopulationNobodyIsRankedAndNoThresholdExists() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 100);
        List<CustomerProfile> all = observeRamp(pop, 99, 0);
        assertThat(pop.tierOf(all.get(98), NEXT)).isEqualTo(ValuePopulation.TIER_UNRANKED);
        assertThat(pop.topDecileSpendAt(NEXT)).isInfinite();
        assertThat(pop.frequencyScore(all.get(98), NEXT)).isZero();
    }

    @Test
    void theRunningEpochDoesNotMoveTodaysRanks() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        observeRamp(pop, 100, 0); // epoch 0: spends 1..100
        CustomerProfile rich = customer(95, 5);
        double threshold = pop.topDecileSpendAt(NEXT);
        for (int i = 0; i < 500; i++) {
            pop.observe(customer(10_000 + i, 9), 2 * EPOCH + DAY_MS);
        }
        assertThat(pop.topDecileSpendAt(NEXT)).isEqualTo(threshold);
        assertThat(pop.tierOf(rich, NEXT)).isEqualTo(ValuePopulation.TIER_TOP_10);
        assertThat(pop.tierOf(rich, 4 * EPOCH)).isEqualTo(ValuePopulation.TIER_LOW);
    }

    @Test
    void aStragglerOfTheCompleteEpochStillCounts() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 1);
        pop.observe(customer(10, 1), EPOCH + DAY_MS); // epoch 1 already running
        pop.observe(customer(20, 1), EPOCH - 1); // an epoch-0 event arriving after it
        assertThat(pop.rankedPopulation(NEXT)).isEqualTo(1);
    }

    @Test
    void quintileScoresGiveTiesAtABoundaryTheLowerScore() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        // like a retail log: 60% one order day, then 2, 3, 4 and 10 order days
        int[] orderDays = {1, 1, 1, 1, 1, 1, 2, 3, 4, 10};
        for (int rep = 0; rep < 10; rep++) {
            for (int d : orderDays) {
                pop.observe(customer(d * 10.0, d), 0);
            }
        }
        // quintile bounds 1, 1, 1, 3: the one-order 60% score 1, 2 and 3 order days 4
        assertThat(pop.frequencyScore(customer(10, 1), NEXT)).isEqualTo(1);
        assertThat(pop.frequencyScore(customer(20, 2), NEXT)).isEqualTo(4);
        assertThat(pop.frequencyScore(customer(30, 3), NEXT)).isEqualTo(4);
        assertThat(pop.frequencyScore(customer(40, 4), NEXT)).isEqualTo(5);
        assertThat(pop.monetaryScore(customer(100, 10), NEXT)).isEqualTo(5);
    }

    @Test
    void oldEpochsAreDropped() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        observeRamp(pop, 50, 0);
        pop.observe(customer(1, 1), 5 * EPOCH);
        assertThat(pop.rankedPopulation(NEXT)).isZero();
    }

    @Property(tries = 30)
    void restoringTheSerialisedStateGivesTheSameRanks(
            @ForAll @IntRange(min = 1, max = 3000) int n, @ForAll long seed) {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        Random r = new Random(seed);
        List<CustomerProfile> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CustomerProfile p = customer(Math.exp(r.nextGaussian() * 2 + 5), 1 + r.nextInt(20));
            pop.observe(p, r.nextInt(3) * EPOCH + r.nextInt(1000));
            all.add(p);
        }
        ValuePopulation back = ValuePopulation.restore(EPOCH, 10, List.of(pop.toBytes(0, 1)), 0, 1);
        for (long t : new long[] {NEXT, 3 * EPOCH + 5, 4 * EPOCH + 5}) {
            assertThat(back.rankedPopulation(t)).isEqualTo(pop.rankedPopulation(t));
            assertThat(back.topDecileSpendAt(t)).isEqualTo(pop.topDecileSpendAt(t));
            for (CustomerProfile p : all) {
                assertThat(back.tierOf(p, t)).isEqualTo(pop.tierOf(p, t));
                assertThat(back.monetaryScore(p, t)).isEqualTo(pop.monetaryScore(p, t));
                assertThat(back.frequencyScore(p, t)).isEqualTo(pop.frequencyScore(p, t));
            }
        }
    }

    @Test
    void atTheSameParallelismEachInstanceTakesBackItsOwnAfterRescalingTheUnion() {
        // two instances, each with every other customer of a 1..1000 ramp, as after keyBy
        ValuePopulation a = new ValuePopulation(EPOCH, 100);
        ValuePopulation b = new ValuePopulation(EPOCH, 100);
        List<Integer> spends = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            spends.add(i);
        }
        Collections.shuffle(spends, new Random(7));
        for (int i = 0; i < spends.size(); i++) {
            (i % 2 == 0 ? a : b).observe(customer(spends.get(i), 1), DAY_MS);
        }
        List<byte[]> pieces = List.of(a.toBytes(0, 2), b.toBytes(1, 2));
        ValuePopulation again = ValuePopulation.restore(EPOCH, 100, pieces, 1, 2);
        assertThat(again.rankedPopulation(NEXT)).isEqualTo(500);
        assertThat(again.topDecileSpendAt(NEXT)).isEqualTo(b.topDecileSpendAt(NEXT));

        ValuePopulation rescaled = ValuePopulation.restore(EPOCH, 100, pieces, 0, 3);
        assertThat(rescaled.rankedPopulation(NEXT)).isEqualTo(1000);
        assertThat(rescaled.topDecileSpendAt(NEXT)).isCloseTo(901, within(2.0));
    }
}
