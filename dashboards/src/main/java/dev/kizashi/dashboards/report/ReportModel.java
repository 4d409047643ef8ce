package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.eval.AlertQuality;
import dev.kizashi.model.Severity;
import dev.kizashi.wire.OutputDocuments.AlertDoc;
import dev.kizashi.wire.OutputDocuments.ReasonDoc;
import dev.kizashi.wire.OutputDocuments.ScoreDoc;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report's numbers, computed from a {@link ReportInput}: the same KPIs and charts as the Kibana
 * dashboard, as one JSON object that the page draws.
 */
public final class ReportModel {
    /**
     * Newest alert first; at the same event time the more severe, then the greater id, so the
     * choice does not depend on the order the alerts were read in (files vs Elasticsearch).
     */
    private static final Comparator<AlertDoc> LATEST_FIRST =
            Comparator.comparingLong(AlertDoc::eventTime)
                    .thenComparingInt(a -> severityRank(a.severity()))
                    .thenComparing(a -> text(a.alertId()))
                    .reversed();

    /**
     * The most severe alert first; at the same severity the newest, then the greater id (so the
     * choice does not depend on the order the alerts were read in).
     */
    private static final Comparator<AlertDoc> MOST_SEVERE_FIRST =
            Comparator.comparingInt((AlertDoc a) -> severityRank(a.severity()))
                    .thenComparingLong(AlertDoc::eventTime)
                    .thenComparing(a -> text(a.alertId()))
                    .reversed();

