package dev.kizashi.dashboards.report;

import static dev.kizashi.dashboards.report.JourneySections.count;
import static dev.kizashi.dashboards.report.JourneySections.month;
import static dev.kizashi.dashboards.report.JourneySections.months;
import static dev.kizashi.dashboards.report.JourneySections.of;
import static dev.kizashi.dashboards.report.JourneySections.pct;
import static dev.kizashi.dashboards.report.JourneySections.share;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.pdca.JourneyTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The continuation analyses of the report, from the journey records: 回数別継続率 (of the customers who
 * got delivery k, the share who got delivery k+1, by entry plan and by acquisition cohort) and 休眠復帰
 * (returns after a cancellation or a dormant spell, and the deliveries that followed).
 *
 * <p>Censoring: whether delivery k+1 came can only be told once it was due. A k-th delivery counts
 * only when two of its cycles (60 days without a cycle) lie between it and the end of the data, so
 * a skipped cycle is not read as churn; the newest deliveries are left out, and marked.
 */
final class ContinuationSections {
    static final String ALL = "全体 all";

    /** Plans drawn as their own line; the rest are in "all" only. */
    static final int TOP_PLANS = 6;

    /** A rate from fewer matured deliveries than this is not drawn. */
    static final int MIN_BASE = 5;

    static final long DAY_MS = JourneyTracker.DAY_MS;

    /**
     * A cohort's rate is starred when this share of its k-th deliveries is too recent: the rate
     * then rests on the older ones only (every cohort's newest deliveries are censored).
     */
    static final double CENSORED_SHARE = 0.5;

    private ContinuationSections() {}

    static final String TITLE_LINES = "回数別継続率（プラン別） Continuation from delivery k to k+1";
    static final String TITLE_COHORTS = "回数別継続率（獲得月コホート別） Continuation by acquisition cohort";
    static final String TITLE_REACTIVATIONS = "休眠復帰 Reactivations by month";
    static final String TITLE_AFTER = "休眠復帰後の継続 What followed a reactivation";

    static void add(ObjectNode model, List<JourneyRecord> journeys, long dataEnd) {
        List<JourneyRecord> deliveries = of(journeys, r -> r.kind() == JourneyKind.DELIVERY);
        if (deliveries.isEmpty()) {
            String why = "no subscription delivery in this data (no order with subscription=true)";
            ReportSections.unavailable(model, "deliveryContinuation", TITLE_LINES, null, true, why);
            ReportSections.unavailable(model, "deliveryCohorts", TITLE_COHORTS, null, true, why);
        } else {
            Deliveries d = new Deliveries(deliveries, dataEnd);
            byPlan(model, d);
            byCohort(model, d);
        }
        reactivations(model, journeys);
    }

    /** The deliveries by customer and number, with each customer's entry plan and cohort. */
    static final class Deliveries {
        final Map<String, Map<Integer, JourneyRecord>> byCustomer = new TreeMap<>();
        final Map<String, String> plan = new HashMap<>();
        final long dataEnd;

        Deliveries(List<JourneyRecord> deliveries, long dataEnd) {
            this.dataEnd = dataEnd;
            for (JourneyRecord r : deliveries) {
                byCustomer.computeIfAbsent(r.customerId(), c -> new TreeMap<>()).put(r.k(), r);
            }
            byCustomer.forEach((c, ks) -> plan.put(c, ks.values().iterator().next().planId()));
        }

        /** Whether delivery k+1 was due by the end of the data (two cycles after delivery k). */
        boolean matured(JourneyRecord k) {
            long cycle = (k.cycleDays() > 0 ? k.cycleDays() : 30) * DAY_MS;
            return k.eventTime() + 2 * cycle <= dataEnd;
        }

        /** [matured k-deliveries, of them followed by k+1, censored k-deliveries] of customers. */
        int[] step(int k, java.util.function.Predicate<String> customers) {
            int[] out = new int[3];
            byCustomer.forEach(
                    (c, ks) -> {
                        JourneyRecord r = ks.get(k);
                        if (r == null || !customers.test(c)) {
                            return;
                        }
                        if (!matured(r)) {
                            out[2]++;
                            return;
                        }
                        out[0]++;
                        out[1] += ks.containsKey(k + 1) ? 1 : 0;
                    });
            return out;
        }
    }

    private static List<String> steps() {
        List<String> out = new ArrayList<>();
        for (int k = 1; k < JourneyTracker.MAX_DELIVERY; k++) {
            out.add(k + "→" + (k + 1));
        }
        return out;
    }

