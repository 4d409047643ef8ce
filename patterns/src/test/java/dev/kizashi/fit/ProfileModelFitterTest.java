package dev.kizashi.fit;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.eval.CdnowData;
import dev.kizashi.eval.CdnowEvaluation;
import dev.kizashi.eval.CdnowFiles;
import dev.kizashi.eval.ChurnMetrics;
import dev.kizashi.model.CancelReason;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnFeatures;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.LogisticCalibrator;
import dev.kizashi.score.model.ProfileFeatures;
import dev.kizashi.score.model.RfmSummary;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileModelFitterTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 1);
    private static final LocalDate UNTIL = LocalDate.of(2025, 6, 30);
    private static final List<LocalDate> CUTOFFS =
            List.of(LocalDate.of(2025, 3, 31), LocalDate.of(2025, 4, 30));

    private static long at(LocalDate day, int hour) {
        return day.toEpochDay() * DAY_MS + hour * 3_600_000L;
    }

    private static CustomerEvent order(String customer, LocalDate day, double amount) {
        String id = customer + "-" + day;
        return new CustomerEvent.Order(id, customer, at(day, 10), id, amount, "USD", false, 1);
    }

    /**
     * Regular customers ordering every {@code gap} days, some stopping at a random day; ids say
     * what they do.
     */
    private static List<CustomerEvent> synthetic(int customers, LocalDate lastDay, long seed) {
        Random rnd = new Random(seed);
        List<CustomerEvent> out = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String id = String.format(Locale.ROOT, "c%04d", c);
            int gap = 5 + rnd.nextInt(30);
            LocalDate first = START.plusDays(rnd.nextInt(60));
            LocalDate stop = rnd.nextBoolean() ? first.plusDays(rnd.nextInt(300)) : LocalDate.MAX;
            for (LocalDate d = first;
                    !d.isAfter(lastDay) && d.isBefore(stop);
                    d = d.plusDays(gap)) {
                out.add(order(id, d, 10 + rnd.nextInt(50)));
            }
        }
        out.sort(Comparator.comparingLong(CustomerEvent::ts));
        return out;
    }

    @Test
    void labelsAndRowsFollowTheCutoffs() {
        List<CustomerEvent> ev = new ArrayList<>();
        // a: orders every 10 days throughout -> never churns
        for (LocalDate d = START; !d.isAfter(UNTIL); d = d.plusDays(10)) {
            ev.add(order("a", d, 20));
        }
        // b: orders every 7 days until 2025-04-10 -> churned for 04-30, not for 03-31
        for (LocalDate d = START.plusDays(3);
                d.isBefore(LocalDate.of(2025, 4, 11));
                d = d.plusDays(7)) {
            ev.add(order("b", d, 30));
        }
        // c: orders every 15 days, cancels on 2025-05-20 -> churn for both cut-offs
        for (LocalDate d = START.plusDays(1); !d.isAfter(UNTIL); d = d.plusDays(15)) {
            ev.add(order("c", d, 25));
        }
        ev.add(
                new CustomerEvent.SubscriptionCancelled(
                        "c-cancel", "c", at(LocalDate.of(2025, 5, 20), 9), CancelReason.OTHER));
        // d: first order after the first cut-off -> a row at 04-30 only
        ev.add(order("d", LocalDate.of(2025, 4, 15), 10));
        ev.add(order("d", LocalDate.of(2025, 6, 20), 10));
        // e: one order, ever -> churned for both
        ev.add(order("e", START.plusDays(5), 50));
        // an exact duplicate of one of a's orders is dropped, as in the job
        ev.add(order("a", START, 20));
        ev.sort(Comparator.comparingLong(CustomerEvent::ts));

        ProfileModelFitter.Result r =
                ProfileModelFitter.fit(
                        ev.iterator(),
                        ProfileModelFitter.Options.of(UNTIL, 90, CUTOFFS)
                                .withFeatures(ChurnFeatures.NAMES));
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.cutoffs()).hasSize(2);
        ProfileModelFitter.CutoffFit march = r.cutoffs().get(0);
        ProfileModelFitter.CutoffFit april = r.cutoffs().get(1);
        assertThat(march.labelHorizonDays()).isEqualTo(91); // 03-31 .. 06-30
        assertThat(april.labelHorizonDays()).isEqualTo(61);
        assertThat(march.rows()).isEqualTo(4); // a b c e
        assertThat(march.churnRate()).isEqualTo(2 / 4.0); // c (cancelled), e
        assertThat(april.rows()).isEqualTo(5); // a b c d e
        assertThat(april.churnRate()).isEqualTo(3 / 5.0); // b c e
        assertThat(r.rows()).isEqualTo(9);
        assertThat(r.model().horizonDays()).isEqualTo(90);
        assertThat(r.model().bgnbdFittedThrough()).isEqualTo("2025-06-30");
        assertThat(r.model().calibratorCutoffs()).containsExactly("2025-03-31", "2025-04-30");
    }

    @Test
    void cutoffModelsSeeOnlyTheSummariesAtTheCutoff() {
        List<CustomerEvent> ev = synthetic(400, UNTIL.plusDays(60), 1);
        ProfileModelFitter.Result r =
                ProfileModelFitter.fit(
                        ev.iterator(), ProfileModelFitter.Options.of(UNTIL, 60, CUTOFFS));
        for (ProfileModelFitter.CutoffFit cf : r.cutoffs()) {
            long asOf = ProfileModelFitter.asOf(cf.cutoff());
            List<RfmSummary> byHand = summariesAt(ev, asOf);
            assertThat(cf.bgnbdCustomers()).isEqualTo(byHand.size());
            assertThat(cf.model()).isEqualTo(BgNbd.fit(byHand).model());
        }
        List<RfmSummary> atUntil = summariesAt(ev, ProfileModelFitter.asOf(UNTIL));
        assertThat(r.model().bgNbd()).isEqualTo(BgNbd.fit(atUntil).model());
        // Purchase-only data: every signal is constant and left out.
        // Purchase features vary; so do days idle (= days since the last order here) and the
        // overdue ratio.
        assertThat(r.model().featureNames())
                .containsExactlyElementsOf(
                        concat(
                                ChurnFeatures.NAMES,
                                List.of("log1p_days_idle", "log1p_overdue_ratio")));
        assertThat(r.droppedFeatures()).containsAll(ProfileFeatures.SIGNALS.subList(0, 6));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<RfmSummary> summariesAt(List<CustomerEvent> ev, long asOf) {
        java.util.Map<String, List<Long>> days = new java.util.TreeMap<>();
        for (CustomerEvent e : ev) {
            if (e.ts() < asOf) {
                days.computeIfAbsent(e.customerId(), k -> new ArrayList<>())
                        .add(Math.floorDiv(e.ts(), DAY_MS));
            }
        }
        long cutoff = Math.floorDiv(asOf - 1, DAY_MS);
        List<RfmSummary> out = new ArrayList<>();
        for (List<Long> d : days.values()) {
            List<Long> distinct = d.stream().distinct().sorted().toList();
            long first = distinct.get(0);
            long last = distinct.get(distinct.size() - 1);
            out.add(new RfmSummary(distinct.size() - 1, last - first, cutoff - first));
        }
        return out;
    }

    @Test
    void eventsAfterUntilCannotChangeTheModel() {
        List<CustomerEvent> history = synthetic(300, UNTIL, 2);
        List<CustomerEvent> withFuture = new ArrayList<>(history);
        // Later data that would change everything if it were read: every customer returns.
        for (int c = 0; c < 300; c++) {
            String id = String.format(Locale.ROOT, "c%04d", c);
            withFuture.add(order(id, UNTIL.plusDays(1), 1000));
            withFuture.add(order(id, UNTIL.plusDays(30 + c % 20), 1000));
        }
        withFuture.add(order("newcomer", UNTIL.plusDays(2), 5));
        withFuture.sort(Comparator.comparingLong(CustomerEvent::ts));
        var options = ProfileModelFitter.Options.of(UNTIL, 60, CUTOFFS);
        ProfileModelFitter.Result a = ProfileModelFitter.fit(history.iterator(), options);
        ProfileModelFitter.Result b = ProfileModelFitter.fit(withFuture.iterator(), options);
        assertThat(b.model()).isEqualTo(a.model());
        assertThat(b.eventsAfterUntil()).isEqualTo(601);
        assertThat(a.eventsAfterUntil()).isZero();
        assertThat(b.profiles()).doesNotContainKey("newcomer");
        assertThat(b.lastEventTs()).isLessThan(ProfileModelFitter.asOf(UNTIL));
    }

    @Test
    void rejectsBadOptionsAndUnorderedInput() {
        assertThatThrownBy(
                        () -> ProfileModelFitter.Options.of(UNTIL, 60, List.of(UNTIL.plusDays(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                ProfileModelFitter.Options.of(UNTIL, 60, CUTOFFS)
                                        .withFeatures(List.of("no_such_feature")))
                .isInstanceOf(IllegalArgumentException.class);
        List<CustomerEvent> ev =
                List.of(order("a", START.plusDays(2), 1), order("a", START.plusDays(1), 1));
        assertThatThrownBy(
                        () ->
                                ProfileModelFitter.fit(
                                        ev.iterator(),
                                        ProfileModelFitter.Options.of(UNTIL, 60, CUTOFFS)))
                .hasMessageContaining("event-time order");
    }

    @Test
    void defaultCutoffsAreMonthEndsLeavingRoomForLabels() {
        // CDNOW: data from 1997-01-01, until 1997-09-30, horizon 273: labels need 109 days (40%
        // of 272), data 28 days -> the month ends from 01-31 to 05-31.
        assertThat(
                        ProfileModelFitter.defaultCutoffs(
                                LocalDate.of(1997, 1, 1), LocalDate.of(1997, 9, 30), 273))
                .containsExactly(
                        LocalDate.of(1997, 1, 31),
                        LocalDate.of(1997, 2, 28),
                        LocalDate.of(1997, 3, 31),
                        LocalDate.of(1997, 4, 30),
                        LocalDate.of(1997, 5, 31));
        // A long log: the six latest eligible month ends only.
        assertThat(
                        ProfileModelFitter.defaultCutoffs(
                                LocalDate.of(2020, 1, 1), LocalDate.of(2024, 12, 31), 90))
                .containsExactly(
                        LocalDate.of(2024, 4, 30),
                        LocalDate.of(2024, 5, 31),
                        LocalDate.of(2024, 6, 30),
                        LocalDate.of(2024, 7, 31),
                        LocalDate.of(2024, 8, 31),
                        LocalDate.of(2024, 9, 30));
        assertThat(
                        ProfileModelFitter.defaultCutoffs(
                                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 5, 31), 60))
                .containsExactly(
                        LocalDate.of(2026, 1, 31),
                        LocalDate.of(2026, 2, 28),
                        LocalDate.of(2026, 3, 31));
    }

    /**
     * The profile-based path reproduces the purchase-history evaluation on CDNOW: same cut-offs,
     * same label windows, same features, so the same model and scores up to rounding.
     */
    @Test
    void reproducesThePurchaseHistoryFitOnCdnow() throws Exception {
        Path file = CdnowFiles.require("CDNOW_master.txt");
        List<CustomerEvent> ev = readCdnow(file);
        LocalDate end = CdnowEvaluation.CALIBRATION_END;
        int horizon = 273;
        ProfileModelFitter.Result fit =
                ProfileModelFitter.fit(
                        ev.iterator(),
                        ProfileModelFitter.Options.of(
                                        end, horizon, CdnowEvaluation.TRAINING_CUTOFFS)
                                .withFeatures(ChurnFeatures.NAMES));
        assertThat(fit.model().featureNames()).containsExactlyElementsOf(ChurnFeatures.NAMES);

        CdnowEvaluation.Report reference = CdnowEvaluation.evaluate(CdnowData.read(file));
        ChurnModelFile ref = reference.fit().model();
        assertThat(fit.model().intercept()).isCloseTo(ref.intercept(), within(1e-6));
        for (int j = 0; j < ref.weights().length; j++) {
            assertThat(fit.model().weights()[j]).isCloseTo(ref.weights()[j], within(1e-6));
        }
        assertThat(fit.model().r()).isCloseTo(ref.r(), within(1e-9));

        // Score as of the calibration end through the profiles, label from the hold-out.
        long asOf = ProfileModelFitter.asOf(end);
        long holdEnd = ProfileModelFitter.asOf(CdnowEvaluation.HOLDOUT_END);
        java.util.Set<String> ordered = new java.util.HashSet<>();
        for (CustomerEvent e : ev) {
            if (e.ts() >= asOf && e.ts() < holdEnd) {
                ordered.add(e.customerId());
            }
        }
        BgNbd m = fit.model().bgNbd();
        LogisticCalibrator cal = fit.model().calibrator();
        int n = fit.profiles().size();
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        int i = 0;
        for (var en : fit.profiles().entrySet()) {
            CustomerProfile prof = en.getValue();
            double[] all = ProfileFeatures.compute(m, prof, asOf, horizon);
            p[i] = cal.probability(java.util.Arrays.copyOf(all, ChurnFeatures.NAMES.size()));
            y[i++] = !ordered.contains(en.getKey());
        }
        assertThat(n).isEqualTo(23_570);
        double auc = ChurnMetrics.auc(p, y);
        double ll = ChurnMetrics.logLoss(p, y);
        System.out.printf(
                Locale.ROOT,
                "profile path: AUC %.4f log-loss %.4f (reference %.4f %.4f)%n",
                auc,
                ll,
                reference.rows().get(0).auc(),
                reference.rows().get(0).logLoss());
        assertThat(auc).isCloseTo(reference.rows().get(0).auc(), within(1e-9));
        assertThat(ll).isCloseTo(reference.rows().get(0).logLoss(), within(1e-9));
    }

    static List<CustomerEvent> readCdnow(Path file) throws Exception {
        List<CustomerEvent> ev = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String[] f = line.strip().split("\\s+");
                if (f.length != 4 || !f[0].chars().allMatch(Character::isDigit)) {
                    continue;
                }
                LocalDate d =
                        LocalDate.parse(f[1], java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                String id = "cdnow-" + f[0] + "-" + n;
                ev.add(
                        new CustomerEvent.Order(
                                id,
                                f[0],
                                d.toEpochDay() * DAY_MS,
                                id,
                                Double.parseDouble(f[3]),
                                "USD",
                                false,
                                Integer.parseInt(f[2])));
            }
        }
        ev.sort(Comparator.comparingLong(CustomerEvent::ts));
        return ev;
    }
}
