package dev.kizashi.generator;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link SubscriptionGenerator} generates.
 *
 * @param customers number of customers, ids {@code c-000000 .. c-(n-1)}
 * @param days length of the generated period from {@code start}
 * @param seed everything (plans, events, bad lines) is a pure function of the config
 * @param start start of the period; no event is before it or at/after {@code start + days}
 * @param badLineRate expected fraction of malformed lines among all lines from {@link
 *     SubscriptionGenerator#lines}, 0 .. 0.5
 * @param world the business simulated; {@link World#DEFAULT} unless said otherwise
 */
public record GeneratorConfig(
        int customers, int days, long seed, Instant start, double badLineRate, World world) {

    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final long DEFAULT_SEED = 42L;

    public GeneratorConfig {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(world, "world");
        if (customers < 0 || customers >= (1 << 30)) {
            throw new IllegalArgumentException("customers must be in 0 .. 2^30-1: " + customers);
        }
        if (days < 1 || days > 20_000) {
            throw new IllegalArgumentException("days must be in 1 .. 20000: " + days);
        }
        if (!(badLineRate >= 0.0 && badLineRate <= 0.5)) {
            throw new IllegalArgumentException("badLineRate must be in 0 .. 0.5: " + badLineRate);
        }
    }

    /** A config of {@link World#DEFAULT}. */
    public GeneratorConfig(int customers, int days, long seed, Instant start, double badLineRate) {
        this(customers, days, seed, start, badLineRate, World.DEFAULT);
    }

    /** 10,000 customers, 180 days from 2026-01-01T00:00Z, seed 42, no bad lines. */
    public static GeneratorConfig defaults() {
        return new GeneratorConfig(10_000, 180, DEFAULT_SEED, DEFAULT_START, 0.0);
    }

    /** {@code customers} x {@code days} from 2026-01-01T00:00Z with no bad lines. */
    public static GeneratorConfig of(int customers, int days, long seed) {
        return new GeneratorConfig(customers, days, seed, DEFAULT_START, 0.0);
    }

    public GeneratorConfig withBadLineRate(double rate) {
        return new GeneratorConfig(customers, days, seed, start, rate, world);
    }

    public GeneratorConfig withStart(Instant newStart) {
        return new GeneratorConfig(customers, days, seed, newStart, badLineRate, world);
    }

    public GeneratorConfig withWorld(World newWorld) {
        return new GeneratorConfig(customers, days, seed, start, badLineRate, newWorld);
    }

    /** End of the period (exclusive). */
    public Instant end() {
        return start.plusSeconds(days * 86_400L);
    }
}
