package dev.kizashi.fit;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.eval.ChurnMetrics;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.LogisticCalibrator;
import dev.kizashi.score.model.ProfileFeatures;
import dev.kizashi.score.model.RfmSummary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a {@link ChurnModelFile} from a time-ordered event stream through the same running {@link
 * CustomerProfile} state and {@link ProfileFeatures} that the streaming job scores with, so
 * training and serving see the same numbers.
 *
 * <p>The stream is replayed once, one profile per customer (deduplicated by event id as in the
 * job). Nothing at or after the end of {@code until} is read. At the end of each training cut-off
 * day {@code c}:
 *
 * <ol>
 *   <li>a BG/NBD model is fitted on the RFM summaries (days) of every customer with an order as of
 *       {@code c} — only on them;
 *   <li>every known customer who has not cancelled gets a row of {@link ProfileFeatures} computed
 *       with that model, for a label horizon {@code h_c = min(horizonCap, until - c)} days;
 *   <li>the label is filled in while the replay goes on: churn = no order in {@code (c, c + h_c]}
 *       or a {@code subscription_cancelled} in that window.
 * </ol>
 *
 * The rows of all cut-offs are stacked and a {@link LogisticCalibrator} (L2) is fitted on the
 * requested features minus those (nearly) constant in the training rows (e.g. every engagement
 * signal on a pure order log). The scoring BG/NBD is fitted on the summaries at {@code until}.
 * Cut-off and as-of instants are ends of days: a day's events all belong to it.
 */
public final class ProfileModelFitter {
    /**
     * The default L2 penalty of the calibrator, as in the CDNOW hold-out evaluation (test code).
     */
    public static final double DEFAULT_L2 = 1.0;

    /**
     * A feature is used only when at least this many training rows differ from its most common
     * value: a signal seen on a handful of rows would get an arbitrary weight.
     */
    public static final int MIN_SUPPORT = 20;

    private ProfileModelFitter() {}

    /**
     * What to fit.
     *
     * @param until last day of data used (inclusive); later events are never read
     * @param horizonDays the scoring horizon written into the model
     * @param cutoffs training cut-off days, each before {@code until}
     * @param labelHorizonCapDays longest training label window; {@code Integer.MAX_VALUE} for
     *     {@code until - c} (as the purchase-history fitter does)
     * @param features candidate features (names of {@link ProfileFeatures#NAMES})
     * @param l2 penalty of the calibrator
     * @param detector supplies the support window and the deduplication settings of the job
     */
    public record Options(
            LocalDate until,
            int horizonDays,
            List<LocalDate> cutoffs,
            int labelHorizonCapDays,
            List<String> features,
            double l2,
            DetectorConfig detector) {
        public Options {
            cutoffs = cutoffs.stream().sorted().distinct().toList();
            features = List.copyOf(features);
            for (LocalDate c : cutoffs) {
                if (!c.isBefore(until)) {
                    throw new IllegalArgumentException(
                            "training cut-off " + c + " must precede " + until);
                }
            }
            if (cutoffs.isEmpty()) {
                throw new IllegalArgumentException("need at least one training cut-off");
            }
            if (horizonDays <= 0 || labelHorizonCapDays <= 0) {
                throw new IllegalArgumentException("horizons must be positive");
            }
            for (String f : features) {
                if (!ProfileFeatures.NAMES.contains(f)) {
                    throw new IllegalArgumentException("unknown feature " + f);
                }
            }
        }

        /** All features, label windows up to {@code until}, default penalty and detector. */
        public static Options of(LocalDate until, int horizonDays, List<LocalDate> cutoffs) {
            return new Options(
                    until,
                    horizonDays,
                    cutoffs,
                    Integer.MAX_VALUE,
                    ProfileFeatures.NAMES,
                    DEFAULT_L2,
                    DetectorConfig.defaults());
        }

        public Options withLabelHorizonCap(int days) {
            return new Options(until, horizonDays, cutoffs, days, features, l2, detector);
        }

        public Options withFeatures(List<String> names) {
            return new Options(
                    until, horizonDays, cutoffs, labelHorizonCapDays, names, l2, detector);
        }

        public Options withL2(double penalty) {
            return new Options(
                    until, horizonDays, cutoffs, labelHorizonCapDays, features, penalty, detector);
        }

        /** The job's detector settings: the profile the fitter keeps must be the job's. */
        public Options withDetector(DetectorConfig config) {
            return new Options(
                    until, horizonDays, cutoffs, labelHorizonCapDays, features, l2, config);
        }
    }

    /** What one training cut-off contributed. */
    public record CutoffFit(
            LocalDate cutoff,
            int labelHorizonDays,
            LocalDate labelWindowEnd,
            BgNbd model,
            int bgnbdCustomers,
            int rows,
            double churnRate) {}

