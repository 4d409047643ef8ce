package dev.kizashi.score.model;

import org.hipparchus.util.FastMath;

/**
 * Gauss hypergeometric function {@code 2F1(a, b; c; z)} for {@code 0 <= z < 1}. Hipparchus has no
 * implementation, so this is the power series with a relative stopping rule, which is what BG/NBD
 * needs ({@code z = t / (alpha + T + t)} is always in {@code [0, 1)}).
 */
public final class Hypergeometric {
    private static final int MAX_TERMS = 100_000;

    private Hypergeometric() {}

    /**
     * {@code 2F1(a, b; c; z) = sum_n (a)_n (b)_n / ((c)_n n!) z^n}.
     *
     * @throws IllegalArgumentException if {@code z} is outside {@code [0, 1)} or {@code c} is a
     *     non-positive integer
     */
    public static double hyp2f1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("z must be in [0, 1), got " + z);
        }
        if (c <= 0 && c == FastMath.rint(c)) {
            throw new IllegalArgumentException("c must not be a non-positive integer, got " + c);
        }
        double term = 1.0;
        double sum = 1.0;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (FastMath.abs(term) <= 1e-16 * FastMath.abs(sum) && n > 2) {
                return sum;
            }
        }
        throw new ArithmeticException(
                "2F1 series did not converge for a=" + a + ", b=" + b + ", c=" + c + ", z=" + z);
    }
}
