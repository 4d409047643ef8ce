package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.pdca.JourneyTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The cancellation analyses of the report, from the journey records: 解約理由 (reasons by month, and
 * the voice of the customer before each reason) and ルート分析 (the touchpoints before a cancellation
 * against those before a renewal).
 */
final class JourneySections {
    /** The reasons of the contract, in the order the page shows them; null is "unknown". */
    static final Map<String, String> REASONS = new LinkedHashMap<>();

    static {
        REASONS.put("price", "価格 price");
        REASONS.put("quality", "品質 quality");
        REASONS.put("usage", "利用頻度 usage");
        REASONS.put("support", "サポート support");
        REASONS.put("other", "その他 other");
        REASONS.put(null, "不明 unknown");
    }

    static final String CANCELLED = "解約 cancelled";
    static final String RENEWED = "継続 renewed";
    static final String NO_STEP = "なし none";

    /** Rows of the path table. */
    static final int TOP_PATHS = 15;

    /** Fewer cases than this in a row are marked. */
    static final int FEW = 5;

    /** Steps of a route in the sankey and the path table. */
    static final int ROUTE_STEPS = 3;

    private JourneySections() {}

    static void add(ObjectNode model, List<JourneyRecord> journeys) {
        List<JourneyRecord> cancellations = of(journeys, r -> r.kind() == JourneyKind.CANCELLATION);
        // a renewal: a delivery after the first, with the path of the 30 days before it
        List<JourneyRecord> renewals =
                of(journeys, r -> r.kind() == JourneyKind.DELIVERY && r.path() != null);
        if (cancellations.isEmpty()) {
            String why = "no cancellation in this data (no subscription_cancelled event)";
            ReportSections.unavailable(model, "cancelReasons", TITLE_REASONS, null, false, why);
            ReportSections.unavailable(model, "cancelReasonsByPlan", TITLE_PLANS, null, false, why);
            ReportSections.unavailable(model, "cancelVoc", TITLE_VOC, null, true, why);
            ReportSections.unavailable(model, "routeSankey", TITLE_SANKEY, null, true, why);
            ReportSections.unavailable(model, "routeTable", TITLE_ROUTES, null, true, why);
            return;
        }
        reasonsByMonth(model, cancellations);
        reasonsByPlan(model, cancellations);
        voiceOfTheCustomer(model, cancellations, renewals);
        if (renewals.isEmpty()) {
            String why =
                    "no renewal in this data (no second subscription delivery) to compare with";
            ReportSections.unavailable(model, "routeSankey", TITLE_SANKEY, null, true, why);
            ReportSections.unavailable(model, "routeTable", TITLE_ROUTES, null, true, why);
            return;
        }
        routeSankey(model, cancellations, renewals);
        routeTable(model, cancellations, renewals);
    }

    static final String TITLE_REASONS = "解約理由（月別） Cancellation reasons by month";
    static final String TITLE_PLANS = "解約理由（プラン別） Cancellation reasons by plan";
    static final String TITLE_VOC = "解約理由とVOC Voice of the customer before cancelling";
    static final String TITLE_SANKEY = "ルート分析（直前3接点） Last three touchpoints before the outcome";
    static final String TITLE_ROUTES = "ルート分析（経路別リフト） Routes before churn vs before renewal";

    private static void reasonsByMonth(ObjectNode model, List<JourneyRecord> cancellations) {
        List<String> months = months(cancellations);
        Map<String, List<Integer>> series = new LinkedHashMap<>();
        REASONS.forEach(
                (reason, name) -> {
                    List<Integer> values = new ArrayList<>();
                    boolean any = false;
                    for (String m : months) {
                        int n = 0;
                        for (JourneyRecord r : cancellations) {
                            if (same(reason, r.cancelReason()) && m.equals(month(r))) {
                                n++;
                            }
                        }
                        any |= n > 0;
                        values.add(n);
                    }
                    if (any) {
                        series.put(name, values);
                    }
                });
        ObjectNode chart =
                ReportSections.stackedColumns(months, series)
                        .put("valueName", "cancellations")
                        .put("categoryName", "month (UTC)")
                        .put("totals", true);
        ReportSections.add(
                model,
                "cancelReasons",
                TITLE_REASONS,
                "subscription_cancelled events per month of event time, stacked by the reason given",
                false,
                chart);
    }

