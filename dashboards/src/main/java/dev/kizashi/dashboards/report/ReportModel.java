package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        Map<String, Map<String, Instant>> firstAlertByPattern = new HashMap<>();
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
            firstAlertByPattern
                    .computeIfAbsent(id, k -> new TreeMap<>())
                    .merge(text(a.pattern()), t, (x, y) -> x.isBefore(y) ? x : y);
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
            long alertedKnown =
                    latestAlert.keySet().stream().filter(in.outcomes()::containsKey).count();
            long alertedChurned =
                    latestAlert.keySet().stream()
                            .filter(c -> in.outcomes().containsKey(c))
                            .filter(c -> in.outcomes().get(c).churned())
                            .count();
            kpi.put("precision", alertedKnown == 0 ? 0 : (double) alertedChurned / alertedKnown);
            long churnedAll = churned;
            long caught =
                    customers.stream()
                            .filter(c -> in.outcomes().containsKey(c))
                            .filter(c -> in.outcomes().get(c).churned())
                            .filter(latestAlert::containsKey)
                            .count();
            kpi.put("recall", churnedAll == 0 ? 0 : (double) caught / churnedAll);
        }

        alertsOverTime(root, in.alerts());
        severityChannel(root, in.alerts());
        scoreHistogram(root, in.latestScores());
        segmentBand(root, customers, in.latestScores(), latestAlert);
        retention(root, customers, in);
        precision(root, firstAlertByPattern, in);
        topAtRisk(root, in.latestScores(), latestAlert, dataEnd);
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

    private static void precision(
            ObjectNode root,
            Map<String, Map<String, Instant>> firstAlertByPattern,
            ReportInput in) {
        ObjectNode chart = root.putObject("precision");
        chart.put("available", !in.outcomes().isEmpty());
        Map<String, long[]> m = new TreeMap<>();
        Map<String, List<Double>> leadDays = new HashMap<>();
        firstAlertByPattern.forEach(
                (id, patterns) -> {
                    ReportInput.Outcome o = in.outcomes().get(id);
                    if (o == null) {
                        return;
                    }
                    patterns.forEach(
                            (p, t) -> {
                                long[] c = m.computeIfAbsent(p, k -> new long[2]);
                                c[0]++;
                                if (o.churned()) {
                                    c[1]++;
                                    if (o.churnTime() != null) {
                                        leadDays.computeIfAbsent(p, k -> new ArrayList<>())
                                                .add(
                                                        (o.churnTime().toEpochMilli()
                                                                        - t.toEpochMilli())
                                                                / DAY_MS);
                                    }
                                }
                            });
                });
        ArrayNode rows = chart.putArray("rows");
        m.entrySet().stream()
                .sorted(
                        Comparator.comparingDouble(
                                (Map.Entry<String, long[]> e) ->
                                        -(double) e.getValue()[1] / Math.max(1, e.getValue()[0])))
                .forEach(
                        e -> {
                            ObjectNode r = rows.addObject();
                            long[] c = e.getValue();
                            r.put("pattern", e.getKey());
                            r.put("alerted", c[0]);
                            r.put("churned", c[1]);
                            r.put("precision", c[0] == 0 ? 0 : (double) c[1] / c[0]);
                            List<Double> lead = leadDays.get(e.getKey());
                            if (lead != null && !lead.isEmpty()) {
                                List<Double> sorted = lead.stream().sorted().toList();
                                r.put("medianLeadDays", sorted.get(sorted.size() / 2));
                            }
                        });
    }

    private static void topAtRisk(
            ObjectNode root,
            Map<String, ScoreDoc> scores,
            Map<String, AlertDoc> latestAlert,
            Instant dataEnd) {
        ArrayNode rows = root.putArray("topAtRisk");
        scores.values().stream()
                .filter(s -> !cancelled(s))
                .sorted(
                        Comparator.comparingDouble((ScoreDoc s) -> -s.score())
                                .thenComparing(s -> text(s.customerId())))
                .limit(TOP)
                .forEach(
                        s -> {
                            String id = text(s.customerId());
                            ObjectNode r = rows.addObject();
                            r.put("customerId", id);
                            r.put("score", s.score());
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
                                double since =
                                        (dataEnd.toEpochMilli() - last.toEpochMilli()) / DAY_MS;
                                r.put("daysSinceOrder", Math.round(since * 10) / 10.0);
                                if (!Double.isNaN(s.expectedGapDays())) {
                                    double overdue = since - s.expectedGapDays();
                                    r.put("daysOverdue", Math.round(overdue * 10) / 10.0);
                                }
                            }
                            r.put("totalSpend", s.totalSpend());
                            AlertDoc a = latestAlert.get(id);
                            if (a != null) {
                                r.put("lastPattern", text(a.pattern()));
                                r.put("channel", text(a.channel()));
                            }
                        });
    }
}
