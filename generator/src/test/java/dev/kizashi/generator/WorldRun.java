package dev.kizashi.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One generated world in memory, and the contract every world's stream and labels keep. */
final class WorldRun {

    static final long DAY_MS = Duration.ofDays(1).toMillis();
    static final long HOUR_MS = Duration.ofHours(1).toMillis();

    final GeneratorConfig config;
    final List<CustomerEvent> events = new ArrayList<>();
    final Map<String, List<CustomerEvent>> byCustomer = new HashMap<>();
    final List<GroundTruth> truth;

    WorldRun(GeneratorConfig config) {
        this.config = config;
        SubscriptionGenerator g = new SubscriptionGenerator(config);
        g.events().forEachRemaining(events::add);
        for (CustomerEvent e : events) {
            byCustomer.computeIfAbsent(e.customerId(), k -> new ArrayList<>()).add(e);
        }
        truth = new ArrayList<>(g.groundTruth());
    }

    static WorldRun of(int world, int customers, int days, long seed) {
        return new WorldRun(GeneratorConfig.of(customers, days, seed).withWorld(World.of(world)));
    }

    List<CustomerEvent> of(String customerId) {
        return byCustomer.getOrDefault(customerId, List.of());
    }

    /** The plan behind customer {@code index} (same package: the test may look inside). */
    CustomerPlan plan(int index) {
        return new CustomerPlan(
                config.seed(), index, config.days() * CustomerPlan.DAY, config.world());
    }

    long count(EventType type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    /**
     * Time order inside the period, unique ids, only the types the world sends; churners: nothing
     * after the churn, one final cancellation or a silence; precursors before the churn and visible
     * in the stream.
     */
    void assertContract() {
        long start = config.start().toEpochMilli();
        long end = config.end().toEpochMilli();
        long prev = Long.MIN_VALUE;
        Set<String> ids = new HashSet<>();
        for (CustomerEvent e : events) {
            assertThat(e.ts()).isGreaterThanOrEqualTo(prev).isGreaterThanOrEqualTo(start);
            assertThat(e.ts()).isLessThan(end);
            prev = e.ts();
            assertThat(ids.add(e.eventId())).as("unique %s", e.eventId()).isTrue();
            assertThat(config.world().sends(e.type())).as("%s sent", e.type()).isTrue();
        }
        for (GroundTruth gt : truth) {
            List<CustomerEvent> evs = of(gt.customerId());
            long cancels =
                    evs.stream().filter(e -> e.type() == EventType.SUBSCRIPTION_CANCELLED).count();
            if (!gt.churned()) {
                assertThat(cancels).as(gt.customerId()).isZero();
                assertThat(gt.precursors()).isEmpty();
                continue;
            }
            long churn = gt.churnTime().toEpochMilli();
            assertThat(churn).isBetween(start, end);
            for (CustomerEvent e : evs) {
                if (e.type() == EventType.ORDER) {
                    assertThat(e.ts())
                            .as("order after churn of %s", gt.customerId())
                            .isLessThan(churn);
                }
                if (gt.kind() == ChurnKind.SILENT) {
                    assertThat(e.ts()).as("silent %s", gt.customerId()).isLessThan(churn);
                }
            }
            if (gt.kind() == ChurnKind.CANCELLED) {
                assertThat(cancels).as(gt.customerId()).isOne();
                CustomerEvent last = evs.get(evs.size() - 1);
                assertThat(last.type()).isEqualTo(EventType.SUBSCRIPTION_CANCELLED);
                assertThat(last.ts()).isEqualTo(churn);
            } else {
                assertThat(cancels).isZero();
            }
            for (PlantedPrecursor p : gt.precursors()) {
                assertThat(p.time()).isBefore(gt.churnTime());
                assertVisible(gt, p, evs, churn);
            }
        }
    }

    private static void assertVisible(
            GroundTruth gt, PlantedPrecursor p, List<CustomerEvent> evs, long churn) {
        long t = p.time().toEpochMilli();
        String who = gt.customerId() + " " + p.kind();
        switch (p.kind()) {
            case SKIPPED_CYCLE ->
                    assertThat(evs)
                            .as(who)
                            .anyMatch(e -> e.type() == EventType.CYCLE_SKIPPED && e.ts() == t);
            case SUPPORT_SPIKE ->
                    assertThat(
                                    evs.stream()
                                            .filter(e -> e.type() == EventType.SUPPORT_CONTACT)
                                            .filter(e -> e.ts() >= t && e.ts() <= t + 14 * DAY_MS)
                                            .count())
                            .as(who)
                            .isGreaterThanOrEqualTo(3);
            case CANCEL_INTENT ->
                    assertThat(evs)
                            .as(who)
                            .anyMatch(
                                    e ->
                                            e instanceof CustomerEvent.SupportContact s
                                                    && s.category()
                                                            == SupportCategory.CANCEL_REQUEST
                                                    && e.ts() == t);
            case PAYMENT_FAILURE_UNRECOVERED -> {
                assertThat(evs)
                        .as(who)
                        .anyMatch(
                                e ->
                                        e.type() == EventType.PAYMENT_FAILED
                                                && Math.abs(e.ts() - t) <= 12 * HOUR_MS);
                assertThat(evs)
                        .as(who)
                        .noneMatch(
                                e ->
                                        e.type() == EventType.PAYMENT_RECOVERED
                                                && e.ts() >= t - 12 * HOUR_MS);
                assertThat(evs).as(who).noneMatch(e -> e.type() == EventType.ORDER && e.ts() > t);
            }
            case DOWNGRADE_SEQUENCE -> {
                assertThat(evs)
                        .as(who)
                        .anyMatch(
                                e ->
                                        e instanceof CustomerEvent.PlanChanged pc
                                                && pc.direction() == PlanDirection.DOWN
                                                && e.ts() == t);
                assertThat(evs)
                        .as(who)
                        .anyMatch(
                                e ->
                                        e.ts() > t
                                                && e.ts() < churn
                                                && (e.type() == EventType.UNSUBSCRIBED
                                                        || (e
                                                                        instanceof
                                                                        CustomerEvent.SupportContact
                                                                                s
                                                                && s.sentiment()
                                                                        == Sentiment.NEGATIVE)));
            }
            case DORMANT -> {
                assertThat(churn - t).as(who).isGreaterThanOrEqualTo(14 * DAY_MS);
                assertThat(evs).as(who).noneMatch(e -> e.ts() >= t && e.ts() < churn);
            }
            case OVERDUE_ORDER ->
                    assertThat(evs)
                            .as(who)
                            .noneMatch(e -> e.type() == EventType.ORDER && e.ts() >= t);
            case ENGAGEMENT_DROP, HIGH_VALUE_SLOWDOWN -> {}
        }
    }
}