    private static int severityRank(String name) {
        if (name == null) {
            return -1;
        }
        try {
            return Severity.valueOf(name).ordinal();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Score bands of the segment x band chart (same as the dashboard's heatmap). */
    public static final double[] BAND_LOWER = {0.0, 0.3, 0.6, 0.8};

    public static final String[] BAND_NAMES = {
        "低 low <0.3", "中 medium 0.3–0.6", "高 high 0.6–0.8", "危険 critical ≥0.8"
    };

    /** Customers at or above this score count as at risk. */
    public static final double AT_RISK = 0.6;

    /** The reason code of a cancelled subscription: such customers have churned already. */
    public static final String CANCELLED = "CANCELLED";

    static final String[] SEVERITIES = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double DAY_MS = 86_400_000.0;
    private static final int TOP = 25;
    private static final int HISTOGRAM_BINS = 20;

    private ReportModel() {}

    public static ObjectNode compute(ReportInput in, Instant generatedAt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("title", "解約予兆レポート Kizashi churn early warning");
        root.put("generatedAt", generatedAt.toString());
        root.put("source", in.source());

        // customers: everyone with a score; latest alert per customer gives segment / ltvTier
        Map<String, AlertDoc> latestAlert = new HashMap<>();
        Instant dataEnd = Instant.EPOCH;
        Instant dataStart = null;
        for (AlertDoc a : in.alerts()) {
            String id = text(a.customerId());
            Instant t = Instant.ofEpochMilli(a.eventTime());
            dataEnd = max(dataEnd, t);
            dataStart = dataStart == null || t.isBefore(dataStart) ? t : dataStart;
            AlertDoc prev = latestAlert.get(id);
            if (prev == null || LATEST_FIRST.compare(a, prev) < 0) {
                latestAlert.put(id, a);
            }
        }
        for (ScoreDoc s : in.latestScores().values()) {
            dataEnd = max(dataEnd, Instant.ofEpochMilli(s.asOf()));
        }
        for (Instant t : in.firstSeen().values()) {
            dataStart = dataStart == null || t.isBefore(dataStart) ? t : dataStart;
        }
        root.put("dataFrom", dataStart == null ? null : dataStart.toString());
        root.put("dataTo", dataEnd.equals(Instant.EPOCH) ? null : dataEnd.toString());
        root.put("outcomeSource", in.outcomeSource());

        Set<String> customers = new TreeSet<>(in.latestScores().keySet());
        customers.addAll(latestAlert.keySet());

        // KPIs
        ObjectNode kpi = root.putObject("kpis");
        kpi.put("customers", customers.size());
        kpi.put("alerts", in.alerts().size());
        kpi.put("alertedCustomers", latestAlert.size());
        long atRisk =
                in.latestScores().values().stream()
                        .filter(s -> s.score() >= AT_RISK)
                        .filter(s -> !cancelled(s))
                        .count();
        kpi.put("atRisk", atRisk);
        kpi.put("atRiskThreshold", AT_RISK);
        boolean haveOutcomes = !in.outcomes().isEmpty();
        if (haveOutcomes) {
            long known = customers.stream().filter(in.outcomes()::containsKey).count();
            long churned =
                    customers.stream()
                            .filter(c -> in.outcomes().containsKey(c))
                            .filter(c -> in.outcomes().get(c).churned())
                            .count();
            kpi.put("churnRate", known == 0 ? 0 : (double) churned / known);
            kpi.put("continuationRate", known == 0 ? 0 : 1 - (double) churned / known);
            // An alert raised after the customer's churn (when its time is known) neither
            // predicted nor missed it: such a customer counts as not alerted.
            Map<String, Long> firstAlert = new HashMap<>();
            for (AlertDoc a : in.alerts()) {
                firstAlert.merge(text(a.customerId()), a.eventTime(), Math::min);
            }
            long alertedKnown = 0;
            long alertedChurned = 0;
            for (String c : customers) {
                ReportInput.Outcome o = in.outcomes().get(c);
                Long first = firstAlert.get(c);
                if (o == null || first == null || afterChurn(first, o)) {
                    continue;
                }
                alertedKnown++;
                if (o.churned()) {
                    alertedChurned++;
                }
            }
            kpi.put("precision", alertedKnown == 0 ? 0 : (double) alertedChurned / alertedKnown);
            kpi.put("recall", churned == 0 ? 0 : (double) alertedChurned / churned);
        }

        alertsOverTime(root, in.alerts());
        severityChannel(root, in.alerts());
        scoreHistogram(root, in.latestScores());
        segmentBand(root, customers, in.latestScores(), latestAlert);
        retention(root, customers, in);
        precision(root, in);
        topAtRisk(root, in, latestAlert, dataEnd);
        return root;
    }

    /**
     * Whether a score document says the subscription is already cancelled (churned, not at risk).
     */
    public static boolean cancelled(ScoreDoc score) {
        for (ReasonDoc r : score.reasons()) {
            if (CANCELLED.equals(r.code())) {
                return true;
            }
        }
        return false;
    }

    /** A text field as the report shows it: "" when the document has none. */
    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static void alertsOverTime(ObjectNode root, List<AlertDoc> alerts) {
        Map<LocalDate, Map<String, Long>> byWeek = new TreeMap<>();
        Set<String> patterns = new TreeSet<>();
        for (AlertDoc a : alerts) {
            LocalDate week =
                    Instant.ofEpochMilli(a.eventTime())
                            .atZone(ZoneOffset.UTC)
                            .toLocalDate()
                            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            String p = text(a.pattern());
            patterns.add(p);
            byWeek.computeIfAbsent(week, k -> new TreeMap<>()).merge(p, 1L, Long::sum);
        }
        // fill empty weeks so the time axis is continuous
        if (!byWeek.isEmpty()) {
            LocalDate first = ((TreeMap<LocalDate, Map<String, Long>>) byWeek).firstKey();
            LocalDate last = ((TreeMap<LocalDate, Map<String, Long>>) byWeek).lastKey();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusWeeks(1)) {
                byWeek.computeIfAbsent(d, k -> new TreeMap<>());
            }
        }
        ObjectNode chart = root.putObject("alertsOverTime");
        ArrayNode series = chart.putArray("series");
        patterns.forEach(series::add);
        ArrayNode buckets = chart.putArray("buckets");
        byWeek.forEach(
                (week, counts) -> {
                    ObjectNode b = buckets.addObject();
                    b.put("label", week.toString());
                    ArrayNode values = b.putArray("values");
                    for (String p : patterns) {
                        values.add(counts.getOrDefault(p, 0L));
                    }
                });
    }

    private static void severityChannel(ObjectNode root, List<AlertDoc> alerts) {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        for (String s : SEVERITIES) {
            m.put(s, new TreeMap<>());
        }
        Set<String> channels = new TreeSet<>();
        for (AlertDoc a : alerts) {
            String ch = a.channel() == null ? "none" : a.channel();
            channels.add(ch);
            m.computeIfAbsent(text(a.severity()), k -> new TreeMap<>()).merge(ch, 1L, Long::sum);
        }
        ObjectNode chart = root.putObject("severityChannel");
        ArrayNode series = chart.putArray("series");
        channels.forEach(series::add);
        ArrayNode buckets = chart.putArray("buckets");
        m.forEach(
                (sev, counts) -> {
                    ObjectNode b = buckets.addObject();
                    b.put("label", sev);
                    ArrayNode values = b.putArray("values");
                    for (String c : channels) {
                        values.add(counts.getOrDefault(c, 0L));
                    }
                });
    }

    private static void scoreHistogram(ObjectNode root, Map<String, ScoreDoc> scores) {
        long[] bins = new long[HISTOGRAM_BINS];
        for (ScoreDoc s : scores.values()) {
            double v = Math.max(0, Math.min(1, s.score()));
            bins[Math.min(HISTOGRAM_BINS - 1, (int) (v * HISTOGRAM_BINS))]++;
        }
        ObjectNode chart = root.putObject("scoreHistogram");
        chart.putArray("series").add("customers");
        ArrayNode buckets = chart.putArray("buckets");
        for (int i = 0; i < HISTOGRAM_BINS; i++) {
            ObjectNode b = buckets.addObject();
            b.put(
                    "label",
                    String.format(java.util.Locale.ROOT, "%.2f", (double) i / HISTOGRAM_BINS));
            b.putArray("values").add(bins[i]);
        }
    }

    static int band(double score) {
        for (int i = BAND_LOWER.length - 1; i >= 0; i--) {
            if (score >= BAND_LOWER[i]) {
                return i;
            }
        }
        return 0;
    }

    private static String segmentOf(
            String id, Map<String, ScoreDoc> scores, Map<String, AlertDoc> latestAlert) {
        ScoreDoc s = scores.get(id);
        if (s != null && s.segment() != null) {
            return s.segment();
        }
        AlertDoc a = latestAlert.get(id);
        return a != null && a.segment() != null ? a.segment() : "(no alert)";
    }

    private static String ltvTierOf(
            String id, Map<String, ScoreDoc> scores, Map<String, AlertDoc> latestAlert) {
        ScoreDoc s = scores.get(id);
        if (s != null && s.ltvTier() != null) {
            return s.ltvTier();
        }
        AlertDoc a = latestAlert.get(id);
        return a != null ? a.ltvTier() : null;
    }

    private static void segmentBand(
            ObjectNode root,
            Set<String> customers,
            Map<String, ScoreDoc> scores,
            Map<String, AlertDoc> latestAlert) {
        Map<String, long[]> m = new TreeMap<>();
        for (String id : customers) {
            ScoreDoc s = scores.get(id);
            double score = s != null ? s.score() : latestAlert.get(id).score();
            m.computeIfAbsent(segmentOf(id, scores, latestAlert), k -> new long[BAND_LOWER.length])[
                    band(score)]++;
        }
        ObjectNode chart = root.putObject("segmentBand");
        ArrayNode cols = chart.putArray("columns");
        for (String b : BAND_NAMES) {
            cols.add(b);
        }
        ArrayNode rows = chart.putArray("rows");
        m.forEach(
                (seg, counts) -> {
                    ObjectNode r = rows.addObject();
                    r.put("label", seg);
                    ArrayNode v = r.putArray("values");
                    for (long c : counts) {
                        v.add(c);
                    }
                });
    }

    private static void retention(ObjectNode root, Set<String> customers, ReportInput in) {
        ObjectNode chart = root.putObject("retention");
        chart.put("available", !in.outcomes().isEmpty());
        Map<String, long[]> byMonth = new TreeMap<>();
        for (String id : customers) {
            Instant first = in.firstSeen().get(id);
            ReportInput.Outcome o = in.outcomes().get(id);
            if (first == null || o == null) {
                continue;
            }
            String month = first.toString().substring(0, 7);
            long[] c = byMonth.computeIfAbsent(month, k -> new long[2]);
            c[0]++;
            if (o.churned()) {
                c[1]++;
            }
        }
        ArrayNode rows = chart.putArray("rows");
        byMonth.forEach(
                (month, c) -> {
                    ObjectNode r = rows.addObject();
                    r.put("cohort", month);
                    r.put("customers", c[0]);
                    r.put("churned", c[1]);
                    r.put("continuationRate", c[0] == 0 ? 0 : 1 - (double) c[1] / c[0]);
                    r.put("churnRate", c[0] == 0 ? 0 : (double) c[1] / c[0]);
                });
    }

    /**
     * Whether an alert raised at {@code alertTime} came after the customer's churn: only when the
     * churn time is known (labels). An alert at the churn's own instant counts as before it (lead
     * 0), as in {@link AlertQuality}.
     */
    private static boolean afterChurn(long alertTime, ReportInput.Outcome o) {
        return o.churned() && o.churnTime() != null && alertTime > o.churnTime().toEpochMilli();
    }

    /**
     * Per pattern: the customers it alerted on (with a known outcome) and how many of them churned.
     * Only alerts raised at or before the churn count: an alert after it (e.g. DORMANT, 30 days
     * into a silent churn) neither predicted it nor was a false alarm, so it is left out of
     * precision and lead and counted in {@code afterChurn} instead. The lead is the days from the
     * pattern's first such alert to the churn, so it is never negative. Without churn times
     * (outcomes from the score documents' churned field, which says whether, not when) the alerts
     * after the churn cannot be told apart and there is no lead: {@code churnTimesKnown} is false.
     */
    private static void precision(ObjectNode root, ReportInput in) {
        ObjectNode chart = root.putObject("precision");
        chart.put("available", !in.outcomes().isEmpty());
        boolean churnTimesKnown =
                in.outcomes().values().stream().anyMatch(o -> o.churned() && o.churnTime() != null);
        chart.put("churnTimesKnown", churnTimesKnown);
        // pattern -> customer -> first alert at or before the churn
        Map<String, Map<String, Long>> firstBefore = new TreeMap<>();
        Map<String, Long> after = new TreeMap<>();
        for (AlertDoc a : in.alerts()) {
            String id = text(a.customerId());
            ReportInput.Outcome o = in.outcomes().get(id);
            if (o == null) {
                continue;
            }
            String p = text(a.pattern());
            if (afterChurn(a.eventTime(), o)) {
                after.merge(p, 1L, Long::sum);
                continue;
            }
            firstBefore
                    .computeIfAbsent(p, k -> new TreeMap<>())
                    .merge(id, a.eventTime(), Math::min);
        }
        Set<String> patterns = new TreeSet<>(firstBefore.keySet());
        patterns.addAll(after.keySet());
        List<ObjectNode> rows = new ArrayList<>();
        for (String p : patterns) {
            Map<String, Long> first = firstBefore.getOrDefault(p, Map.of());
            long churned = 0;
            List<Double> leads = new ArrayList<>();
            for (Map.Entry<String, Long> e : first.entrySet()) {
                ReportInput.Outcome o = in.outcomes().get(e.getKey());
                if (!o.churned()) {
                    continue;
                }
                churned++;
                if (o.churnTime() != null) {
                    leads.add((o.churnTime().toEpochMilli() - e.getValue()) / DAY_MS);
                }
            }
            ObjectNode r = MAPPER.createObjectNode();
            r.put("pattern", p);
            r.put("alerted", first.size());
            r.put("churned", churned);
            if (first.isEmpty()) {
                r.putNull("precision");
            } else {
                r.put("precision", (double) churned / first.size());
            }
            if (!leads.isEmpty()) {
                r.put(
                        "medianLeadDays",
                        AlertQuality.median(
                                leads.stream().mapToDouble(Double::doubleValue).toArray()));
            }
            if (churnTimesKnown) {
                r.put("afterChurn", after.getOrDefault(p, 0L));
            }
            rows.add(r);
        }
        // highest precision first; a pattern that alerted only after churns has none: last
        rows.sort(
                Comparator.comparingDouble(
                        (ObjectNode r) ->
                                r.get("precision").isNull() ? 1 : -r.get("precision").asDouble()));
        chart.putArray("rows").addAll(rows);
        if (churnTimesKnown) {
            chart.put("alertsAfterChurn", after.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /**
     * Each customer's most severe open condition: among their alerts of episodes no closing record
     * (RESOLVED, CHURNED) has closed, the most severe, the newest at the same severity. An alert
     * without an episode id (written before episodes) counts as open. A customer whose episodes are
     * all closed has none.
     */
    static Map<String, AlertDoc> openConditions(ReportInput in) {
        Map<String, AlertDoc> open = new HashMap<>();
        for (AlertDoc a : in.alerts()) {
            if (a.episodeId() != null && in.closedEpisodes().contains(a.episodeId())) {
                continue;
            }
            open.merge(
                    text(a.customerId()),
                    a,
                    (x, y) -> MOST_SEVERE_FIRST.compare(x, y) <= 0 ? x : y);
        }
        return open;
    }

    /**
     * Whether the customer is still worth a call: not cancelled and not churned (cancelled, or 30
     * days without activity) according to their latest score document.
     */
    public static boolean canStillBeSaved(ScoreDoc s) {
        return !s.churned() && !cancelled(s);
    }

    /**
     * The call list: customers at risk (score at or above {@link #AT_RISK}) who can still be saved
     * ({@link #canStillBeSaved}), ranked by value at risk = score x spend to date, the expected
     * loss if nobody calls; then by score, then id. Why the product rather than score then value:
     * the scores of at-risk customers bunch up near 1 (0.995 and 0.999 are the same risk to a call
     * centre), so a tie-break on value would almost never act, while a top-decile customer at 0.9
     * is worth a call before a small buyer at 0.99. Why the spend to date: it is what the LTV tiers
     * rank by (the column beside it) and it is observed; a year of the customer's own rhythm
     * extrapolates three orders in a week into a six-figure year. The threshold keeps a big spender
     * with a low score off a list of customers at risk. Each row is routed by the customer's most
     * severe open condition ({@link #openConditions}), not by their latest alert: a customer who
     * asked to cancel stays with the call centre when a milder alert follows.
     */
    private static void topAtRisk(
            ObjectNode root, ReportInput in, Map<String, AlertDoc> latestAlert, Instant asOf) {
        Map<String, ScoreDoc> scores = in.latestScores();
        Map<String, AlertDoc> open = openConditions(in);
        ArrayNode rows = root.putArray("topAtRisk");
        scores.values().stream()
                .filter(ReportModel::canStillBeSaved)
                .filter(s -> s.score() >= AT_RISK)
                .sorted(
                        Comparator.comparingDouble((ScoreDoc s) -> -valueAtRisk(s))
                                .thenComparingDouble(s -> -s.score())
                                .thenComparing(s -> text(s.customerId())))
                .limit(TOP)
                .forEach(
                        s -> {
                            String id = text(s.customerId());
                            ObjectNode r = rows.addObject();
                            r.put("customerId", id);
                            r.put("score", s.score());
                            r.put("valueAtRisk", round1(valueAtRisk(s)));
                            r.put("ltvTier", ltvTierOf(id, scores, latestAlert));
                            r.put("segment", segmentOf(id, scores, latestAlert));
                            ArrayNode reasons = r.putArray("reasons");
                            for (ReasonDoc reason : s.reasons()) {
                                reasons.addObject()
                                        .put("code", text(reason.code()))
                                        .put("ja", text(reason.ja()))
                                        .put("en", text(reason.en()));
                            }
                            if (s.lastOrderTs() != 0) {
                                Instant last = Instant.ofEpochMilli(s.lastOrderTs());
                                r.put("lastOrder", last.toString());
                                // as of the report's end of data, never before the last order;
                                // not yet due is 0 days overdue, not a negative number
                                double since =
                                        Math.max(0, asOf.toEpochMilli() - last.toEpochMilli())
                                                / DAY_MS;
                                r.put("daysSinceOrder", round1(since));
                                if (!Double.isNaN(s.expectedGapDays())) {
                                    r.put(
                                            "daysOverdue",
                                            round1(Math.max(0, since - s.expectedGapDays())));
                                }
                            }
                            r.put("totalSpend", s.totalSpend());
                            AlertDoc a = open.get(id);
                            if (a != null) {
                                r.put("openPattern", text(a.pattern()));
                                r.put("openSeverity", text(a.severity()));
                                r.put("action", text(a.action()));
                                r.put("channel", text(a.channel()));
                            }
                        });
    }

    private static double valueAtRisk(ScoreDoc s) {
        return Math.max(0, Math.min(1, s.score())) * s.totalSpend();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
