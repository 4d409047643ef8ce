package dev.kizashi.evaluate;

import dev.kizashi.eval.AlertQuality;
import dev.kizashi.eval.ChurnLabels;
import dev.kizashi.eval.NaiveRule;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.fit.RiskThreshold;
import dev.kizashi.fit.StepReplay;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.score.model.ChurnModelFile;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The churn probability from which the job alerts, and from which each channel gets its alerts,
 * chosen on the training history: the job replayed with a model that lets every candidate out,
 * beside the naive rule, against churn taken from the data.
 */
public final class RiskFitting {
    private RiskFitting() {}

    private static final String HIGH_RISK = ChurnPattern.HIGH_RISK.name();

    /** A threshold below every probability: each precursor event becomes a candidate alert. */
    private static final double ANY_RISK = Double.MIN_VALUE;

    /**
     * What the business asked of the thresholds.
     *
     * @param alertPrecision first-alert precision the alerts must reach; NaN to beat the naive rule
     * @param channelPrecision per channel, the first-alert precision its alerts must reach
     * @param channelPerDay per channel, the most alerts a day it can take
     */
    public record Targets(
            double alertPrecision,
            Map<String, Double> channelPrecision,
            Map<String, Double> channelPerDay) {
        public static final Targets NONE = new Targets(Double.NaN, Map.of(), Map.of());

        public Targets {
            channelPrecision = channelPrecision == null ? Map.of() : Map.copyOf(channelPrecision);
            channelPerDay = channelPerDay == null ? Map.of() : Map.copyOf(channelPerDay);
        }

        Set<String> channels() {
            Set<String> all = new TreeSet<>(channelPrecision.keySet());
            all.addAll(channelPerDay.keySet());
            return all;
        }
    }

    /**
     * @param risk the alert threshold's curve and choice
     * @param channels per channel asked for, its curve and choice (over the alerts at or above the
     *     alert threshold that the routing table sends there)
     */
    public record Chosen(RiskThreshold.Result risk, Map<String, RiskThreshold.Result> channels) {
        /** Whether any candidate alert could be judged, so the history placed a threshold. */
        public boolean judged() {
            return risk.chosen() != null && !Double.isNaN(risk.chosen().firstAlertPrecision());
        }

        public Map<String, Double> thresholds() {
            return Map.of(HIGH_RISK, Math.max(ANY_RISK, risk.threshold()));
        }

        public Map<String, Double> channelThresholds() {
            Map<String, Double> out = new TreeMap<>();
            channels.forEach((ch, r) -> out.put(ch, Math.max(risk.threshold(), r.threshold())));
            return out;
        }

        /** The first-alert precision the history showed at each chosen threshold. */
        public Map<String, Double> expectedPrecision() {
            Map<String, Double> out = new TreeMap<>();
            if (judged()) {
                out.put(HIGH_RISK, risk.chosen().firstAlertPrecision());
            }
            channels.forEach(
                    (ch, r) -> {
                        RiskThreshold.Point p = r.chosen();
                        if (p != null && !Double.isNaN(p.firstAlertPrecision())) {
                            out.put(ch, p.firstAlertPrecision());
                        }
                    });
            return out;
        }
    }

    /**
     * Chooses the thresholds on the data before {@code until}, replaying the job with {@code model}
     * (fitted on the same data) muting {@code muted}.
     */
    public static Chosen choose(
            EventLog log,
            LocalDate until,
            Duration alertHorizon,
            ChurnJobConfig job,
            ChurnModelFile model,
            List<String> muted,
            Targets targets) {
        long end = ProfileModelFitter.asOf(until);
        ChurnModelFile letAllOut = model.withAlertGate(muted, Map.of(HIGH_RISK, ANY_RISK));
        List<RiskThreshold.Candidate> candidates = new ArrayList<>();
        new StepReplay(ModelFitting.step(job, letAllOut), job.outOfOrderness().toMillis())
                .run(
                        log.events().iterator(),
                        end,
                        a -> {
                            if (a.kind() == AlertKind.ALERT || a.kind() == AlertKind.ESCALATION) {
                                candidates.add(
                                        new RiskThreshold.Candidate(
                                                a.customerId(),
                                                a.pattern().name(),
                                                a.eventTime(),
                                                a.score()));
                            }
                        });
        List<CustomerEvent> training = log.events().stream().filter(e -> e.ts() < end).toList();
        Map<String, Boolean> seen = new HashMap<>();
        Map<String, Long> churnTimes = new HashMap<>();
        ChurnLabels.from(training.iterator(), end, alertHorizon, seen)
                .forEach((id, c) -> churnTimes.put(id, c.churnTs()));
        long start = training.isEmpty() ? end - 1 : training.get(0).ts();
        int customers = Math.max(1, seen.size());
        List<AlertQuality.AlertRecord> naive =
                NaiveRule.alerts(training.iterator(), job.alertCooldown());
        RiskThreshold.Result risk =
                RiskThreshold.choose(
                        candidates,
                        naive,
                        churnTimes,
                        customers,
                        start,
                        end,
                        alertHorizon,
                        job.alertCooldown(),
                        targets.alertPrecision());
        Map<String, RiskThreshold.Result> channels = new TreeMap<>();
        for (String channel : targets.channels()) {
            List<RiskThreshold.Candidate> routed = new ArrayList<>();
            for (RiskThreshold.Candidate c : candidates) {
                if (c.risk() >= risk.threshold()
                        && channel.equals(
                                job.routing().route(ChurnPattern.valueOf(c.pattern())).channel())) {
                    routed.add(c);
                }
            }
            channels.put(
                    channel,
                    RiskThreshold.forChannel(
                            routed,
                            naive,
                            churnTimes,
                            customers,
                            start,
                            end,
                            alertHorizon,
                            job.alertCooldown(),
                            targets.channelPrecision().getOrDefault(channel, Double.NaN),
                            targets.channelPerDay().getOrDefault(channel, Double.NaN)));
        }
        return new Chosen(risk, channels);
    }

    /** The chosen thresholds beside the naive rule, on the training history. */
    public static void print(PrintStream out, Chosen c) {
        RiskThreshold.Point p = c.risk().chosen();
        AlertQuality.Row n = c.risk().naive();
        if (p == null) {
            out.println("risk threshold: none (no candidate alert could be judged)");
            return;
        }
        out.printf(
                Locale.ROOT,
                "risk threshold %.4f (on the training history: recall %.3f vs naive %.3f,"
                        + " first-alert precision %.3f vs %.3f, alerts /1k customers /month %.1f"
                        + " vs %.1f)%n",
                p.threshold(),
                p.recall(),
                n.recall(),
                p.firstAlertPrecision(),
                n.firstAlertPrecision(),
                p.alertsPer1kCustomerMonths(),
                n.alertsPer1kCustomerMonths());
        c.channels()
                .forEach(
                        (channel, r) -> {
                            RiskThreshold.Point q = r.chosen();
                            out.printf(
                                    Locale.ROOT,
                                    "  %s from risk %.4f (first-alert precision %.3f, alerts /1k"
                                            + " customers /month %.1f on the training history)%n",
                                    channel,
                                    c.channelThresholds().get(channel),
                                    q == null ? Double.NaN : q.firstAlertPrecision(),
                                    q == null ? 0.0 : q.alertsPer1kCustomerMonths());
                        });
    }
}
