package dev.kizashi.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.eval.EffectTable;
import dev.kizashi.eval.Uplift;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.RetentionPolicy;
import dev.kizashi.pdca.EpisodeOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PDCA loop on 20 small worlds: a simulated business acts on the alerts it was sent, the job
 * measures the outcomes against its own control group, and the estimated uplift's 95% interval must
 * cover what the actions truly did.
 */
class ClosedLoopITCase {
    private static final int SEEDS = 20;

    @TempDir Path dir;

    @Test
    void theUpliftIntervalCoversTheSimulatedTruthAndTheControlGroupReplays() throws Exception {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "1");
        conf.setString("kizashi.control.share", "0.5");
        RetentionPolicy policy = new RetentionPolicy(1.6);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        int covered = 0;
        double sumTruth = 0;
        double sumEstimate = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            GeneratorConfig world = GeneratorConfig.of(800, 150, seed).withBadLineRate(0);
            Path work = dir.resolve("s" + seed);
            ClosedLoop.Result r =
                    ClosedLoop.run(world, policy, conf, work, work.resolve("out"), quiet, 0);
            List<EpisodeOutcome> first = r.firstEpisodeOutcomes();
            double truth = r.trueUplift(first);
            Uplift.Interval estimate =
                    EffectTable.of(first, 0.95, EffectTable.DEFAULT_MIN_ARM).get(0).retention();
            System.out.printf(
                    Locale.ROOT,
                    "seed %2d: %4d first episodes, truth %+.3f, estimate %+.3f [%+.3f, %+.3f]%n",
                    seed,
                    first.size(),
                    truth,
                    estimate.estimate(),
                    estimate.lower(),
                    estimate.upper());
            assertThat(first).hasSizeGreaterThan(100);
            covered += estimate.covers(truth) ? 1 : 0;
            sumTruth += truth;
            sumEstimate += estimate.estimate();
            if (seed == 1) {
                assertSameControlGroupOnReplay(r, work);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "covered %d of %d; mean truth %+.3f, mean estimate %+.3f%n",
                covered,
                SEEDS,
                sumTruth / SEEDS,
                sumEstimate / SEEDS);
        assertThat(sumTruth).as("the actions did something").isPositive();
        assertThat(covered).isGreaterThanOrEqualTo(18);
    }

    /**
     * The second run replays the first's events up to each action: every episode both runs opened
     * was held out, or not, in both.
     */
    private static void assertSameControlGroupOnReplay(ClosedLoop.Result r, Path work)
            throws Exception {
        Map<String, Boolean> first = new HashMap<>();
        for (var o : ClosedLoop.openers(work.resolve("before-response").resolve("alerts.jsonl"))) {
            first.put(o.episodeId(), o.holdout());
        }
        int both = 0;
        for (var o : ClosedLoop.openers(work.resolve("out").resolve("alerts.jsonl"))) {
            Boolean before = first.get(o.episodeId());
            if (before != null) {
                both++;
                assertThat(o.holdout()).as(o.episodeId()).isEqualTo(before);
            }
        }
        assertThat(both).isGreaterThan(first.size() / 2);
        assertThat(r.heldOut()).isPositive();
    }
}