    /** Plans shown in the by-plan chart; the rest are summed into one bar. */
    static final int TOP_PLANS = 10;

    private static void reasonsByPlan(ObjectNode model, List<JourneyRecord> cancellations) {
        Map<String, Integer> byPlan = new TreeMap<>();
        cancellations.forEach(r -> byPlan.merge(plan(r), 1, Integer::sum));
        List<String> plans = mostCounted(byPlan, TOP_PLANS);
        List<String> categories = new ArrayList<>(plans);
        boolean rest = byPlan.size() > plans.size();
        if (rest) {
            categories.add(OTHER_PLANS);
        }
        Map<String, List<Integer>> series = new LinkedHashMap<>();
        REASONS.forEach(
                (reason, name) -> {
                    List<Integer> values = new ArrayList<>();
                    for (String p : categories) {
                        values.add(
                                count(
                                        cancellations,
                                        r ->
                                                same(reason, r.cancelReason())
                                                        && (p.equals(OTHER_PLANS)
                                                                ? !plans.contains(plan(r))
                                                                : p.equals(plan(r)))));
                    }
                    if (values.stream().anyMatch(v -> v > 0)) {
                        series.put(name, values);
                    }
                });
        ReportSections.add(
                model,
                "cancelReasonsByPlan",
                TITLE_PLANS,
                "cancellations by the plan the customer was on, stacked by reason (the "
                        + TOP_PLANS
                        + " plans with the most)",
                false,
                ReportSections.stackedRows(categories, series).put("valueName", "cancellations"));
    }

    static final String OTHER_PLANS = "その他のプラン other plans";

    private static String plan(JourneyRecord r) {
        return r.planId() == null ? "(no plan)" : r.planId();
    }

    private static void voiceOfTheCustomer(
            ObjectNode model, List<JourneyRecord> cancellations, List<JourneyRecord> renewals) {
        List<List<?>> rows = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        REASONS.forEach(
                (reason, name) -> {
                    List<JourneyRecord> group =
                            of(cancellations, r -> same(reason, r.cancelReason()));
                    if (!group.isEmpty()) {
                        rows.add(vocRow(name, group, cancellations.size()));
                        marks.add(group.size() < FEW ? "件数少 few cases" : null);
                    }
                });
        rows.add(vocRow("解約 全体 all cancellations", cancellations, cancellations.size()));
        marks.add(null);
        if (!renewals.isEmpty()) {
            rows.add(vocRow("継続（基準） renewals", renewals, 0));
            marks.add("基準 baseline: the 30 days before a renewal");
        }
        ObjectNode chart =
                ReportSections.table(
                        List.of(
                                "理由 reason",
                                "件数 n",
                                "構成比 share",
                                "問い合わせ support contact",
                                "否定的な問い合わせ negative contact",
                                "低評価 detractor (≤6)",
                                "直近の評価 last score (mean)",
                                "継続日数 tenure (median d)",
                                "配送回数 deliveries (median)"),
                        rows,
                        marks);
        ReportSections.add(
                model,
                "cancelVoc",
                TITLE_VOC,
                "share of cancellations with a support contact, a negative one, or a feedback score"
                        + " of 6 or less in the 30 days before; the last row is the same before"
                        + " a renewal (a delivery after the first), for comparison",
                true,
                chart);
    }

