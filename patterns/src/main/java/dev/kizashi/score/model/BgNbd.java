package dev.kizashi.score.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way".
 *
 * <p>While alive, a customer buys as a Poisson process with rate {@code lambda ~ Gamma(r, alpha)}
 * (shape {@code r}, rate {@code alpha}); after each transaction they drop out with probability
 * {@code p ~ Beta(a, b)}. The time unit is whatever the {@link RfmSummary} values use: {@code
 * alpha} is a time scale in that unit ({@code r / alpha} is the mean purchase rate), {@code r},
 * {@code a}, {@code b} are unit-free. Everything is evaluated in log space with {@link
 * Gamma#logGamma}.
 *
 * @param r shape of the purchase-rate gamma
 * @param alpha rate (time scale) of the purchase-rate gamma, in the summaries' time unit
 * @param a first shape of the dropout-probability beta
 * @param b second shape of the dropout-probability beta
 */
public record BgNbd(double r, double alpha, double a, double b) implements Serializable {

    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
            throw new IllegalArgumentException(
                    "BG/NBD parameters must be positive: r="
                            + r
                            + ", alpha="
                            + alpha
                            + ", a="
                            + a
                            + ", b="
                            + b);
        }
    }

    /**
     * Same model with the time unit multiplied by {@code factor} (e.g. 7 turns weeks into days).
     */
    public BgNbd rescaleTime(double factor) {
        return new BgNbd(r, alpha * factor, a, b);
    }

    // ------------------------------------------------------------------ per-customer quantities

    /**
     * Log-likelihood of one customer (FHL 2005, eq. 6):
     *
     * <pre>
     * L = B(a, b+x)/B(a, b) * Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
     *   + [x &gt; 0] B(a+1, b+x-1)/B(a, b) * Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))
     * </pre>
     */
    public double logLikelihood(int x, double tx, double T) {
        double lnA1 = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * FastMath.log(alpha);
        double lnA2 =
                Gamma.logGamma(a + b)
                        + Gamma.logGamma(b + x)
                        - Gamma.logGamma(b)
                        - Gamma.logGamma(a + b + x);
        double lnA3 = -(r + x) * FastMath.log(alpha + T);
        if (x == 0) {
            return lnA1 + lnA2 + lnA3;
        }
        double lnA4 =
                FastMath.log(a) - FastMath.log(b + x - 1) - (r + x) * FastMath.log(alpha + tx);
        return lnA1 + lnA2 + logAddExp(lnA3, lnA4);
    }

    public double logLikelihood(RfmSummary s) {
        return logLikelihood(s.x(), s.tx(), s.T());
    }

    /**
     * Log-odds of being dead at {@code T}: {@code ln(a/(b+x-1)) + (r+x) ln((α+T)/(α+t_x))} for
     * {@code x > 0}; minus infinity when {@code x == 0} (nobody dies before a repeat purchase).
     */
    public double logOddsDead(int x, double tx, double T) {
        if (x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return FastMath.log(a)
                - FastMath.log(b + x - 1)
                + (r + x) * (FastMath.log(alpha + T) - FastMath.log(alpha + tx));
    }

    /**
     * P(alive at T | x, t_x, T) = 1 / (1 + [x &gt; 0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x)) (FHL 2005,
     * eq. 11).
     */
    public double probabilityAlive(int x, double tx, double T) {
        return 1.0 / (1.0 + FastMath.exp(logOddsDead(x, tx, T)));
    }

    public double probabilityAlive(RfmSummary s) {
        return probabilityAlive(s.x(), s.tx(), s.T());
    }

    /**
     * Expected number of transactions in {@code (T, T+t]} given the history (FHL 2005, eq. 10):
     *
     * <pre>
     * E = (a+b+x-1)/(a-1) * [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))]
     *     / (1 + [x &gt; 0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x))
     * </pre>
     *
     * Valid for {@code a != 1} (both factors change sign together when {@code a < 1}); at exactly
     * {@code a == 1} the value is taken as the limit by nudging {@code a}.
     */
    public double expectedTransactions(double t, int x, double tx, double T) {
        if (t <= 0) {
            return 0.0;
        }
        double aa = FastMath.abs(a - 1) < 1e-8 ? 1 + 1e-8 : a;
        double z = t / (alpha + T + t);
        double hyp = Hypergeometric.hyp2f1(r + x, b + x, aa + b + x - 1, z);
        double lnPow = (r + x) * (FastMath.log(alpha + T) - FastMath.log(alpha + T + t));
        double bracket = -FastMath.expm1(lnPow + FastMath.log(hyp));
        double lead = (aa + b + x - 1) / (aa - 1);
        return lead * bracket * probabilityAlive(x, tx, T);
    }

    public double expectedTransactions(double t, RfmSummary s) {
        return expectedTransactions(t, s.x(), s.tx(), s.T());
    }

    /**
     * P(no transaction in {@code (T, T+t]} | x, t_x, T).
     *
     * <p>Derivation: a dead customer buys nothing. A customer alive at {@code T} can only drop out
     * right after a transaction, so "no transaction in {@code (T, T+t]}" given alive is just the
     * Poisson zero, {@code exp(-λ t)}. Given the history and being alive, the likelihood in {@code
     * λ} is {@code λ^x exp(-λ T)}, so the posterior is {@code Gamma(r+x, α+T)}, and mixing the
     * Poisson zero over it gives {@code ((α+T)/(α+T+t))^(r+x)}. Hence
     *
     * <pre>
     * P0 = (1 - P(alive)) + P(alive) ((α+T)/(α+T+t))^(r+x)
     *    = 1 - P(alive) (1 - ((α+T)/(α+T+t))^(r+x))
     * </pre>
     */
    public double probabilityNoTransaction(double t, int x, double tx, double T) {
        return 1.0 - probabilityAlive(x, tx, T) * probabilityAnyTransactionIfAlive(t, x, T);
    }

    public double probabilityNoTransaction(double t, RfmSummary s) {
        return probabilityNoTransaction(t, s.x(), s.tx(), s.T());
    }

    /**
     * Log-odds of "no transaction in {@code (T, T+t]}", computed without cancellation: {@code ln(P0
     * / (1 - P0))} with {@code 1 - P0 = P(alive) (1 - q)}, {@code q} the Poisson-gamma zero.
     */
    public double logOddsNoTransaction(double t, int x, double tx, double T) {
        double lnAlive = -log1pExp(logOddsDead(x, tx, T));
        double lnAny = FastMath.log(probabilityAnyTransactionIfAlive(t, x, T));
        double lnBuy = lnAlive + lnAny; // ln(1 - P0)
        double lnNo = log1mExp(lnBuy); // ln(P0)
        return lnNo - lnBuy;
    }

    /** {@code 1 - ((α+T)/(α+T+t))^(r+x)}: P(at least one transaction in t | alive, history). */
    private double probabilityAnyTransactionIfAlive(double t, int x, double T) {
        if (t <= 0) {
            return 0.0;
        }
        return -FastMath.expm1(-(r + x) * FastMath.log1p(t / (alpha + T)));
    }

    // ------------------------------------------------------------------------------- fitting

    /** Result of a maximum-likelihood fit. */
    public record Fit(BgNbd model, double logLikelihood, long customers, int evaluations) {}

    /** Maximum-likelihood fit over a population; identical triples are grouped first. */
    public static Fit fit(Collection<RfmSummary> population) {
        Map<RfmSummary, Long> counts = new HashMap<>();
        for (RfmSummary s : population) {
            counts.merge(s, 1L, Long::sum);
        }
        int n = counts.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        double[] w = new double[n];
        int i = 0;
        for (Map.Entry<RfmSummary, Long> e : counts.entrySet()) {
            x[i] = e.getKey().x();
            tx[i] = e.getKey().tx();
            T[i] = e.getKey().T();
            w[i] = e.getValue();
            i++;
        }
        return fit(x, tx, T, w);
    }

    /**
     * Maximum-likelihood fit over grouped data: {@code weights[i]} customers share the triple
     * {@code (x[i], tx[i], T[i])}.
     *
     * <p>The optimiser is Hipparchus' Nelder-Mead simplex on {@code (ln r, ln α, ln a, ln b)},
     * restarted from its own optimum until the likelihood stops improving, from two starting points
     * (the better one wins). Time is rescaled internally by the mean age so that the start {@code α
     * = 1} is sensible whatever the unit; the returned {@code alpha} is in the caller's unit.
     */
    public static Fit fit(int[] x, double[] tx, double[] T, double[] weights) {
        int n = x.length;
        if (tx.length != n || T.length != n || weights.length != n || n == 0) {
            throw new IllegalArgumentException("need equally long, non-empty arrays");
        }
        double total = 0;
        double meanT = 0;
        double meanX = 0;
        for (int i = 0; i < n; i++) {
            total += weights[i];
            meanT += weights[i] * T[i];
            meanX += weights[i] * x[i];
        }
        meanT /= total;
        meanX /= total;
        double scale = meanT > 0 ? meanT : 1.0;
        double[] txs = new double[n];
        double[] Ts = new double[n];
        for (int i = 0; i < n; i++) {
            txs[i] = tx[i] / scale;
            Ts[i] = T[i] / scale;
        }
        final double tot = total;
        int[] evals = {0};
        // The best point evaluated: what a simplex that ran out of evaluations still found.
        PointValuePair[] seen = {null};
        ObjectiveFunction objective =
                new ObjectiveFunction(
                        p -> {
                            evals[0]++;
                            double v = negativeMeanLogLikelihood(p, x, txs, Ts, weights, tot);
                            if (seen[0] == null || v < seen[0].getValue()) {
                                seen[0] = new PointValuePair(p.clone(), v);
                            }
                            return v;
                        });
        // Start 1: r = 1 with the mean rate matched (r/α ≈ mean repeat count / mean age), a = b =
        // 1.
        double rate = FastMath.max(meanX, 0.05); // per unit of the rescaled time (mean age = 1)
        List<double[]> starts = new ArrayList<>();
        starts.add(new double[] {0.0, FastMath.log(1.0 / rate), 0.0, 0.0});
        starts.add(
                new double[] {FastMath.log(0.5), FastMath.log(0.5 / rate), 0.0, FastMath.log(3)});
        PointValuePair best = null;
        for (double[] start : starts) {
            PointValuePair opt = minimise(objective, start, seen);
            if (best == null || opt.getValue() < best.getValue()) {
                best = opt;
            }
        }
        double[] p = best.getPoint();
        BgNbd model =
                new BgNbd(
                        FastMath.exp(p[0]),
                        FastMath.exp(p[1]) * scale,
                        FastMath.exp(p[2]),
                        FastMath.exp(p[3]));
        return new Fit(model, -best.getValue() * total, Math.round(total), evals[0]);
    }

    private static double negativeMeanLogLikelihood(
            double[] p, int[] x, double[] txs, double[] Ts, double[] weights, double total) {
        for (double v : p) {
            if (!(FastMath.abs(v) < 30)) {
                return Double.MAX_VALUE;
            }
        }
        BgNbd m =
                new BgNbd(
                        FastMath.exp(p[0]),
                        FastMath.exp(p[1]),
                        FastMath.exp(p[2]),
                        FastMath.exp(p[3]));
        double ll = m.groupedLogLikelihood(x, txs, Ts, weights);
        return Double.isFinite(ll) ? -ll / total : Double.MAX_VALUE;
    }

    private static PointValuePair minimise(
            ObjectiveFunction objective, double[] start, PointValuePair[] seen) {
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-10);
        double[] point = start;
        double previous = Double.MAX_VALUE;
        PointValuePair opt = null;
        for (int restart = 0; restart < 8; restart++) {
            try {
                opt =
                        optimizer.optimize(
                                new MaxEval(20_000),
                                objective,
                                GoalType.MINIMIZE,
                                new InitialGuess(point),
                                new NelderMeadSimplex(4, restart == 0 ? 0.5 : 0.1));
            } catch (MathIllegalStateException tooManyEvaluations) {
                // A flat ridge of the likelihood (e.g. nearly everyone orders on a fixed cycle):
                // the best point found is as good as the data can tell.
                return seen[0];
            }
            point = opt.getPoint();
            if (previous - opt.getValue() < 1e-10) {
                break;
            }
            previous = opt.getValue();
        }
        return opt;
    }

    /** Sum over groups of {@code weights[i] * logLikelihood(x[i], tx[i], T[i])}. */
    public double groupedLogLikelihood(int[] x, double[] tx, double[] T, double[] weights) {
        // Terms depending on x only are cached per distinct x.
        double lnGr = Gamma.logGamma(r);
        double lnGb = Gamma.logGamma(b);
        double lnGab = Gamma.logGamma(a + b);
        double lnAlpha = FastMath.log(alpha);
        double lnA = FastMath.log(a);
        int maxX = 0;
        for (int xi : x) {
            maxX = FastMath.max(maxX, xi);
        }
        double[] lnConst = new double[maxX + 1];
        double[] lnRepeat = new double[maxX + 1];
        Arrays.fill(lnConst, Double.NaN);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            int xi = x[i];
            if (Double.isNaN(lnConst[xi])) {
                lnConst[xi] =
                        Gamma.logGamma(r + xi)
                                - lnGr
                                + r * lnAlpha
                                + lnGab
                                + Gamma.logGamma(b + xi)
                                - lnGb
                                - Gamma.logGamma(a + b + xi);
                lnRepeat[xi] = xi > 0 ? lnA - FastMath.log(b + xi - 1) : 0;
            }
            double lnA3 = -(r + xi) * FastMath.log(alpha + T[i]);
            double ll;
            if (xi == 0) {
                ll = lnConst[xi] + lnA3;
            } else {
                double lnA4 = lnRepeat[xi] - (r + xi) * FastMath.log(alpha + tx[i]);
                ll = lnConst[xi] + logAddExp(lnA3, lnA4);
            }
            sum += weights[i] * ll;
        }
        return sum;
    }

    // ------------------------------------------------------------------------------- helpers

    static double logAddExp(double u, double v) {
        double m = FastMath.max(u, v);
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        return m + FastMath.log1p(FastMath.exp(-FastMath.abs(u - v)));
    }

    /** {@code ln(1 + e^u)} without overflow. */
    static double log1pExp(double u) {
        return u > 0 ? u + FastMath.log1p(FastMath.exp(-u)) : FastMath.log1p(FastMath.exp(u));
    }

    /** {@code ln(1 - e^u)} for {@code u <= 0}. */
    static double log1mExp(double u) {
        return u > -0.6931471805599453
                ? FastMath.log(-FastMath.expm1(u))
                : FastMath.log1p(-FastMath.exp(u));
    }
}
