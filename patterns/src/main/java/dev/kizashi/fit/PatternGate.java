package dev.kizashi.fit;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.alert.Alert;
import dev.kizashi.eval.ChurnLabels;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which precursors carry a signal in this business, and from which churn score, learned from its
 * own history: the job's alerts replayed over the training data ({@link StepReplay}) and measured
 * against churn taken from the data ({@link ChurnLabels}). Each pattern alerts from the lowest
 * score at which its alerts' customers churned within the horizon at least {@code minLift} times as
 * often as the base rate; a pattern for which no score does, or most of whose alerts come after the
 * churn (a win-back, not a retention signal), is muted. With too few alerts to tell, a pattern
 * keeps alerting at any score.
 */
public final class PatternGate {
    private PatternGate() {}

    /**
     * @param minKnown alerts with a known outcome a pattern needs before it can be muted
     * @param minLift precision over the base rate a pattern must reach to keep alerting
     * @param maxAfterChurn largest share of a pattern's alerts that may come after the churn
     */
    public record Rule(int minKnown, double minLift, double maxAfterChurn) {
        public static final Rule DEFAULT = new Rule(20, 1.5, 0.8);
    }

    /** What the history showed for one pattern. */
    public record PatternStats(
            ChurnPattern pattern,
            int alerts,
            int known,
            double precision,
            double lift,
            double afterChurn,
            boolean muted,
            double threshold) {}

    /** The verdict: base rate and one row per pattern that alerted. */
    public record Result(double baseRate, List<PatternStats> patterns) {
        public List<String> muted() {
            return patterns.stream()
                    .filter(PatternStats::muted)
                    .map(p -> p.pattern().name())
                    .toList();
        }

        /** The lowest score each pattern alerts at, where the history asked for one. */
        public Map<String, Double> thresholds() {
            Map<String, Double> out = new java.util.TreeMap<>();
            for (PatternStats p : patterns) {
                if (!p.muted() && p.threshold() > 0) {
                    out.put(p.pattern().name(), p.threshold());
                }
            }
            return out;
        }
    }

    /**
     * @param events the training history in event-time order (only events before {@code until} are
     *     read)
     * @param replay the job's step over that history
     * @param until end of the training data (exclusive)
     */
    public static Result fit(
            List<? extends CustomerEvent> events,
            StepReplay replay,
            long until,
            Duration horizon,
            Rule rule) {
        long h = horizon.toMillis();
        Map<String, ChurnLabels.Churn> churns =
                ChurnLabels.from(events.iterator(), until, horizon, null);
        List<Alert> alerts = new ArrayList<>();
        replay.run(
                events.iterator(),
                until,
                a -> {
                    if (a.kind() == AlertKind.ALERT || a.kind() == AlertKind.ESCALATION) {
                        alerts.add(a);
                    }
                });
        return judge(alerts, churns, baseRate(events, churns, until, h), until, horizon, rule);
    }

    /** The verdict on alerts already raised, against known churns and a base rate. */
    static Result judge(
            List<Alert> alerts,
            Map<String, ChurnLabels.Churn> churns,
            double base,
            long until,
            Duration horizon,
            Rule rule) {
        long h = horizon.toMillis();
        Map<ChurnPattern, int[]> counts = new EnumMap<>(ChurnPattern.class);
        Map<ChurnPattern, List<double[]>> judged = new EnumMap<>(ChurnPattern.class);
        Map<ChurnPattern, Set<String>> firstSeen = new EnumMap<>(ChurnPattern.class);
        for (Alert a : alerts) {
            // [alerts, after the churn]
            int[] c = counts.computeIfAbsent(a.pattern(), k -> new int[2]);
            c[0]++;
            ChurnLabels.Churn churn = churns.get(a.customerId());
            if (churn != null && churn.churnTs() <= a.eventTime()) {
                c[1]++;
                continue;
            }
            if (a.eventTime() + h > until) {
                continue; // the outcome is not known yet
            }
            // Each customer counts once per pattern: the first alert that can be judged.
            if (!firstSeen.computeIfAbsent(a.pattern(), k -> new HashSet<>()).add(a.customerId())) {
                continue;
            }
            boolean hit = churn != null && churn.churnTs() <= a.eventTime() + h;
            judged.computeIfAbsent(a.pattern(), k -> new ArrayList<>())
                    .add(new double[] {a.score(), hit ? 1 : 0});
        }
        List<PatternStats> out = new ArrayList<>();
        counts.forEach(
                (p, c) -> {
                    List<double[]> rows = judged.getOrDefault(p, List.of());
                    int hits = 0;
                    for (double[] r : rows) {
                        hits += (int) r[1];
                    }
                    double precision = rows.isEmpty() ? Double.NaN : (double) hits / rows.size();
                    double lift = base > 0 ? precision / base : Double.NaN;
                    double after = (double) c[1] / c[0];
                    double threshold = threshold(rows, base * rule.minLift(), rule.minKnown());
                    boolean muted =
                            Double.isNaN(threshold)
                                    || (c[0] >= rule.minKnown() && after > rule.maxAfterChurn());
                    out.add(
                            new PatternStats(
                                    p,
                                    c[0],
                                    rows.size(),
                                    precision,
                                    lift,
                                    after,
                                    muted,
                                    muted ? Double.NaN : threshold));
                });
        return new Result(base, out);
    }

    /**
     * The lowest churn score at which the pattern's alerts reach {@code target} precision, with at
     * least {@code minKnown} alerts at or above it: 0 when all of them do or there are too few to
     * tell, NaN when no score does (the pattern carries no signal).
     */
    static double threshold(List<double[]> scoreAndHit, double target, int minKnown) {
        if (scoreAndHit.size() < minKnown) {
            return 0;
        }
        List<double[]> rows = new ArrayList<>(scoreAndHit);
        rows.sort((x, y) -> Double.compare(y[0], x[0]));
        int n = 0;
        int hits = 0;
        double best = Double.NaN;
        for (int i = 0; i < rows.size(); i++) {
            n++;
            hits += (int) rows.get(i)[1];
            boolean tieAhead = i + 1 < rows.size() && rows.get(i + 1)[0] == rows.get(i)[0];
            if (!tieAhead && n >= minKnown && hits >= target * n) {
                best = i + 1 == rows.size() ? 0 : rows.get(i)[0];
            }
        }
        return best;
    }

    /**
     * The share of customers active at a month boundary who churn within the horizon after it,
     * pooled over the boundaries whose horizon ends inside the data: what a random alert would hit.
     */
    static double baseRate(
            List<? extends CustomerEvent> events,
            Map<String, ChurnLabels.Churn> churns,
            long until,
            long h) {
        if (events.isEmpty()) {
            return Double.NaN;
        }
        Map<String, Long> firstTs = new HashMap<>();
        for (CustomerEvent e : events) {
            if (e.ts() >= until) {
                break;
            }
            firstTs.putIfAbsent(e.customerId(), e.ts());
        }
        long start = events.get(0).ts();
        long month = 30 * DAY_MS;
        long active = 0;
        long churned = 0;
        for (long c = start + month; c + h <= until; c += month) {
            for (Map.Entry<String, Long> f : firstTs.entrySet()) {
                if (f.getValue() > c) {
                    continue;
                }
                ChurnLabels.Churn churn = churns.get(f.getKey());
                if (churn != null && churn.churnTs() <= c) {
                    continue;
                }
                active++;
                if (churn != null && churn.churnTs() <= c + h) {
                    churned++;
                }
            }
        }
        return active == 0 ? Double.NaN : (double) churned / active;
    }
}
