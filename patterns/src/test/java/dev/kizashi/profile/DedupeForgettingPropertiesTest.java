package dev.kizashi.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Forgetting ids older than the watermark minus the window must not change a single dedupe answer
 * for the events the job deduplicates (those not late), and must keep the ring no larger.
 */
class DedupeForgettingPropertiesTest {
    private static final long HOUR = 3_600_000L;
    private static final long WINDOW = 24 * HOUR;
    private static final long BOUND = HOUR;

    @Property(tries = 300)
    void sameAnswersAsRememberingEverything(@ForAll("streams") List<Tuple2<Integer, Long>> events) {
        replay(
                events,
                events.size() + 1,
                (step, remembering, forgetting) -> {
                    assertThat(step.forgot()).as(step.what()).isEqualTo(step.plain());
                    assertThat(forgetting.recentIdHashes.length)
                            .isLessThanOrEqualTo(remembering.recentIdHashes.length);
                });
    }

    @Property(tries = 300)
    void boundedRingForgetsNoLessThanItRemembers(
            @ForAll("streams") List<Tuple2<Integer, Long>> events) {
        // With a small capacity the forgetting ring has more room for recent ids, so every
        // duplicate the plain ring catches, it catches too.
        replay(
                events,
                4,
                (step, remembering, forgetting) -> {
                    if (step.plain()) {
                        assertThat(step.forgot()).as(step.what()).isTrue();
                    }
                    assertThat(forgetting.recentIdHashes).hasSameSizeAs(forgetting.recentIdTs);
                    assertThat(forgetting.recentIdHashes.length).isLessThanOrEqualTo(4);
                });
    }

    record Step(String what, boolean plain, boolean forgot) {}

    interface StepCheck {
        void check(Step step, CustomerProfile remembering, CustomerProfile forgetting);
    }

    /**
     * Feeds {@code events} to a plain ring and to one that forgets before the watermark minus the
     * window, as the job does: events behind the watermark are late and skipped.
     */
    private static void replay(List<Tuple2<Integer, Long>> events, int capacity, StepCheck check) {
        CustomerProfile remembering = new CustomerProfile();
        CustomerProfile forgetting = new CustomerProfile();
        long maxTs = Long.MIN_VALUE;
        for (Tuple2<Integer, Long> e : events) {
            long watermark = maxTs == Long.MIN_VALUE ? Long.MIN_VALUE : maxTs - BOUND;
            long ts = e.get2();
            maxTs = Math.max(maxTs, ts);
            if (ts < watermark) {
                continue;
            }
            String id = "e-" + e.get1();
            long forgetBefore = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - WINDOW;
            boolean plain = remembering.seenBefore(id, ts, WINDOW, capacity);
            boolean forgot = forgetting.seenBefore(id, ts, WINDOW, capacity, forgetBefore);
            check.check(new Step(id + " at " + ts, plain, forgot), remembering, forgetting);
        }
    }

    /** Ids from a small set (so duplicates happen), times drifting forward with some jitter. */
    @Provide
    Arbitrary<List<Tuple2<Integer, Long>>> streams() {
        Arbitrary<Integer> ids = Arbitraries.integers().between(0, 12);
        Arbitrary<Long> steps = Arbitraries.longs().between(-2 * HOUR, 30 * HOUR);
        return Combinators.combine(ids, steps)
                .as(Tuple::of)
                .list()
                .ofMaxSize(80)
                .map(
                        raw -> {
                            long t = 1_000 * HOUR;
                            List<Tuple2<Integer, Long>> out = new java.util.ArrayList<>();
                            for (Tuple2<Integer, Long> r : raw) {
                                t += r.get2();
                                out.add(Tuple.of(r.get1(), t));
                            }
                            return out;
                        });
    }
}
