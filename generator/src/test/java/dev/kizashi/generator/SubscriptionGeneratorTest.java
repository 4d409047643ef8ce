package dev.kizashi.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.model.PlanDirection;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionGeneratorTest {

    private static final GeneratorConfig CFG = GeneratorConfig.of(3000, 180, 7L);
    private static List<CustomerEvent> events;
    private static Map<String, List<CustomerEvent>> byCustomer;
    private static List<GroundTruth> truth;

    @BeforeAll
    static void generate() {
        SubscriptionGenerator g = new SubscriptionGenerator(CFG);
        events = toList(g.events());
        byCustomer = new HashMap<>();
        for (CustomerEvent e : events) {
            byCustomer.computeIfAbsent(e.customerId(), k -> new ArrayList<>()).add(e);
        }
        truth = new ArrayList<>(g.groundTruth());
    }

    private static List<CustomerEvent> toList(Iterator<CustomerEvent> it) {
        List<CustomerEvent> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static long ms(Instant i) {
        return i.toEpochMilli();
    }

    @Test
    void sameSeedSameStreamDifferentSeedDifferentStream() {
        GeneratorConfig small = GeneratorConfig.of(300, 60, 11L);
        List<CustomerEvent> a = toList(new SubscriptionGenerator(small).events());
        List<CustomerEvent> b = toList(new SubscriptionGenerator(small).events());
        assertThat(a).isNotEmpty().isEqualTo(b);
        List<CustomerEvent> c =
                toList(new SubscriptionGenerator(GeneratorConfig.of(300, 60, 12L)).events());
        assertThat(c).isNotEqualTo(a);
        assertThat(new SubscriptionGenerator(small).groundTruth())
                .isEqualTo(new SubscriptionGenerator(small).groundTruth());
        assertThat(SubscriptionGenerator.count(small)).isEqualTo(a.size());
    }

    @Test
    void globalTimestampOrderInsideThePeriodWithUniqueIds() {
        long start = ms(CFG.start());
        long end = ms(CFG.end());
        long prev = Long.MIN_VALUE;
        Set<String> ids = new HashSet<>();
        for (CustomerEvent e : events) {
            assertThat(e.ts())
                    .isGreaterThanOrEqualTo(prev)
                    .isGreaterThanOrEqualTo(start)
                    .isLessThan(end);
            prev = e.ts();
            assertThat(ids.add(e.eventId())).as("unique %s", e.eventId()).isTrue();
            assertThat(e.customerId()).matches("c-\\d{6}");
            assertThat(e.eventId()).startsWith("g-" + e.customerId().substring(2) + "-");
        }
        assertThat(byCustomer).hasSize(CFG.customers());
        assertThat(events.size()).isGreaterThan(CFG.customers() * 50);
    }

    @Test
    void everyCustomerEventTypeAppears() {
        EnumSet<EventType> seen = EnumSet.noneOf(EventType.class);
        for (CustomerEvent e : events) {
            seen.add(e.type());
        }
        // The business's retention actions appear only when its response is simulated.
        assertThat(seen)
                .containsExactlyInAnyOrderElementsOf(
                        EnumSet.complementOf(EnumSet.of(EventType.RETENTION_ACTION)));
        Set<PlanDirection> directions = EnumSet.noneOf(PlanDirection.class);
        Set<SupportCategory> categories = EnumSet.noneOf(SupportCategory.class);
        Set<Sentiment> sentiments = EnumSet.noneOf(Sentiment.class);
        for (CustomerEvent e : events) {
            if (e instanceof CustomerEvent.PlanChanged p) {
                directions.add(p.direction());
            } else if (e instanceof CustomerEvent.SupportContact s) {
                categories.add(s.category());
                sentiments.add(s.sentiment());
            }
        }
        assertThat(directions).hasSize(2);
        assertThat(categories).hasSize(SupportCategory.values().length);
        assertThat(sentiments).hasSize(3);
    }

    @Test
    void churnShareIsInRangeForLongAndShortPeriods() {
        assertThat(churnShare(truth)).isBetween(0.25, 0.35);
        List<GroundTruth> shortRun =
                new SubscriptionGenerator(GeneratorConfig.of(20_000, 60, 3L)).groundTruth();
        assertThat(churnShare(shortRun)).isBetween(0.25, 0.35);
        long cancelled = truth.stream().filter(t -> t.kind() == ChurnKind.CANCELLED).count();
        long silent = truth.stream().filter(t -> t.kind() == ChurnKind.SILENT).count();
        assertThat(cancelled).isPositive();
        assertThat(silent).isPositive();
    }

    private static double churnShare(List<GroundTruth> labels) {
        return labels.stream().filter(GroundTruth::churned).count() / (double) labels.size();
    }

    @Test
    void groundTruthMatchesTheStream() {
        for (GroundTruth gt : truth) {
            List<CustomerEvent> evs = byCustomer.get(gt.customerId());
            long cancels =
                    evs.stream().filter(e -> e.type() == EventType.SUBSCRIPTION_CANCELLED).count();
            if (!gt.churned()) {
                assertThat(cancels).isZero();
                assertThat(gt.precursors()).isEmpty();
                continue;
            }
            long churn = ms(gt.churnTime());
            assertThat(gt.precursors()).isNotEmpty();
            for (PlantedPrecursor p : gt.precursors()) {
                assertThat(p.time()).isBefore(gt.churnTime());
            }
            for (CustomerEvent e : evs) {
                if (e.type() == EventType.ORDER) {
                    assertThat(e.ts())
                            .as("order after churn of %s", gt.customerId())
                            .isLessThan(churn);
                }
                if (gt.kind() == ChurnKind.SILENT) {
                    assertThat(e.ts()).isLessThan(churn);
                } else {
                    assertThat(e.ts()).isLessThanOrEqualTo(churn);
                }
            }
            if (gt.kind() == ChurnKind.CANCELLED) {
                assertThat(cancels).isOne();
                assertThat(evs.get(evs.size() - 1).type())
                        .isEqualTo(EventType.SUBSCRIPTION_CANCELLED);
                assertThat(evs.get(evs.size() - 1).ts()).isEqualTo(churn);
            } else {
                assertThat(cancels).isZero();
            }
        }
    }

    @Test
    void plantedPrecursorsAppearInTheStreamBeforeChurn() {
        Map<PrecursorKind, Integer> checked = new HashMap<>();
        for (GroundTruth gt : truth) {
            if (!gt.churned()) {
                continue;
            }
            List<CustomerEvent> evs = byCustomer.get(gt.customerId());
            long churn = ms(gt.churnTime());
            for (PlantedPrecursor p : gt.precursors()) {
                long t = ms(p.time());
                checked.merge(p.kind(), 1, Integer::sum);
                switch (p.kind()) {
                    case SKIPPED_CYCLE ->
                            assertThat(evs)
                                    .anyMatch(
                                            e ->
                                                    e.type() == EventType.CYCLE_SKIPPED
                                                            && e.ts() == t);
                    case SUPPORT_SPIKE -> {
                        long n =
                                evs.stream()
                                        .filter(e -> e instanceof CustomerEvent.SupportContact)
                                        .filter(
                                                e ->
                                                        e.ts() >= t
                                                                && e.ts()
                                                                        <= t
                                                                                + Duration.ofDays(
                                                                                                14)
                                                                                        .toMillis())
                                        .count();
                        assertThat(n).as("spike of %s", gt.customerId()).isGreaterThanOrEqualTo(3);
                    }
                    case CANCEL_INTENT ->
                            assertThat(evs)
                                    .anyMatch(
                                            e ->
                                                    e instanceof CustomerEvent.SupportContact s
                                                            && s.category()
                                                                    == SupportCategory
                                                                            .CANCEL_REQUEST
                                                            && e.ts() == t);
                    case PAYMENT_FAILURE_UNRECOVERED -> {
                        assertThat(evs)
                                .anyMatch(
                                        e ->
                                                e.type() == EventType.PAYMENT_FAILED
                                                        && Math.abs(e.ts() - t)
                                                                <= Duration.ofHours(12).toMillis());
                        assertThat(evs)
                                .noneMatch(
                                        e ->
                                                e.type() == EventType.PAYMENT_RECOVERED
                                                        && e.ts()
                                                                >= t
                                                                        - Duration.ofHours(12)
                                                                                .toMillis());
                        assertThat(evs).noneMatch(e -> e.type() == EventType.ORDER && e.ts() > t);
                    }
                    case DOWNGRADE_SEQUENCE -> {
                        assertThat(evs)
                                .anyMatch(
                                        e ->
                                                e instanceof CustomerEvent.PlanChanged pc
                                                        && pc.direction() == PlanDirection.DOWN
                                                        && e.ts() == t);
                        assertThat(evs)
                                .anyMatch(
                                        e ->
                                                e.ts() > t
                                                        && e.ts() < churn
                                                        && (e.type() == EventType.UNSUBSCRIBED
                                                                || (e
                                                                                instanceof
                                                                                CustomerEvent
                                                                                                .SupportContact
                                                                                        s
                                                                        && s.sentiment()
                                                                                == Sentiment
                                                                                        .NEGATIVE)));
                    }
                    case DORMANT -> {
                        assertThat(churn - t)
                                .isGreaterThanOrEqualTo(Duration.ofDays(14).toMillis());
                        assertThat(evs).noneMatch(e -> e.ts() >= t && e.ts() < churn);
                    }
                    case OVERDUE_ORDER ->
                            assertThat(evs)
                                    .noneMatch(e -> e.type() == EventType.ORDER && e.ts() >= t);
                    case ENGAGEMENT_DROP, HIGH_VALUE_SLOWDOWN -> {}
                }
            }
        }
        assertThat(checked.keySet()).containsExactlyInAnyOrder(PrecursorKind.values());
        assertThat(checked.get(PrecursorKind.ENGAGEMENT_DROP))
                .isEqualTo((int) truth.stream().filter(GroundTruth::churned).count());
    }

    @Test
    void churnersEngagementDecaysAgainstTheirOwnBaseline() {
        double before = 0;
        double beforeDays = 0;
        double late = 0;
        double lateDays = 0;
        for (GroundTruth gt : truth) {
            if (!gt.churned()) {
                continue;
            }
            PlantedPrecursor drop =
                    gt.precursors().stream()
                            .filter(p -> p.kind() == PrecursorKind.ENGAGEMENT_DROP)
                            .findFirst()
                            .orElseThrow();
            long d = ms(drop.time());
            long c = ms(gt.churnTime());
            long lateFrom = d + (c - d) / 2;
            List<CustomerEvent> evs = byCustomer.get(gt.customerId());
            long first = evs.get(0).ts();
            for (CustomerEvent e : evs) {
                boolean engagement =
                        e.type() == EventType.LOGIN || e.type() == EventType.MESSAGE_OPENED;
                if (engagement && e.ts() < d) {
                    before++;
                } else if (engagement && e.ts() >= lateFrom && e.ts() < c) {
                    late++;
                }
            }
            beforeDays += (d - first) / 86_400_000.0;
            lateDays += (c - lateFrom) / 86_400_000.0;
        }
        double ratio = (late / lateDays) / (before / beforeDays);
        assertThat(ratio).isLessThan(0.5);
    }

    @Test
    void nonChurnersShowTransientNoise() {
        int nonChurners = 0;
        int skipped = 0;
        int negative = 0;
        int recovered = 0;
        int cancelRequests = 0;
        int quiet = 0;
        for (GroundTruth gt : truth) {
            if (gt.churned()) {
                continue;
            }
            nonChurners++;
            List<CustomerEvent> evs = byCustomer.get(gt.customerId());
            boolean s = false;
            boolean n = false;
            boolean r = false;
            boolean c = false;
            long maxGap = 0;
            for (int i = 0; i < evs.size(); i++) {
                CustomerEvent e = evs.get(i);
                s |= e.type() == EventType.CYCLE_SKIPPED;
                r |= e.type() == EventType.PAYMENT_RECOVERED;
                if (e instanceof CustomerEvent.SupportContact sc) {
                    n |= sc.sentiment() == Sentiment.NEGATIVE;
                    c |= sc.category() == SupportCategory.CANCEL_REQUEST;
                }
                if (i > 0) {
                    maxGap = Math.max(maxGap, e.ts() - evs.get(i - 1).ts());
                }
            }
            skipped += s ? 1 : 0;
            negative += n ? 1 : 0;
            recovered += r ? 1 : 0;
            cancelRequests += c ? 1 : 0;
            quiet += maxGap >= Duration.ofDays(7).toMillis() ? 1 : 0;
        }
        assertThat(skipped).isGreaterThan(nonChurners / 10);
        assertThat(negative).isGreaterThan(nonChurners / 5);
        assertThat(recovered).isGreaterThan(nonChurners / 20);
        assertThat(cancelRequests).isPositive();
        assertThat(quiet).isGreaterThan(nonChurners / 10);
    }

    @Test
    void customersHaveTheirOwnRhythmAndValue() {
        Map<String, Double> spend = new HashMap<>();
        Map<String, List<Long>> repeatOrders = new HashMap<>();
        for (CustomerEvent e : events) {
            if (e instanceof CustomerEvent.Order o) {
                spend.merge(o.customerId(), o.amount(), Double::sum);
                if (!o.subscription()) {
                    repeatOrders
                            .computeIfAbsent(o.customerId(), k -> new ArrayList<>())
                            .add(o.ts());
                }
            }
        }
        List<Double> sorted = spend.values().stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        double p90 = sorted.get((int) (sorted.size() * 0.9));
        assertThat(p90).isGreaterThan(2.5 * median);
        // repeat buyers' mean gaps differ from customer to customer
        List<Double> meanGaps = new ArrayList<>();
        for (List<Long> ts : repeatOrders.values()) {
            if (ts.size() >= 4) {
                meanGaps.add((ts.get(ts.size() - 1) - ts.get(0)) / 86_400_000.0 / (ts.size() - 1));
            }
        }
        List<Double> g = meanGaps.stream().sorted().toList();
        assertThat(g.size()).isGreaterThan(100);
        assertThat(g.get((int) (g.size() * 0.9))).isGreaterThan(2 * g.get((int) (g.size() * 0.1)));
    }

    @Test
    void badLinesAreInsertedAtRoughlyTheConfiguredRateAndCounted() {
        GeneratorConfig cfg = GeneratorConfig.of(300, 90, 5L).withBadLineRate(0.05);
        SubscriptionGenerator g = new SubscriptionGenerator(cfg);
        Function<CustomerEvent, String> encoder = e -> "GOOD " + e.eventId() + " END";
        long good = 0;
        long bad = 0;
        for (Iterator<String> it = g.lines(encoder); it.hasNext(); ) {
            String line = it.next();
            if (line.startsWith("GOOD ") && line.endsWith(" END")) {
                good++;
            } else {
                bad++;
                assertThat(line).isNotBlank();
            }
        }
        assertThat(good).isEqualTo(SubscriptionGenerator.count(cfg));
        assertThat(g.badLinesEmitted()).isEqualTo(bad);
        assertThat(bad / (double) (good + bad)).isBetween(0.04, 0.06);
        assertThat(g.badLinesByKind()).containsOnlyKeys(BadLineKind.values());
        assertThat(g.badLinesByKind().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(bad);

        SubscriptionGenerator clean = new SubscriptionGenerator(cfg.withBadLineRate(0));
        clean.lines(encoder).forEachRemaining(l -> assertThat(l).startsWith("GOOD "));
        assertThat(clean.badLinesEmitted()).isZero();
    }

    @Test
    void labelsCsvRoundTrips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labels.csv");
        LabelsCsv.write(file, truth);
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("customerId,churned,churnTime,kind,precursors");
        assertThat(lines).hasSize(truth.size() + 1);
        assertThat(LabelsCsv.read(file)).isEqualTo(truth);
        assertThat(lines).anyMatch(l -> l.matches("c-\\d{6},false,,NONE,"));
        assertThat(lines)
                .anyMatch(
                        l ->
                                l.matches(
                                        "c-\\d{6},true,2026-.*Z,(CANCELLED|SILENT),ENGAGEMENT_DROP@.*|.*\\|.*"));
    }

    @Test
    void configValidationAndDefaults() {
        GeneratorConfig d = GeneratorConfig.defaults();
        assertThat(d.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(d.end()).isEqualTo(Instant.parse("2026-06-30T00:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeneratorConfig.of(10, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> GeneratorConfig.of(10, 10, 1).withBadLineRate(0.9))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SubscriptionGenerator.count(GeneratorConfig.of(0, 10, 1))).isZero();
        assertThat(SubscriptionGenerator.customerId(123)).isEqualTo("c-000123");
    }
}
