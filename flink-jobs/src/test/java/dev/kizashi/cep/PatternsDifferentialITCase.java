package dev.kizashi.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.codec.CustomerEventTypeInfo;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.CustomerProfileFunction;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.cep.CEP;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test: the Flink CEP patterns ({@link ChurnPatterns#eventPatterns}) and the
 * production keyed detector ({@link CustomerProfileFunction} around {@code PrecursorDetector}) run
 * in one MiniCluster job, in event time, over the same generated streams, and must find identical
 * (customer, pattern, event time) detections.
 *
 * <p>Compared: every precursor expressible over events with a fixed window — SKIPPED_CYCLE (the
 * cycle_skipped form), CANCEL_INTENT (cancel request and price complaint without order),
 * SUPPORT_SPIKE (count and negative forms), PAYMENT_FAILURE_UNRECOVERED, DORMANT,
 * DOWNGRADE_SEQUENCE. Not compared: OVERDUE_ORDER, the missed-cycle form of SKIPPED_CYCLE,
 * ENGAGEMENT_DROP and HIGH_VALUE_SLOWDOWN, whose windows are per-customer state; their CEP form
 * runs over the detector's own signals, so a comparison would test the detector against itself.
 * Detections after the last watermark inside the data are left out: the production job does not
 * alert deadlines beyond it at the end of a bounded input, while CEP flushes them at the final
 * watermark.
 */
class PatternsDifferentialITCase {
    /** Watermark step in event time: one hour. */
    static final long STEP = 3_600_000L;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** The generator's stream as a Flink source (parallelism 1: it is one time-ordered stream). */
    static final class Events implements GeneratorFunction<Long, CustomerEvent> {
        private final int customers;
        private final int days;
        private final long seed;
        private transient Iterator<CustomerEvent> it;

        Events(GeneratorConfig c) {
            customers = c.customers();
            days = c.days();
            seed = c.seed();
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            it = new SubscriptionGenerator(GeneratorConfig.of(customers, days, seed)).events();
        }

        @Override
        public CustomerEvent map(Long index) {
            return it.next();
        }
    }

    /**
     * A watermark just behind the event time after every {@link #STEP} of event time, from the
     * events themselves (deterministic, unlike periodic emission in a fast replay); the stream is
     * in time order, so nothing is late.
     */
    static final class EveryStep implements WatermarkGenerator<CustomerEvent> {
        private long last = Long.MIN_VALUE;

        @Override
        public void onEvent(CustomerEvent e, long ts, WatermarkOutput out) {
            if (last == Long.MIN_VALUE || ts - 1 - last >= STEP) {
                last = ts - 1;
                out.emitWatermark(new Watermark(last));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {}
    }

    /**
     * The detector's detections as they are: the alert policy's cooldown and its silence after a
     * known churn off (the CEP specification has neither).
     */
    private static final ChurnJobConfig NO_COOLDOWN =
            ChurnJobConfig.from(
                    new org.apache.flink.configuration.Configuration()
                            .set(
                                    dev.kizashi.jobs.KizashiOptions.ALERT_COOLDOWN,
                                    java.time.Duration.ZERO)
                            .set(dev.kizashi.jobs.KizashiOptions.ALERT_AFTER_KNOWN_CHURN, true));

    private static boolean compared(Alert a) {
        return switch (a.pattern()) {
            case OVERDUE_ORDER, ENGAGEMENT_DROP, HIGH_VALUE_SLOWDOWN -> false;
            case SKIPPED_CYCLE -> !a.evidence().isEmpty(); // the cycle_skipped form
            default -> true;
        };
    }

    private static String key(String customer, ChurnPattern p, long t) {
        return customer + "|" + p + "|" + t;
    }

    record Result(TreeSet<String> detector, TreeSet<String> cep, long lastTs) {}

    private Result run(long seed) throws Exception {
        GeneratorConfig gc = GeneratorConfig.of(300, 120, seed);
        long count = SubscriptionGenerator.count(gc);
        long lastTs = 0;
        for (Iterator<CustomerEvent> it = new SubscriptionGenerator(gc).events(); it.hasNext(); ) {
            lastTs = Math.max(lastTs, it.next().ts());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<CustomerEvent> events =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        new Events(gc), count, CustomerEventTypeInfo.INSTANCE),
                                WatermarkStrategy.<CustomerEvent>forGenerator(c -> new EveryStep())
                                        .withTimestampAssigner((e, t) -> e.ts()),
                                "generator")
                        .setParallelism(1);

        DataStream<String> detector =
                events.keyBy(CustomerEvent::customerId)
                        .process(new CustomerProfileFunction(NO_COOLDOWN))
                        .filter(a -> a.kind().isAlert() && compared(a))
                        .map(a -> "D" + key(a.customerId(), a.pattern(), a.eventTime()))
                        .returns(Types.STRING);

        DataStream<String> cep = null;
        for (ChurnPatterns.Spec spec :
                ChurnPatterns.eventPatterns(ChurnJobConfig.defaults().detector())) {
            KeyedStream<CustomerEvent, String> in =
                    events.filter(spec.relevant()::test).keyBy(CustomerEvent::customerId);
            DataStream<String> out =
                    CEP.pattern(in, spec.pattern())
                            .inEventTime()
                            .process(MatchFunction.of(spec))
                            .map(m -> "C" + key(m.customerId(), m.pattern(), m.eventTime()))
                            .returns(Types.STRING);
            cep = cep == null ? out : cep.union(out);
        }

        TreeSet<String> d = new TreeSet<>();
        TreeSet<String> c = new TreeSet<>();
        List<String> dupes = new ArrayList<>();
        try (var it = detector.union(cep).executeAndCollect("differential-" + seed)) {
            while (it.hasNext()) {
                String s = it.next();
                long t = Long.parseLong(s.substring(s.lastIndexOf('|') + 1));
                if (t > lastTs - 1 - STEP) {
                    continue; // beyond the data: see the class comment
                }
                if (s.charAt(0) == 'D') {
                    if (!d.add(s.substring(1))) {
                        dupes.add(s);
                    }
                } else {
                    c.add(s.substring(1)); // both SUPPORT_SPIKE forms may complete on one event
                }
            }
        }
        assertThat(dupes).as("the detector alerts once per episode").isEmpty();
        return new Result(d, c, lastTs);
    }

    private static Map<String, Integer> byPattern(TreeSet<String> keys) {
        Map<String, Integer> m = new TreeMap<>();
        for (String k : keys) {
            m.merge(k.split("\\|")[1], 1, Integer::sum);
        }
        return m;
    }

    @Test
    void cepPatternsAndTheKeyedDetectorFindIdenticalPrecursors() throws Exception {
        for (long seed : new long[] {11, 12}) {
            Result r = run(seed);
            TreeSet<String> onlyDetector = new TreeSet<>(r.detector());
            onlyDetector.removeAll(r.cep());
            TreeSet<String> onlyCep = new TreeSet<>(r.cep());
            onlyCep.removeAll(r.detector());
            System.out.printf(
                    "seed %d: detector %s, CEP %s%n",
                    seed, byPattern(r.detector()), byPattern(r.cep()));
            assertThat(onlyDetector).as("seed " + seed + ": only the detector found").isEmpty();
            assertThat(onlyCep).as("seed " + seed + ": only CEP found").isEmpty();
            assertThat(byPattern(r.detector()))
                    .as("every compared pattern occurs in the generated stream")
                    .containsKeys(
                            "SKIPPED_CYCLE",
                            "CANCEL_INTENT",
                            "SUPPORT_SPIKE",
                            "PAYMENT_FAILURE_UNRECOVERED",
                            "DORMANT",
                            "DOWNGRADE_SEQUENCE");
        }
    }
}
