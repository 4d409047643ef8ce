package dev.kizashi.score.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.util.FastMath;

/**
 * Small L2-regularised logistic regression: {@code P(churn) = sigmoid(intercept + sum_j weights[j]
 * * features[j])}, the calibrated layer on top of the BG/NBD features.
 *
 * <p>Fitted by IRLS (Newton's method on the penalised log-likelihood, each step solved with
 * Hipparchus' Cholesky decomposition). The features are standardised internally during the fit so
 * that the penalty treats them alike; the penalty {@code l2/2 * |w_std|^2} excludes the intercept.
 * The stored weights are on the raw feature scale.
 */
public final class LogisticCalibrator implements Serializable {
    private final List<String> featureNames;
    private final double intercept;
    private final double[] weights;

    public LogisticCalibrator(List<String> featureNames, double intercept, double[] weights) {
        if (featureNames.size() != weights.length) {
            throw new IllegalArgumentException(
                    featureNames.size() + " names for " + weights.length + " weights");
        }
        this.featureNames = List.copyOf(featureNames);
        this.intercept = intercept;
        this.weights = weights.clone();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public double intercept() {
        return intercept;
    }

    public double[] weights() {
        return weights.clone();
    }

    /** Linear predictor (log-odds of churn). */
    public double logit(double[] features) {
        if (features.length != weights.length) {
            throw new IllegalArgumentException(
                    "expected " + weights.length + " features, got " + features.length);
        }
        double z = intercept;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * features[j];
        }
        return z;
    }

    /** Calibrated churn probability. */
    public double probability(double[] features) {
        return sigmoid(logit(features));
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + FastMath.exp(-z)) : FastMath.exp(z) / (1 + FastMath.exp(z));
    }

    /**
     * Fits the model.
     *
     * @param featureNames one name per column of {@code x}
     * @param x rows of features
     * @param churned labels
     * @param l2 penalty on the standardised weights ({@code 0} for plain maximum likelihood)
     */
    public static LogisticCalibrator fit(
            List<String> featureNames, double[][] x, boolean[] churned, double l2) {
        int n = x.length;
        int d = featureNames.size();
        if (n == 0 || churned.length != n) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one");
        }
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("row with " + row.length + " features");
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] > 0 ? FastMath.sqrt(sd[j]) : 1.0;
        }
        // Design matrix with the intercept in column 0.
        double[][] z = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1;
            for (int j = 0; j < d; j++) {
                z[i][j + 1] = (x[i][j] - mean[j]) / sd[j];
            }
        }
        double[] beta = new double[d + 1];
        // The intercept starts at the log-odds of the share of churners.
        int churners = 0;
        for (boolean c : churned) {
            churners += c ? 1 : 0;
        }
        double base = (double) churners / n;
        base = FastMath.min(FastMath.max(base, 1e-6), 1 - 1e-6);
        beta[0] = FastMath.log(base / (1 - base));
        double previous = Double.POSITIVE_INFINITY;
        for (int iter = 0; iter < 100; iter++) {
            double[][] h = new double[d + 1][d + 1];
            double[] g = new double[d + 1];
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double eta = 0;
                for (int j = 0; j <= d; j++) {
                    eta += beta[j] * z[i][j];
                }
                double p = sigmoid(eta);
                double y = churned[i] ? 1 : 0;
                loss += y == 1 ? -logSigmoid(eta) : -logSigmoid(-eta);
                double wgt = FastMath.max(p * (1 - p), 1e-12);
                for (int j = 0; j <= d; j++) {
                    g[j] += (p - y) * z[i][j];
                    for (int k = 0; k <= j; k++) {
                        h[j][k] += wgt * z[i][j] * z[i][k];
                    }
                }
            }
            for (int j = 1; j <= d; j++) {
                loss += 0.5 * l2 * beta[j] * beta[j];
                g[j] += l2 * beta[j];
                h[j][j] += l2;
            }
            for (int j = 0; j <= d; j++) {
                for (int k = j + 1; k <= d; k++) {
                    h[j][k] = h[k][j];
                }
                h[j][j] += 1e-10; // keeps separable / constant columns solvable
            }
            RealMatrix hm = MatrixUtils.createRealMatrix(h);
            RealVector step =
                    new CholeskyDecomposition(hm, 1e-14, 1e-16)
                            .getSolver()
                            .solve(MatrixUtils.createRealVector(g));
            // Damped: on (nearly) separable rows a full Newton step can overshoot into huge
            // weights, so the step is halved until the penalised loss does not rise.
            double t = 1;
            double[] next = new double[d + 1];
            while (true) {
                for (int j = 0; j <= d; j++) {
                    next[j] = beta[j] - t * step.getEntry(j);
                }
                if (t < 1e-6 || penalisedLoss(z, churned, next, l2) <= loss) {
                    break;
                }
                t /= 2;
            }
            System.arraycopy(next, 0, beta, 0, d + 1);
            if (FastMath.abs(previous - loss) < 1e-10 * FastMath.max(1, FastMath.abs(loss))
                    && step.getLInfNorm() < 1e-8) {
                break;
            }
            previous = loss;
        }
        // Back to the raw scale.
        double[] w = new double[d];
        double b0 = beta[0];
        for (int j = 0; j < d; j++) {
            w[j] = beta[j + 1] / sd[j];
            b0 -= w[j] * mean[j];
        }
        return new LogisticCalibrator(featureNames, b0, w);
    }

    private static double penalisedLoss(double[][] z, boolean[] y, double[] beta, double l2) {
        double loss = 0;
        for (int i = 0; i < z.length; i++) {
            double eta = 0;
            for (int j = 0; j < beta.length; j++) {
                eta += beta[j] * z[i][j];
            }
            loss += y[i] ? -logSigmoid(eta) : -logSigmoid(-eta);
        }
        for (int j = 1; j < beta.length; j++) {
            loss += 0.5 * l2 * beta[j] * beta[j];
        }
        return loss;
    }

    private static double logSigmoid(double z) {
        return z >= 0 ? -FastMath.log1p(FastMath.exp(-z)) : z - FastMath.log1p(FastMath.exp(z));
    }

    @Override
    public String toString() {
        return "LogisticCalibrator{features="
                + featureNames
                + ", intercept="
                + intercept
                + ", weights="
                + Arrays.toString(weights)
                + "}";
    }
}
