package dev.kizashi.score.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.eval.CdnowFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgNbdTest {
    /** Fader, Hardie &amp; Lee (2005) CDNOW parameters, weeks. */
    private static final BgNbd FHL = new BgNbd(0.243, 4.414, 0.793, 2.426);

    @Test
    void probabilityAliveOfTheClassicCustomer() {
        // 1 / (1 + 0.793/3.426 * (43.274/34.844)^2.243), evaluated with mpmath at 30 digits.
        assertThat(FHL.probabilityAlive(2, 30.43, 38.86))
                .isCloseTo(0.726578570080673, within(1e-12));
    }

    @Test
    void nobodyDiesBeforeTheirFirstRepeat() {
        assertThat(FHL.probabilityAlive(0, 0, 38.86)).isEqualTo(1.0);
    }

    @Test
    void logLikelihoodMatchesHandCheckedValues() {
        // x = 0 reduces to r ln(alpha / (alpha + T)) = 0.243 ln(4.414 / 43.274).
        assertThat(FHL.logLikelihood(0, 0, 38.86))
                .isCloseTo(0.243 * Math.log(4.414 / 43.274), within(1e-12))
                .isCloseTo(-0.554713276438158, within(1e-12));
        // x = 2: full formula, mpmath reference.
        assertThat(FHL.logLikelihood(2, 30.43, 38.86)).isCloseTo(-9.45860630706627, within(1e-10));
    }

    @Test
    void groupedLikelihoodIsTheWeightedSum() {
        int[] x = {0, 2, 7};
        double[] tx = {0, 30.43, 35.5};
        double[] t = {38.86, 38.86, 38.0};
        double[] w = {3, 1, 2};
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += w[i] * FHL.logLikelihood(x[i], tx[i], t[i]);
        }
        assertThat(FHL.groupedLogLikelihood(x, tx, t, w)).isCloseTo(expected, within(1e-10));
    }

    @Test
    void expectedTransactionsMatchTheHypergeometricFormula() {
        // mpmath hyp2f1 references.
        assertThat(FHL.expectedTransactions(39, 2, 30.43, 38.86))
                .isCloseTo(1.22602817476714, within(1e-9));
        assertThat(FHL.expectedTransactions(39, 0, 0, 38.86))
                .isCloseTo(0.195098052011263, within(1e-9));
        assertThat(FHL.expectedTransactions(39, 7, 35.5, 38.86))
                .isCloseTo(4.44812932133185, within(1e-8));
        assertThat(FHL.expectedTransactions(0, 2, 30.43, 38.86)).isZero();
    }

    @Test
    void probabilityOfNoTransactionIsDeadOrAliveWithAPoissonGammaZero() {
        double alive = FHL.probabilityAlive(2, 30.43, 38.86);
        double zeroIfAlive = Math.pow((4.414 + 38.86) / (4.414 + 38.86 + 39), 0.243 + 2);
        double p0 = FHL.probabilityNoTransaction(39, 2, 30.43, 38.86);
        assertThat(p0).isCloseTo((1 - alive) + alive * zeroIfAlive, within(1e-12));
        assertThat(p0).isCloseTo(0.445372862082996, within(1e-12));
        double logit = FHL.logOddsNoTransaction(39, 2, 30.43, 38.86);
        assertThat(logit).isCloseTo(Math.log(p0 / (1 - p0)), within(1e-10));
        assertThat(FHL.probabilityNoTransaction(0, 2, 30.43, 38.86)).isEqualTo(1.0);
    }

    @Test
    void rescalingTimeLeavesProbabilitiesUnchanged() {
        BgNbd days = FHL.rescaleTime(7);
        assertThat(days.probabilityAlive(2, 30.43 * 7, 38.86 * 7))
                .isCloseTo(FHL.probabilityAlive(2, 30.43, 38.86), within(1e-12));
        assertThat(days.expectedTransactions(39 * 7, 2, 30.43 * 7, 38.86 * 7))
                .isCloseTo(FHL.expectedTransactions(39, 2, 30.43, 38.86), within(1e-9));
    }

    @Test
    void fitOnTheClassicSummaryRecoversThePublishedParameters() throws IOException {
        Path csv = CdnowFiles.require("cdnow_customers_summary.csv");
        List<RfmSummary> population = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            population.add(
                    new RfmSummary(
                            Integer.parseInt(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3])));
        }
        BgNbd.Fit fit = BgNbd.fit(population);
        BgNbd m = fit.model();
        assertThat(fit.customers()).isEqualTo(2357);
        assertThat(m.r()).isCloseTo(0.243, within(0.005));
        assertThat(m.alpha()).isCloseTo(4.414, within(0.05));
        assertThat(m.a()).isCloseTo(0.793, within(0.01));
        assertThat(m.b()).isCloseTo(2.426, within(0.05));
        // The optimum is at least as likely as the published parameters.
        double published = 0;
        for (RfmSummary s : population) {
            published += FHL.logLikelihood(s);
        }
        assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(published - 1e-6);
    }

    @Test
    void rejectsInvalidSummaries() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RfmSummary(0, 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RfmSummary(1, 3, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The summaries (x, t_x, T in days, customers) at the first cut-off of a streaming-like world:
     * monthly subscribers a month in, so nearly every t_x equals T. The likelihood has a flat ridge
     * that the simplex walked until it ran out of evaluations, and {@code fit} failed. It now
     * returns the best point it found.
     */
    @Test
    void aFlatRidgeStillGivesAModel() {
        String groupList =
                "0 0.0 2.0 2.0;0 0.0 0.0 260.0;2 20.0 23.0 1.0;1 9.0 9.0 1.0;"
                        + "1 22.0 22.0 4.0;1 18.0 18.0 1.0;1 11.0 11.0 1.0;1 30.0 30.0 252.0;"
                        + "1 26.0 26.0 2.0;2 24.0 24.0 1.0;3 30.0 30.0 9.0;2 16.0 22.0 1.0;"
                        + "3 26.0 30.0 1.0;0 0.0 3.0 2.0;1 22.0 30.0 1.0;1 18.0 30.0 1.0;"
                        + "1 15.0 30.0 1.0;0 0.0 5.0 5.0;0 0.0 6.0 4.0;1 9.0 29.0 1.0;"
                        + "2 4.0 15.0 1.0;0 0.0 7.0 5.0;0 0.0 8.0 2.0;1 23.0 23.0 1.0;"
                        + "0 0.0 9.0 4.0;2 29.0 29.0 1.0;2 17.0 17.0 1.0;2 29.0 30.0 2.0;"
                        + "0 0.0 10.0 3.0;0 0.0 11.0 4.0;0 0.0 12.0 4.0;0 0.0 13.0 2.0;"
                        + "1 19.0 30.0 1.0;0 0.0 14.0 3.0;0 0.0 15.0 4.0;0 0.0 16.0 6.0;"
                        + "0 0.0 17.0 4.0;0 0.0 18.0 3.0;0 0.0 19.0 4.0;0 0.0 20.0 4.0;"
                        + "0 0.0 21.0 2.0;0 0.0 22.0 3.0;0 0.0 23.0 3.0;0 0.0 24.0 4.0;"
                        + "0 0.0 25.0 4.0;0 0.0 26.0 3.0;0 0.0 27.0 7.0;0 0.0 28.0 3.0;"
                        + "0 0.0 29.0 5.0;0 0.0 30.0 76.0;1 5.0 5.0 1.0;1 24.0 24.0 1.0;"
                        + "2 18.0 21.0 1.0;1 1.0 1.0 2.0;1 2.0 2.0 1.0;1 12.0 12.0 2.0;"
                        + "1 16.0 16.0 1.0;1 8.0 8.0 2.0;1 6.0 6.0 1.0;1 3.0 3.0 3.0;"
                        + "1 28.0 28.0 3.0;2 18.0 18.0 1.0;2 22.0 22.0 1.0;2 30.0 30.0 30.0;"
                        + "4 30.0 30.0 1.0;2 26.0 30.0 1.0;1 24.0 30.0 1.0;1 7.0 10.0 1.0;"
                        + "1 20.0 28.0 1.0;1 12.0 23.0 1.0;2 9.0 19.0 1.0;1 10.0 24.0 1.0;"
                        + "2 9.0 25.0 1.0;1 12.0 28.0 1.0;1 6.0 18.0 1.0;1 6.0 21.0 1.0;"
                        + "1 29.0 30.0 12.0;1 25.0 25.0 1.0;1 2.0 9.0 1.0;1 5.0 27.0 1.0;"
                        + "1 5.0 30.0 1.0;1 17.0 30.0 1.0;1 3.0 23.0 2.0;1 4.0 30.0 1.0;"
                        + "0 0.0 1.0 5.0;1 1.0 12.0 1.0;";
        String[] groups = groupList.split(";");
        int n = groups.length;
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = groups[i].trim().split(" ");
            x[i] = Integer.parseInt(f[0]);
            tx[i] = Double.parseDouble(f[1]);
            t[i] = Double.parseDouble(f[2]);
            w[i] = Double.parseDouble(f[3]);
        }
        BgNbd.Fit fit = BgNbd.fit(x, tx, t, w);
        assertThat(fit.customers()).isEqualTo(808);
        assertThat(Double.isFinite(fit.logLikelihood())).isTrue();
        assertThat(fit.model().probabilityAlive(1, 30, 30)).isBetween(0.0, 1.0);
    }
}