    /**
     * The fitted model and what each part saw.
     *
     * @param model the model file
     * @param scoringFit the BG/NBD fit on the summaries at {@code until}
     * @param cutoffs per training cut-off: its BG/NBD, rows and churn rate
     * @param rows calibrator training rows
     * @param trainChurnRate share of churn labels among them
     * @param droppedFeatures requested features left out for being constant in the training rows
     * @param eventsApplied events applied to profiles (duplicates excluded)
     * @param duplicates events dropped as duplicates
     * @param eventsAfterUntil events at or after the end of {@code until} (not read further)
     * @param firstEventTs event time of the first event applied
     * @param lastEventTs event time of the last event applied
     * @param profiles every customer's profile as of the end of {@code until}
     */
    public record Result(
            ChurnModelFile model,
            BgNbd.Fit scoringFit,
            List<CutoffFit> cutoffs,
            int rows,
            double trainChurnRate,
            List<String> droppedFeatures,
            long eventsApplied,
            long duplicates,
            long eventsAfterUntil,
            long firstEventTs,
            long lastEventTs,
            Map<String, CustomerProfile> profiles) {

        /** BG/NBD summary of a customer at {@code until}. */
        public RfmSummary summaryAtUntil(String customerId) {
            CustomerProfile p = profiles.get(customerId);
            return p == null ? null : ProfileFeatures.rfm(p, asOf(untilDay()));
        }

        public LocalDate untilDay() {
            return LocalDate.parse(model.bgnbdFittedThrough());
        }
    }

    /** The as-of instant of a day's end: the start of the next day (exclusive). */
    public static long asOf(LocalDate day) {
        return (day.toEpochDay() + 1) * DAY_MS;
    }

    /** Training rows of one cut-off waiting for their labels. */
    private static final class Pending {
        final LocalDate cutoff;
        final long from; // exclusive: end of the cut-off day
        final long to; // inclusive end of the label window (end of day c + h)
        final int horizon;
        final Map<String, Integer> rowOf = new HashMap<>();
        final List<double[]> rows = new ArrayList<>();
        final List<boolean[]> seen = new ArrayList<>(); // [ordered, cancelled]
        BgNbd model;
        int bgnbdCustomers;

        Pending(LocalDate cutoff, int horizon) {
            this.cutoff = cutoff;
            this.horizon = horizon;
            this.from = asOf(cutoff);
            this.to = asOf(cutoff.plusDays(horizon));
        }
    }

    /** Replays {@code events} (in event-time order) and fits the model. */
    public static Result fit(Iterator<? extends CustomerEvent> events, Options o) {
        long end = asOf(o.until());
        long supportWindow = o.detector().supportSpikeWindow().toMillis();
        long dedupeWindow = o.detector().dedupeWindow().toMillis();
        int dedupeIds = o.detector().dedupeMaxIds();

        List<Pending> pending = new ArrayList<>();
        for (LocalDate c : o.cutoffs()) {
            int h =
                    (int)
                            Math.min(
                                    o.labelHorizonCapDays(),
                                    o.until().toEpochDay() - c.toEpochDay());
            pending.add(new Pending(c, h));
        }
        Map<String, CustomerProfile> profiles = new LinkedHashMap<>();
        int nextCutoff = 0;
        long applied = 0;
        long duplicates = 0;
        long after = 0;
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;
        long previousTs = Long.MIN_VALUE;
        while (events.hasNext()) {
            CustomerEvent e = events.next();
            long ts = e.ts();
            if (ts < previousTs) {
                throw new IllegalArgumentException(
                        "events must be in event-time order: " + e.eventId());
            }
            previousTs = ts;
            if (ts >= end) {
                after++;
                // Nothing after until is used; the rest only counts what was left out.
                while (events.hasNext()) {
                    events.next();
                    after++;
                }
                break;
            }
            while (nextCutoff < pending.size() && ts >= pending.get(nextCutoff).from) {
                snapshot(pending.get(nextCutoff++), profiles, o);
            }
            CustomerProfile p =
                    profiles.computeIfAbsent(e.customerId(), k -> new CustomerProfile());
            if (p.seenBefore(e.eventId(), ts, dedupeWindow, dedupeIds)) {
                duplicates++;
                continue;
            }
            p.apply(e, supportWindow);
            applied++;
            firstTs = Math.min(firstTs, ts);
            lastTs = Math.max(lastTs, ts);
            boolean order = e.type() == EventType.ORDER;
            boolean cancel = e.type() == EventType.SUBSCRIPTION_CANCELLED;
            if (order || cancel) {
                for (int i = 0; i < nextCutoff; i++) {
                    Pending pd = pending.get(i);
                    if (ts >= pd.from && ts < pd.to) {
                        Integer row = pd.rowOf.get(e.customerId());
                        if (row != null) {
                            pd.seen.get(row)[order ? 0 : 1] = true;
                        }
                    }
                }
            }
        }
        while (nextCutoff < pending.size()) {
            snapshot(pending.get(nextCutoff++), profiles, o);
        }

        // Stack the rows and labels of all cut-offs.
        List<double[]> all = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<CutoffFit> cutoffFits = new ArrayList<>();
        for (Pending pd : pending) {
            int churned = 0;
            for (int i = 0; i < pd.rows.size(); i++) {
                boolean[] s = pd.seen.get(i);
                boolean y = !s[0] || s[1];
                churned += y ? 1 : 0;
                all.add(pd.rows.get(i));
                labels.add(y);
            }
            cutoffFits.add(
                    new CutoffFit(
                            pd.cutoff,
                            pd.horizon,
                            pd.cutoff.plusDays(pd.horizon),
                            pd.model,
                            pd.bgnbdCustomers,
                            pd.rows.size(),
                            pd.rows.isEmpty() ? Double.NaN : churned / (double) pd.rows.size()));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no customers known at any training cut-off");
        }
        boolean[] y = new boolean[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        if (ChurnMetrics.baseRate(y) == 0 || ChurnMetrics.baseRate(y) == 1) {
            throw new IllegalArgumentException(
                    "training labels are all " + y[0] + ": cannot fit the calibrator");
        }

        // Keep the requested features that vary in the training rows.
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        for (String name : o.features()) {
            int j = ProfileFeatures.NAMES.indexOf(name);
            Map<Double, Integer> counts = new HashMap<>();
            int mode = 0;
            for (double[] row : all) {
                mode = Math.max(mode, counts.merge(row[j], 1, Integer::sum));
            }
            if (all.size() - mode >= MIN_SUPPORT) {
                kept.add(name);
                columns.add(j);
            } else {
                dropped.add(name);
            }
        }
        double[][] x = new double[all.size()][kept.size()];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < kept.size(); k++) {
                x[i][k] = all.get(i)[columns.get(k)];
            }
        }
        LogisticCalibrator cal = LogisticCalibrator.fit(kept, x, y, o.l2());