    private static List<Object> vocRow(String name, List<JourneyRecord> group, int all) {
        int n = group.size();
        List<Object> row = new ArrayList<>();
        row.add(name);
        row.add(n);
        row.add(all == 0 ? null : share(n, all));
        row.add(share(count(group, r -> r.supportContacts30d() > 0), n));
        row.add(share(count(group, r -> r.negativeContacts30d() > 0), n));
        row.add(share(count(group, r -> r.negativeFeedback30d() > 0), n));
        double[] scores =
                group.stream()
                        .filter(r -> r.lastFeedbackScore() != null)
                        .mapToDouble(JourneyRecord::lastFeedbackScore)
                        .toArray();
        row.add(
                scores.length == 0
                        ? null
                        : Map.of(
                                "value",
                                Arrays.stream(scores).average().orElse(0),
                                "text",
                                String.format(
                                        Locale.ROOT,
                                        "%.1f",
                                        Arrays.stream(scores).average().orElse(0)),
                                "sub",
                                "n=" + scores.length));
        row.add(median(group, JourneyRecord::tenureDays));
        row.add(median(group, JourneyRecord::deliveries));
        return row;
    }

    /**
     * The last steps before each outcome, as flows from the third-last step to the outcome; each
     * side weighted to 100, so a step's share can be compared although renewals outnumber
     * cancellations.
     */
    private static void routeSankey(
            ObjectNode model, List<JourneyRecord> cancellations, List<JourneyRecord> renewals) {
        Map<String, Double> flows = new LinkedHashMap<>();
        Map<String, Integer> depths = new LinkedHashMap<>();
        weighFlows(cancellations, CANCELLED, flows, depths);
        weighFlows(renewals, RENEWED, flows, depths);
        List<ReportSections.Link> links = new ArrayList<>();
        flows.forEach(
                (k, v) -> {
                    String[] st = k.split("\t");
                    links.add(new ReportSections.Link(st[0], st[1], Math.round(v * 100) / 100.0));
                });
        depths.put(CANCELLED, ROUTE_STEPS);
        depths.put(RENEWED, ROUTE_STEPS);
        ObjectNode chart = ReportSections.sankey(links, depths).put("height", 460);
        ReportSections.add(
                        model,
                        "routeSankey",
                        TITLE_SANKEY,
                        String.format(
                                Locale.ROOT,
                                "the last three touchpoints (event types; a run of one type is"
                                        + " one step) in the 30 days before %,d cancellations and"
                                        + " %,d renewals; each side weighted to 100%%, so widths"
                                        + " compare shares",
                                cancellations.size(),
                                renewals.size()),
                        true,
                        chart)
                .put(
                        "note",
                        "−3, −2, −1: the third-last, second-last and last step before the outcome.");
    }

