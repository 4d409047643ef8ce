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
 * Which precursors carry a signal in this business, learned from its own history: the job's alerts
 * replayed over the training data ({@link StepReplay}) and measured against churn taken from the
 * data ({@link ChurnLabels}). A pattern is muted when, with enough alerts whose outcome is known,
 * the customers it alerts churn within the horizon no more often than {@code minLift} times the
 * base rate, or when most of its alerts come after the churn (a win-back, not a retention signal).
 * With too few alerts to tell, a pattern keeps alerting.
 */
public final class PatternGate {
    private PatternGate() {}

    /**
     * @param minKnown alerts with a known outcome a pattern needs before it can be muted
     * @param minLift precision over the base rate a pattern must reach to keep alerting
     * @param maxAfterChurn largest share of a pattern's alerts that may come after the churn
     */
    public record Rule(int minKnown, double minLift, double maxAfterChurn) {
        public static final Rule DEFAULT = new Rule(20, 1.5, 0.5);
    }

    /** What the history showed for one pattern. */
    public record PatternStats(
            ChurnPattern pattern,
            int alerts,
            int known,
            double precision,
            double lift,
            double afterChurn,
            boolean muted) {}

    /** The verdict: base rate and one row per pattern that alerted. */
    public record Result(double baseRate, List<PatternStats> patterns) {
        public List<String> muted() {
            return patterns.stream()
                    .filter(PatternStats::muted)
                    .map(p -> p.pattern().name())
                    .toList();
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
        Map<ChurnPattern, Set<String>> firstSeen = new EnumMap<>(ChurnPattern.class);
        for (Alert a : alerts) {
            // [alerts, known outcome, churned within the horizon, after the churn]
            int[] c = counts.computeIfAbsent(a.pattern(), k -> new int[4]);
            c[0]++;
            ChurnLabels.Churn churn = churns.get(a.customerId());
            if (churn != null && churn.churnTs() <= a.eventTime()) {
                c[3]++;
                continue;
            }
            if (a.eventTime() + h > until) {
                continue; // the outcome is not known yet
            }
            // Each customer counts once per pattern: the first alert that can be judged.
            if (!firstSeen.computeIfAbsent(a.pattern(), k -> new HashSet<>()).add(a.customerId())) {
                continue;
            }
            c[1]++;
            if (churn != null && churn.churnTs() <= a.eventTime() + h) {
                c[2]++;
            }
        }
        List<PatternStats> out = new ArrayList<>();
        counts.forEach(
                (p, c) -> {
                    double precision = c[1] == 0 ? Double.NaN : (double) c[2] / c[1];
                    double lift = base > 0 ? precision / base : Double.NaN;
                    double after = (double) c[3] / c[0];
                    boolean judged = c[1] >= rule.minKnown();
                    boolean muted =
                            (judged && !(lift >= rule.minLift()))
                                    || (c[0] >= rule.minKnown() && after > rule.maxAfterChurn());
                    out.add(new PatternStats(p, c[0], c[1], precision, lift, after, muted));
                });
        return new Result(base, out);
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