        List<RfmSummary> atUntil = new ArrayList<>();
        for (CustomerProfile p : profiles.values()) {
            if (p.orderDays > 0) {
                atUntil.add(ProfileFeatures.rfm(p, end));
            }
        }
        BgNbd.Fit scoring = BgNbd.fit(atUntil);
        ChurnModelFile file =
                ChurnModelFile.of(
                        scoring.model(),
                        cal,
                        o.horizonDays(),
                        o.until(),
                        o.cutoffs(),
                        o.until(),
                        o.l2());
        return new Result(
                file,
                scoring,
                List.copyOf(cutoffFits),
                y.length,
                ChurnMetrics.baseRate(y),
                List.copyOf(dropped),
                applied,
                duplicates,
                after,
                firstTs == Long.MAX_VALUE ? 0 : firstTs,
                lastTs == Long.MIN_VALUE ? 0 : lastTs,
                Collections.unmodifiableMap(profiles));
    }

    /** Fits the cut-off's BG/NBD on the summaries at the cut-off and records the feature rows. */
    private static void snapshot(Pending pd, Map<String, CustomerProfile> profiles, Options o) {
        List<RfmSummary> summaries = new ArrayList<>();
        for (CustomerProfile p : profiles.values()) {
            if (p.orderDays > 0) {
                summaries.add(ProfileFeatures.rfm(p, pd.from));
            }
        }
        if (summaries.size() < 2) {
            throw new IllegalArgumentException(
                    "fewer than two customers with orders by cut-off " + pd.cutoff);
        }
        pd.model = BgNbd.fit(summaries).model();
        pd.bgnbdCustomers = summaries.size();
        for (Map.Entry<String, CustomerProfile> en : profiles.entrySet()) {
            CustomerProfile p = en.getValue();
            if (p.isEmpty() || p.cancelled) {
                continue; // nothing known yet, or already gone
            }
            pd.rowOf.put(en.getKey(), pd.rows.size());
            pd.rows.add(ProfileFeatures.compute(pd.model, p, pd.from, pd.horizon));
            pd.seen.add(new boolean[2]);
        }
    }

    /**
     * At most this many default training cut-offs: bounds the rows and BG/NBD fits of a long log.
     */
    public static final int MAX_DEFAULT_CUTOFFS = 6;

    /**
     * Default training cut-offs: the last (up to {@link #MAX_DEFAULT_CUTOFFS}) month ends {@code c}
     * with at least {@code min(horizon, 40% of the data's span)} days between {@code c} and {@code
     * until}, and at least 28 days of data before {@code c}. Several cut-offs give label windows of
     * several lengths, so the weight of {@code log_horizon_days} that carries the layer to the
     * longer scoring horizon is learnt from a range rather than from two points.
     */
    public static List<LocalDate> defaultCutoffs(
            LocalDate firstDay, LocalDate until, int horizonDays) {
        long span = until.toEpochDay() - firstDay.toEpochDay();
        long gap = Math.max(1, Math.min(horizonDays, Math.round(0.4 * span)));
        List<LocalDate> out = new ArrayList<>();
        LocalDate m = until.withDayOfMonth(1).minusDays(1); // last month end before until
        while (out.size() < MAX_DEFAULT_CUTOFFS && !m.isBefore(firstDay.plusDays(28))) {
            if (until.toEpochDay() - m.toEpochDay() >= gap) {
                out.add(0, m);
            }
            m = m.withDayOfMonth(1).minusDays(1);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    "no month end between "
                            + firstDay.plusDays(28)
                            + " and "
                            + until.minusDays(gap)
                            + " for a training cut-off; give cut-offs explicitly");
        }
        return out;
    }
}
