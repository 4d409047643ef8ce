package dev.kizashi.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kizashi.score.model.PurchaseHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CdnowEvaluationTest {
    private static double bruteForceAuc(double[] s, boolean[] y) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            if (!y[i]) {
                continue;
            }
            for (int j = 0; j < s.length; j++) {
                if (y[j]) {
                    continue;
                }
                pairs++;
                wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }

    @Test
    void metricsOnACdnowSliceAreConsistent() throws Exception {
        List<PurchaseHistory> slice = CdnowData.read(CdnowFiles.require("CDNOW_master.txt"), 3000);
        assertThat(slice).hasSize(3000);
        CdnowEvaluation.Report r = CdnowEvaluation.evaluate(slice);
        assertThat(r.customers()).isEqualTo(3000);
        boolean[] y = r.churned();
        assertThat(r.rows().get(0).auc())
                .isCloseTo(bruteForceAuc(r.calibrated(), y), within(1e-12));
        assertThat(r.rows().get(1).auc()).isCloseTo(bruteForceAuc(r.recency(), y), within(1e-12));
        assertThat(r.rows().get(2).auc())
                .isCloseTo(bruteForceAuc(r.negExpected(), y), within(1e-12));
        for (CdnowEvaluation.Row row : r.rows()) {
            assertThat(row.auc()).isBetween(0.5, 1.0);
            assertThat(row.topDecileLift()).isBetween(1.0, 1 / r.holdoutChurnRate());
        }
        for (double p : r.calibrated()) {
            assertThat(p).isBetween(0.0, 1.0);
        }
        CdnowEvaluation.Row cal = r.rows().get(0);
        assertThat(cal.logLoss()).isBetween(0.0, Math.log(2));
        assertThat(cal.brier()).isBetween(0.0, 0.25);
        assertThat(r.holdoutChurnRate()).isBetween(0.5, 0.9);
        // The BG/NBD used for scoring saw data through the calibration end only.
        assertThat(r.fit().model().bgnbdFittedThrough()).isEqualTo("1997-09-30");
        assertThat(r.fit().model().calibratorFittedThrough()).isEqualTo("1997-09-30");
    }
}
