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
}