    private static void byPlan(ObjectNode model, Deliveries d) {
        Map<String, Integer> firsts = new HashMap<>();
        d.plan.values().forEach(p -> firsts.merge(p == null ? "(none)" : p, 1, Integer::sum));
        List<String> plans = JourneySections.mostCounted(firsts, TOP_PLANS);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put(ALL, rates(d, c -> true));
        for (String p : plans) {
            series.put(
                    p + " (n=" + firsts.get(p) + ")",
                    rates(d, c -> p.equals(d.plan.get(c) == null ? "(none)" : d.plan.get(c))));
        }
        double low =
                series.values().stream()
                        .flatMap(List::stream)
                        .filter(v -> v != null)
                        .mapToDouble(Double::doubleValue)
                        .min()
                        .orElse(0);
        ObjectNode chart =
                ReportSections.lines(steps(), series, true)
                        .put("valueName", "継続率 continuation")
                        .put("categoryName", "delivery k → k+1")
                        // continuation per delivery lives near the top: start the axis below
                        // the lowest point, at a tenth
                        .put("min", Math.max(0, Math.floor(low * 10 - 0.5) / 10))
                        .put("max", 1)
                        .put("interval", low >= 0.75 ? 0.05 : 0.1);
        ReportSections.add(
                        model,
                        "deliveryContinuation",
                        TITLE_LINES,
                        "of the customers who got subscription delivery k, the share who got"
                                + " delivery k+1; by the plan of their first delivery (the "
                                + TOP_PLANS
                                + " largest) and for all",
                        true,
                        chart)
                .put(
                        "note",
                        "Censored: a delivery counts only once two of its cycles have passed by the"
                                + " end of the data, so the newest deliveries are left out; a point"
                                + " from fewer than "
                                + MIN_BASE
                                + " deliveries is not drawn. Deliveries are recorded up to the "
                                + JourneyTracker.MAX_DELIVERY
                                + "th.");
    }

    private static List<Double> rates(Deliveries d, java.util.function.Predicate<String> who) {
        List<Double> out = new ArrayList<>();
        for (int k = 1; k < JourneyTracker.MAX_DELIVERY; k++) {
            int[] s = d.step(k, who);
            out.add(s[0] < MIN_BASE ? null : Math.round(10000.0 * s[1] / s[0]) / 10000.0);
        }
        return out;
    }

    private static void byCohort(ObjectNode model, Deliveries d) {
        Map<String, Set<String>> cohorts = new TreeMap<>();
        d.byCustomer.forEach(
                (c, ks) ->
                        cohorts.computeIfAbsent(
                                        ks.values().iterator().next().cohort(),
                                        x -> new HashSet<>())
                                .add(c));
        List<String> columns = new ArrayList<>(List.of("獲得月 cohort", "顧客 customers"));
        columns.addAll(steps());
        List<List<?>> rows = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        cohorts.forEach(
                (cohort, customers) -> {
                    List<Object> row = new ArrayList<>(List.of(cohort, customers.size()));
                    int starred = 0;
                    for (int k = 1; k < JourneyTracker.MAX_DELIVERY; k++) {
                        int[] s = d.step(k, customers::contains);
                        if (s[0] == 0) {
                            row.add(null);
                            continue;
                        }
                        // the newest deliveries of a cohort are always censored; a star says
                        // when they are so many that the rate rests on the older ones only
                        boolean star = s[2] >= CENSORED_SHARE * (s[0] + s[2]);
                        starred += star ? 1 : 0;
                        double v = (double) s[1] / s[0];
                        row.add(
                                Map.of(
                                        "value",
                                        Math.round(v * 10000) / 10000.0,
                                        "text",
                                        pct(v) + (star ? "*" : ""),
                                        "sub",
                                        "n=" + s[0]));
                    }
                    rows.add(row);
                    marks.add(
                            starred == 0
                                    ? null
                                    : "* censored: ≥"
                                            + Math.round(CENSORED_SHARE * 100)
                                            + "% of these deliveries too recent to tell");
                });
        ReportSections.add(
                model,
                "deliveryCohorts",
                TITLE_COHORTS,
                "per month the customer was first seen: continuation from delivery k to k+1 among"
                        + " the deliveries old enough to tell (n), as in the chart",
                true,
                ReportSections.table(columns, rows, marks));
    }

