package dev.kizashi.evaluate;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.fit.PatternGate;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.fit.StepReplay;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.KizashiOptions;
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
import java.util.Arrays;
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
            RiskFitting.Chosen risk,
            ChurnModelFile model) {}

    /**
     * Fits the score model, then the alert gate with its scores, then the risk thresholds from
     * which the job alerts and routes, as {@code kizashi fit} does.
     */
    public static Fitted fitWithGate(
            EventLog log,
            Settings s,
            Duration alertHorizon,
            ChurnJobConfig job,
            RiskFitting.Targets targets) {
        ProfileModelFitter.Result r = fit(log, s);
        PatternGate.Result gate = gate(log, s.until(), alertHorizon, job, r.model());
        RiskFitting.Chosen risk =
                RiskFitting.choose(
                        log, s.until(), alertHorizon, job, r.model(), gate.muted(), targets);
        ChurnModelFile model =
                r.model()
                        .withDetectorSettings(s.detectorSettings())
                        .withAlertGate(
                                gate.muted(), risk.judged() ? risk.thresholds() : gate.thresholds())
                        .withChannelGate(risk.channelThresholds(), risk.expectedPrecision());
        return new Fitted(r, gate, risk, model);
    }

    static CustomerStep step(ChurnJobConfig job, ChurnModelFile model) {
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
