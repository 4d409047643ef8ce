package dev.kizashi.evaluate;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.eval.AlertQuality;
import dev.kizashi.eval.ChurnLabels;
import dev.kizashi.eval.NaiveRule;
import dev.kizashi.fit.PatternGate;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.fit.RiskThreshold;
import dev.kizashi.fit.StepReplay;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.KizashiOptions;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.ValuePopulation;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnFeatures;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import dev.kizashi.step.CustomerStep;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/** Fits the churn model on an {@link EventLog} as {@code kizashi fit} does, and prints the fit. */
public final class ModelFitting {
    private ModelFitting() {}

    /**
     * What to fit.
     *
     * @param cutoffs training cut-offs; null or empty for the default ones
     * @param detector the detector settings of the job that will load the model
     * @param detectorSettings the same settings as option key to text, recorded in the model file
     */
    public record Settings(
            LocalDate until,
            int horizonDays,
            List<LocalDate> cutoffs,
            List<String> features,
            double l2,
            DetectorConfig detector,
            Map<String, String> detectorSettings) {

        /** The settings with the detector of the job configured by {@code jobConf}. */
        public static Settings forJob(
                LocalDate until,
                int horizonDays,
                List<LocalDate> cutoffs,
                List<String> features,
                double l2,
                Configuration jobConf) {
            return new Settings(
                    until,
                    horizonDays,
                    cutoffs,
                    features,
                    l2,
                    ChurnJobConfig.from(jobConf).detector(),
                    KizashiOptions.detectorSettings(jobConf));
        }
    }

    /**
     * What {@code fit} writes: the score model, the alert gate learned with that model's scores,
     * and the model file carrying both and the detector settings.
     */
    public record Fitted(
            ProfileModelFitter.Result fit,
            PatternGate.Result gate,
            RiskThreshold.Result risk,
            ChurnModelFile model) {}

    /**
     * Fits the score model, then the alert gate with its scores, then the risk threshold from which
     * the job alerts, as {@code kizashi fit} does.
     */
    public static Fitted fitWithGate(
            EventLog log, Settings s, Duration alertHorizon, ChurnJobConfig job) {
        ProfileModelFitter.Result r = fit(log, s);
        PatternGate.Result gate = gate(log, s.until(), alertHorizon, job, r.model());
        RiskThreshold.Result risk =
                riskThreshold(
                        log,
                        s.until(),
                        alertHorizon,
                        job,
                        r.model().withAlertGate(gate.muted(), Map.of(HIGH_RISK, ANY_RISK)));
        // Without a single judged candidate the history cannot place a threshold.
        Map<String, Double> thresholds =
                risk.chosen() != null && !Double.isNaN(risk.chosen().firstAlertPrecision())
                        ? Map.of(HIGH_RISK, Math.max(ANY_RISK, risk.threshold()))
                        : gate.thresholds();
        return new Fitted(
                r,
                gate,
                risk,
                r.model()
                        .withDetectorSettings(s.detectorSettings())
                        .withAlertGate(gate.muted(), thresholds));
    }

    private static final String HIGH_RISK = ChurnPattern.HIGH_RISK.name();

    /** A threshold below every probability: each precursor event becomes a candidate alert. */
    private static final double ANY_RISK = Double.MIN_VALUE;

    /**
     * The risk threshold learned on the data before {@code until}: the job's step replayed with
     * {@code candidateModel} (which alerts on every precursor event at any risk), its alerts and
     * the naive rule's measured against churn taken from the data.
     */
    public static RiskThreshold.Result riskThreshold(
            EventLog log,
            LocalDate until,
            Duration alertHorizon,
            ChurnJobConfig job,
            ChurnModelFile candidateModel) {
        long end = ProfileModelFitter.asOf(until);
        List<RiskThreshold.Candidate> candidates = new ArrayList<>();
        new StepReplay(step(job, candidateModel), job.outOfOrderness().toMillis())
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
        return RiskThreshold.choose(
                candidates,
                NaiveRule.alerts(training.iterator(), job.alertCooldown()),
                churnTimes,
                Math.max(1, seen.size()),
                start,
                end,
                alertHorizon,
                job.alertCooldown(),
                Double.NaN);
    }

    private static CustomerStep step(ChurnJobConfig job, ChurnModelFile model) {
        return new CustomerStep(
                job.detector(),
                job.scoring().withModel(model),
                job.routing(),
                job.alertCooldown(),
                new long[0],
                new ValuePopulation(job.valueEpoch().toMillis(), job.valueMinPopulation()),
                () -> 0L,
                Set.of(),
                job.alertAfterKnownChurn());
    }

    /** The chosen threshold beside the naive rule, on the training history. */
    public static void printRisk(PrintStream out, RiskThreshold.Result r) {
        RiskThreshold.Point p = r.chosen();
        AlertQuality.Row n = r.naive();
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
    }

