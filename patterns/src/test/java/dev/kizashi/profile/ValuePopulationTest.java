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

    private static CustomerProfile customer(double spend, int orderDays) {
        CustomerProfile p = new CustomerProfile();
        p.totalSpend = spend;
        p.orderDays = orderDays;
        return p;
    }

    /** Customers with spend 1..n (and order days 1..n), each observed once in epoch 0. */
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
            switch (pop.tierOf(p)) {
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
        assertThat(pop.topDecileSpend()).isCloseTo(901, within(2.0));
    }

    @Test
    void aCustomerIsCountedOncePerEpochAndAgainInTheNext() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 1);
        CustomerProfile p = customer(50, 2);
        pop.observe(p, DAY_MS);
        pop.observe(p, 2 * DAY_MS);
        assertThat(pop.rankedPopulation()).isEqualTo(1);
        pop.observe(p, EPOCH + DAY_MS);
        // the next epoch ranks against the complete one: still one customer
        assertThat(pop.rankedPopulation()).isEqualTo(1);
        assertThat(p.valueEpoch).isEqualTo(2);
    }

    @Test
    void customersWithoutOrdersAreUnrankedAndNotCounted() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 1);
        CustomerProfile browser = customer(0, 0);
        pop.observe(browser, 0);
        assertThat(pop.rankedPopulation()).isZero();
        assertThat(pop.tierOf(browser)).isEqualTo(ValuePopulation.TIER_UNRANKED);
        assertThat(pop.monetaryScore(browser)).isZero();
    }

    @Test
    void belowTheMinimumPopulationNobodyIsRankedAndNoThresholdExists() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 100);
        List<CustomerProfile> all = observeRamp(pop, 99, 0);
        assertThat(pop.tierOf(all.get(98))).isEqualTo(ValuePopulation.TIER_UNRANKED);
        assertThat(pop.topDecileSpend()).isInfinite();
        assertThat(pop.frequencyScore(all.get(98))).isZero();
    }

    @Test
    void withinAnEpochTiersComeFromTheCompleteEpochAndDoNotMove() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        observeRamp(pop, 100, 0); // epoch 0: spends 1..100
        CustomerProfile rich = customer(95, 5);
        pop.observe(rich, EPOCH); // epoch 1 begins; epoch 0 is complete
        double threshold = pop.topDecileSpend();
        // a flood of big spenders in the running epoch does not move today's tiers
        for (int i = 0; i < 500; i++) {
            pop.observe(customer(10_000 + i, 9), EPOCH + DAY_MS);
        }
        assertThat(pop.topDecileSpend()).isEqualTo(threshold);
        assertThat(pop.tierOf(rich)).isEqualTo(ValuePopulation.TIER_TOP_10);
        // the epoch after ranks against them
        pop.observe(rich, 2 * EPOCH);
        assertThat(pop.tierOf(rich)).isEqualTo(ValuePopulation.TIER_LOW);
    }

    @Test
    void quintileScoresGiveTiesAtABoundaryTheLowerScore() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        // like a retail log: 60% one order day, then 2, 3, 4 and 10 order days
        int[] orderDays = {1, 1, 1, 1, 1, 1, 2, 3, 4, 10};
        List<CustomerProfile> all = new ArrayList<>();
        for (int rep = 0; rep < 10; rep++) {
            for (int d : orderDays) {
                CustomerProfile p = customer(d * 10.0, d);
                pop.observe(p, 0);
                all.add(p);
            }
        }
        // quintile bounds 1, 1, 1, 3: the one-order 60% score 1, 2 and 3 order days 4
        assertThat(pop.frequencyScore(customer(10, 1))).isEqualTo(1);
        assertThat(pop.frequencyScore(customer(20, 2))).isEqualTo(4);
        assertThat(pop.frequencyScore(customer(30, 3))).isEqualTo(4);
        assertThat(pop.frequencyScore(customer(40, 4))).isEqualTo(5);
        assertThat(pop.frequencyScore(customer(100, 10))).isEqualTo(5);
        assertThat(pop.monetaryScore(customer(100, 10))).isEqualTo(5);
    }

    @Test
    void aGapOfEmptyEpochsForgetsTheOldPopulation() {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        observeRamp(pop, 50, 0);
        pop.observe(customer(1, 1), 5 * EPOCH);
        assertThat(pop.rankedPopulation()).isZero();
    }

    @Property(tries = 30)
    void restoringTheSerialisedStateGivesTheSameRanks(
            @ForAll @IntRange(min = 1, max = 3000) int n, @ForAll long seed) {
        ValuePopulation pop = new ValuePopulation(EPOCH, 10);
        Random r = new Random(seed);
        List<CustomerProfile> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CustomerProfile p = customer(Math.exp(r.nextGaussian() * 2 + 5), 1 + r.nextInt(20));
            pop.observe(p, r.nextInt(2) * EPOCH + r.nextInt(1000));
            all.add(p);
        }
        ValuePopulation back = ValuePopulation.restore(EPOCH, 10, List.of(pop.toBytes()));
        assertThat(back.rankedPopulation()).isEqualTo(pop.rankedPopulation());
        assertThat(back.topDecileSpend()).isEqualTo(pop.topDecileSpend());
        for (CustomerProfile p : all) {
            assertThat(back.tierOf(p)).isEqualTo(pop.tierOf(p));
            assertThat(back.monetaryScore(p)).isEqualTo(pop.monetaryScore(p));
            assertThat(back.frequencyScore(p)).isEqualTo(pop.frequencyScore(p));
        }
    }

    @Test
    void restoringFromSeveralInstancesRanksAgainstTheirUnion() {
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
        ValuePopulation merged =
                ValuePopulation.restore(EPOCH, 100, List.of(a.toBytes(), b.toBytes()));
        assertThat(merged.rankedPopulation()).isEqualTo(1000);
        assertThat(merged.topDecileSpend()).isCloseTo(901, within(2.0));
        // a piece one epoch behind counts as the complete epoch
        ValuePopulation later = new ValuePopulation(EPOCH, 100);
        later.observe(customer(5, 1), EPOCH + DAY_MS);
        ValuePopulation mixed =
                ValuePopulation.restore(
                        EPOCH, 100, List.of(a.toBytes(), b.toBytes(), later.toBytes()));
        assertThat(mixed.rankedPopulation()).isEqualTo(1000);
    }
}