    private static void reactivations(ObjectNode model, List<JourneyRecord> journeys) {
        List<JourneyRecord> returns = of(journeys, r -> r.kind() == JourneyKind.REACTIVATION);
        if (returns.isEmpty()) {
            String why =
                    "no reactivation in this data: no order or subscription start after a"
                            + " cancellation, or after 30 days without activity (a running"
                            + " subscription's own rhythm is not one)";
            ReportSections.unavailable(
                    model, "reactivations", TITLE_REACTIVATIONS, null, false, why);
            ReportSections.unavailable(
                    model, "reactivationFollowUp", TITLE_AFTER, null, false, why);
            return;
        }
        List<String> months = months(returns);
        Map<String, List<Integer>> series = new LinkedHashMap<>();
        series.put("解約後の復帰 after a cancellation", perMonth(returns, months, true));
        series.put("休眠からの復帰 after 30+ days dormant", perMonth(returns, months, false));
        series.values().removeIf(v -> v.stream().allMatch(n -> n == 0)); // no empty legend entry
        ReportSections.add(
                model,
                "reactivations",
                TITLE_REACTIVATIONS,
                "orders or subscription starts after a cancellation or after 30 days without"
                        + " activity, per month",
                false,
                ReportSections.stackedColumns(months, series)
                        .put("valueName", "reactivations")
                        .put("totals", true));
        followUp(model, journeys, returns, months);
    }

    private static List<Integer> perMonth(
            List<JourneyRecord> returns, List<String> months, boolean afterCancellation) {
        List<Integer> out = new ArrayList<>();
        for (String m : months) {
            out.add(
                    count(
                            returns,
                            r -> r.afterCancellation() == afterCancellation && m.equals(month(r))));
        }
        return out;
    }

    /** Per month of return: how far the customers had gone, and how many deliveries followed. */
    private static void followUp(
            ObjectNode model,
            List<JourneyRecord> journeys,
            List<JourneyRecord> returns,
            List<String> months) {
        // each return's deliveries since: the highest count of the customer's deliveries after it
        // and before the customer's next return
        Map<JourneyRecord, Integer> since = new HashMap<>();
        Map<String, List<JourneyRecord>> byCustomer = new TreeMap<>();
        journeys.forEach(
                r -> byCustomer.computeIfAbsent(r.customerId(), c -> new ArrayList<>()).add(r));
        for (List<JourneyRecord> rs : byCustomer.values()) {
            rs.sort(
                    Comparator.comparingLong(JourneyRecord::eventTime)
                            .thenComparing(JourneyRecord::kind));
            JourneyRecord open = null;
            for (JourneyRecord r : rs) {
                if (r.kind() == JourneyKind.REACTIVATION) {
                    open = r;
                    since.put(r, 0);
                } else if (open != null
                        && r.kind() == JourneyKind.DELIVERY
                        && r.afterReactivation()) {
                    since.merge(open, r.deliveriesSinceReactivation(), Math::max);
                }
            }
        }
        List<List<?>> rows = new ArrayList<>();
        for (String m : months) {
            List<JourneyRecord> group = of(returns, r -> m.equals(month(r)));
            if (group.isEmpty()) {
                continue;
            }
            int n = group.size();
            int[] days = group.stream().mapToInt(JourneyRecord::daysAway).sorted().toArray();
            rows.add(
                    java.util.Arrays.asList(
                            m,
                            n,
                            share(count(group, JourneyRecord::afterCancellation), n),
                            days[(days.length - 1) / 2],
                            share(count(group, r -> since.getOrDefault(r, 0) >= 1), n),
                            share(count(group, r -> since.getOrDefault(r, 0) >= 2), n),
                            share(count(group, r -> since.getOrDefault(r, 0) >= 3), n)));
        }
        ReportSections.add(
                        model,
                        "reactivationFollowUp",
                        TITLE_AFTER,
                        "per month of return: returns, the share after a cancellation, the median"
                                + " days away, and the share who then got 1, 2 or 3 subscription"
                                + " deliveries",
                        false,
                        ReportSections.table(
                                List.of(
                                        "月 month",
                                        "復帰 returns",
                                        "解約後 after cancelling",
                                        "離脱日数 days away (median)",
                                        "配送1回+ ≥1 delivery",
                                        "配送2回+ ≥2",
                                        "配送3回+ ≥3"),
                                rows,
                                null))
                .put(
                        "note",
                        "The newest returns have had less time for deliveries to follow; deliveries"
                                + " are followed while the customer's count is at most "
                                + JourneyTracker.MAX_DELIVERY
                                + ".");
    }
}
