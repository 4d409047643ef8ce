package dev.kizashi.generator;

/**
 * SplitMix64: tiny, fast, deterministic; one instance per customer and purpose. Not final: {@link
 * CustomerStream} extends it so that its random state lives in the same object (one cache miss per
 * event instead of two).
 */
class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** A well-mixed seed for stream {@code purpose} of customer {@code index}. */
    static long seedFor(long seed, long index, long purpose) {
        return mix(
                mix(seed ^ 0x5DEECE66DL)
                        + index * 0x9E3779B97F4A7C15L
                        + purpose * 0xD1B54A32D192ED03L);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        return mix(state += 0x9E3779B97F4A7C15L);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, n). */
    int nextInt(int n) {
        return (int) (((nextLong() >>> 33) * n) >>> 31);
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Uniform in [a, b). */
    double uniform(double a, double b) {
        return a + (b - a) * nextDouble();
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * Math.log(1.0 - nextDouble());
    }

    double normal() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** exp(N(ln median, sigma)). */
    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * normal());
    }

    /** Gamma(shape, 1) by Marsaglia-Tsang; shape > 0. */
    double gamma(double shape) {
        if (shape < 1.0) {
            return gamma(shape + 1.0) * Math.pow(1.0 - nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = normal();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x
                    || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