    private static void weighFlows(
            List<JourneyRecord> group,
            String outcome,
            Map<String, Double> flows,
            Map<String, Integer> depths) {
        double w = 100.0 / group.size();
        for (JourneyRecord r : group) {
            List<String> steps = steps(r.lastSteps(ROUTE_STEPS));
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                int fromEnd = steps.size() - i;
                String node = "−" + fromEnd + " " + steps.get(i);
                depths.put(node, ROUTE_STEPS - fromEnd);
                nodes.add(node);
            }
            nodes.add(outcome);
            for (int i = 0; i + 1 < nodes.size(); i++) {
                flows.merge(nodes.get(i) + "\t" + nodes.get(i + 1), w, Double::sum);
            }
        }
    }

    /** A path's steps; a window without any is one step "none". */
    static List<String> steps(String path) {
        if (path == null || path.isEmpty()) {
            return List.of(NO_STEP);
        }
        return List.of(path.split(JourneyRecord.STEP, -1));
    }

    private static void routeTable(
            ObjectNode model, List<JourneyRecord> cancellations, List<JourneyRecord> renewals) {
        Map<String, int[]> byPath = new TreeMap<>();
        for (JourneyRecord r : cancellations) {
            byPath.computeIfAbsent(route(r), k -> new int[2])[0]++;
        }
        for (JourneyRecord r : renewals) {
            byPath.computeIfAbsent(route(r), k -> new int[2])[1]++;
        }
        double nc = cancellations.size();
        double nr = renewals.size();
        List<Map.Entry<String, int[]>> top =
                byPath.entrySet().stream()
                        .filter(e -> e.getValue()[0] > 0)
                        .sorted(
                                Comparator.comparingInt(
                                                (Map.Entry<String, int[]> e) -> e.getValue()[0])
                                        .reversed()
                                        .thenComparing(Map.Entry::getKey))
                        .limit(TOP_PATHS)
                        .toList();
        List<List<?>> rows = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (Map.Entry<String, int[]> e : top) {
            int c = e.getValue()[0];
            int r = e.getValue()[1];
            double lift = r == 0 ? Double.NaN : (c / nc) / (r / nr);
            rows.add(
                    List.of(
                            e.getKey(),
                            Map.of("value", c, "sub", pct(c / nc)),
                            Map.of("value", r, "sub", pct(r / nr)),
                            Double.isNaN(lift)
                                    ? Map.of("text", "only before cancelling")
                                    : Map.of(
                                            "value",
                                            Math.round(lift * 100) / 100.0,
                                            "text",
                                            String.format(Locale.ROOT, "%.2f", lift),
                                            "bar",
                                            Math.min(1, lift / 5))));
            marks.add(
                    c < FEW
                            ? "件数少 few cases"
                            : lift >= 2 || Double.isNaN(lift)
                                    ? "解約に多い churn route (lift ≥ 2)"
                                    : null);
        }
        ObjectNode chart =
                ReportSections.table(
                        List.of(
                                "経路 route (last 3 steps, oldest first)",
                                "解約前 before cancelling",
                                "継続前 before renewing",
                                "リフト lift"),
                        rows,
                        marks);
        ReportSections.add(
                model,
                "routeTable",
                TITLE_ROUTES,
                "the most frequent routes before a cancellation; lift = the route's share before"
                        + " cancellations / its share before renewals (above 1: more common before"
                        + " churn)",
                true,
                chart);
    }

    private static String route(JourneyRecord r) {
        String p = r.lastSteps(ROUTE_STEPS);
        return p == null || p.isEmpty() ? "(" + NO_STEP + ")" : p;
    }

    // ---- small helpers shared with ContinuationSections ----

    static List<JourneyRecord> of(List<JourneyRecord> records, Predicate<JourneyRecord> p) {
        return records.stream().filter(p).toList();
    }

    static int count(List<JourneyRecord> records, Predicate<JourneyRecord> p) {
        return (int) records.stream().filter(p).count();
    }

    static String month(JourneyRecord r) {
        return JourneyTracker.cohort(r.eventTime());
    }

    /** Every month from the first record's to the last's, "YYYY-MM". */
    static List<String> months(List<JourneyRecord> records) {
        TreeSet<String> seen = new TreeSet<>();
        records.forEach(r -> seen.add(month(r)));
        List<String> out = new ArrayList<>();
        java.time.YearMonth m = java.time.YearMonth.parse(seen.first());
        java.time.YearMonth last = java.time.YearMonth.parse(seen.last());
        while (!m.isAfter(last)) {
            out.add(m.toString());
            m = m.plusMonths(1);
        }
        return out;
    }

    static boolean same(String a, String b) {
        return a == null ? b == null || !REASONS.containsKey(b) : a.equals(b);
    }

    static Map<String, Object> share(int k, int n) {
        if (n == 0) {
            return null;
        }
        double v = (double) k / n;
        return Map.of("value", Math.round(v * 10000) / 10000.0, "text", pct(v), "bar", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static Integer median(List<JourneyRecord> records, ToIntFunction<JourneyRecord> f) {
        int[] v = records.stream().mapToInt(f).sorted().toArray();
        return v.length == 0 ? null : v[(v.length - 1) / 2];
    }

    /** The {@code n} keys with the largest counts, ties by key. */
    static List<String> mostCounted(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Integer>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(Map.Entry::getKey)
                .toList();
    }
}