    /**
     * Which patterns carry a signal in this history, and from which score: the job's step replayed
     * over the data before {@code until} with the job's own settings and {@code model} (fitted on
     * the same data), its alerts measured against churn taken from the data within {@code
     * alertHorizon}.
     */
    public static PatternGate.Result gate(
            EventLog log,
            LocalDate until,
            Duration alertHorizon,
            ChurnJobConfig job,
            ChurnModelFile model) {
        return PatternGate.fit(
                log.events(),
                new StepReplay(step(job, model), job.outOfOrderness().toMillis()),
                ProfileModelFitter.asOf(until),
                alertHorizon,
                PatternGate.Rule.DEFAULT);
    }

    /** The gate's table: one row per pattern that alerted in the training data. */
    public static void printGate(PrintStream out, PatternGate.Result g) {
        out.printf(
                Locale.ROOT,
                "alert patterns (churn taken from the data; base rate %.4f within the alert"
                        + " horizon):%n",
                g.baseRate());
        for (PatternGate.PatternStats p : g.patterns()) {
            out.printf(
                    Locale.ROOT,
                    "  %-28s %,7d alerts %,6d judged  precision %.3f  lift %5.2f  after churn"
                            + " %.2f  %s%n",
                    p.pattern(),
                    p.alerts(),
                    p.known(),
                    p.precision(),
                    p.lift(),
                    p.afterChurn(),
                    p.muted()
                            ? "MUTED"
                            : p.threshold() > 0
                                    ? String.format(
                                            Locale.ROOT, "alerts from score %.3f", p.threshold())
                                    : "alerts");
        }
    }

    /** The feature list of a {@code --features} value: all, purchase, or names. */
    public static List<String> featureList(String spec) {
        return switch (spec.trim()) {
            case "all" -> ProfileFeatures.NAMES;
            case "purchase" -> ChurnFeatures.NAMES;
            default -> Arrays.stream(spec.split(",")).map(String::trim).toList();
        };
    }

    /** Label windows min(horizon, until - cut-off). */
    public static ProfileModelFitter.Result fit(EventLog log, Settings s) {
        List<LocalDate> cuts =
                s.cutoffs() == null || s.cutoffs().isEmpty()
                        ? ProfileModelFitter.defaultCutoffs(
                                log.firstDay(), s.until(), s.horizonDays())
                        : s.cutoffs();
        ProfileModelFitter.Options o =
                ProfileModelFitter.Options.of(s.until(), s.horizonDays(), cuts)
                        .withLabelHorizonCap(s.horizonDays())
                        .withFeatures(s.features())
                        .withL2(s.l2())
                        .withDetector(s.detector());
        return ProfileModelFitter.fit(log.events().iterator(), o);
    }

    public static void printSummary(PrintStream out, EventLog log, ProfileModelFitter.Result r) {
        ChurnModelFile m = r.model();
        out.printf(
                Locale.ROOT,
                "events: %,d lines, %,d decoded (%,d undecodable), %s .. %s%n",
                log.lines(),
                log.events().size(),
                log.deadLetters(),
                log.firstDay(),
                log.lastDay());
        out.printf(
                Locale.ROOT,
                "used: %,d events from %s to %s (%,d duplicates dropped); %,d events after %s"
                        + " ignored%n",
                r.eventsApplied(),
                Instant.ofEpochMilli(r.firstEventTs()),
                Instant.ofEpochMilli(r.lastEventTs()),
                r.duplicates(),
                r.eventsAfterUntil(),
                m.bgnbdFittedThrough());
        BgNbd b = m.bgNbd();
        out.printf(
                Locale.ROOT,
                "scoring BG/NBD (days; summaries as of the end of %s, %,d customers with orders):"
                        + " r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.1f%n",
                m.bgnbdFittedThrough(),
                r.scoringFit().customers(),
                b.r(),
                b.alpha(),
                b.a(),
                b.b(),
                r.scoringFit().logLikelihood());
        for (ProfileModelFitter.CutoffFit c : r.cutoffs()) {
            out.printf(
                    Locale.ROOT,
                    "  cut-off %s: BG/NBD on %,d summaries at the cut-off r=%.4f alpha=%.4f a=%.4f"
                            + " b=%.4f; %,d rows, labels (%s, %s] (%d days), churn rate %.4f%n",
                    c.cutoff(),
                    c.bgnbdCustomers(),
                    c.model().r(),
                    c.model().alpha(),
                    c.model().a(),
                    c.model().b(),
                    c.rows(),
                    c.cutoff(),
                    c.labelWindowEnd(),
                    c.labelHorizonDays(),
                    c.churnRate());
        }
        out.printf(
                Locale.ROOT,
                "calibrator (L2 %.2f): %,d rows, churn rate %.4f, horizon %d days, intercept"
                        + " %.4f%n",
                m.l2(),
                r.rows(),
                r.trainChurnRate(),
                m.horizonDays(),
                m.intercept());
        double[] w = m.weights();
        for (int j = 0; j < w.length; j++) {
            out.printf(Locale.ROOT, "  %-28s %9.4f%n", m.featureNames().get(j), w[j]);
        }
        if (!r.droppedFeatures().isEmpty()) {
            out.println("  constant in training, left out: " + r.droppedFeatures());
        }
    }
}
