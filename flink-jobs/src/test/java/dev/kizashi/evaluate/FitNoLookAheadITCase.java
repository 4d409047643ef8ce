package dev.kizashi.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.cli.Kizashi;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.model.CustomerEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.flink.configuration.Configuration;

/**
 * {@code fit} never looks past its cut-off: the whole fit (score model, pattern gate, risk
 * threshold, channel thresholds) is the same whatever part of the later history is there.
 */
class FitNoLookAheadITCase {
    private static final LocalDate UNTIL = LocalDate.of(2026, 4, 10);
    private static final EventLog WORLD = world();
    private static final ChurnJobConfig JOB = ChurnJobConfig.defaults();
    private static final RiskFitting.Targets TARGETS =
            new RiskFitting.Targets(
                    Double.NaN,
                    java.util.Map.of("line", 0.3),
                    java.util.Map.of("call_center", 2.0));
    private static final ModelFitting.Fitted PAST_ONLY = fit(past());

    @Property(tries = 5)
    void anyPartOfTheFutureLeavesTheFitAsItIs(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 0, max = 1) double share) {
        List<CustomerEvent> events = new ArrayList<>(past());
        Random random = new Random(seed);
        long until = ProfileModelFitter.asOf(UNTIL);
        int future = 0;
        for (CustomerEvent e : WORLD.events()) {
            if (e.ts() >= until && random.nextDouble() < share) {
                events.add(e);
                future++;
            }
        }

        ModelFitting.Fitted withFuture = fit(events);

        assertThat(PAST_ONLY.risk().judged()).as("the history placed a threshold").isTrue();
        assertThat(PAST_ONLY.model().channelThresholds()).containsKeys("line", "call_center");
        assertThat(future).isLessThanOrEqualTo(WORLD.events().size() - past().size());
        assertThat(withFuture.model()).isEqualTo(PAST_ONLY.model());
        assertThat(withFuture.risk().risk().curve()).isEqualTo(PAST_ONLY.risk().risk().curve());
    }

    private static List<CustomerEvent> past() {
        long until = ProfileModelFitter.asOf(UNTIL);
        return WORLD.events().stream().filter(e -> e.ts() < until).toList();
    }

    private static ModelFitting.Fitted fit(List<CustomerEvent> events) {
        EventLog log = new EventLog(WORLD.file(), events, events.size(), 0);
        return ModelFitting.fitWithGate(
                log,
                ModelFitting.Settings.forJob(
                        UNTIL, 60, null, ModelFitting.featureList("all"), 1.0, new Configuration()),
                Duration.ofDays(60),
                JOB,
                TARGETS);
    }

    /** A SaaS-like world (cancellations, support, logins) of 300 customers over 160 days. */
    private static EventLog world() {
        try {
            Path dir = Files.createTempDirectory("kizashi-lookahead");
            int exit =
                    Kizashi.commandLine()
                            .execute(
                                    "generate",
                                    "--world",
                                    "2",
                                    "--customers",
                                    "300",
                                    "--days",
                                    "160",
                                    "--seed",
                                    "4",
                                    "--bad-line-rate",
                                    "0",
                                    "--out",
                                    dir.toString());
            assertThat(exit).isZero();
            return EventLog.read(dir.resolve("events.jsonl"), InputFormat.jsonl, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
