package dev.kizashi.jobs;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.pdca.JourneyState;
import dev.kizashi.pdca.JourneyTracker;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The journey operator: loads the customer's {@link JourneyState}, hands it the event ({@link
 * JourneyTracker}, plain Java) and emits the cancellation, delivery and return records. Its own
 * keyed state beside the profile, so the analyses can be added, changed or dropped without touching
 * the detector's state.
 *
 * <p>It sees the raw keyed events: redeliveries are dropped by the tracker's ring of recent ids.
 * Events behind the watermark are ignored (counted): the journey of a late event would need the
 * records already emitted to be revised. A customer without activity for {@code
 * kizashi.state.retention} is forgotten, as the profile is, through one event-time timer.
 */
public final class JourneyFunction
        extends KeyedProcessFunction<String, CustomerEvent, JourneyRecord> {
    public static final String ACC_JOURNEYS = "kizashi.journeys";
    public static final String ACC_LATE_IGNORED = "kizashi.journeys-late-ignored";

    private final ChurnJobConfig config;

    private transient ValueState<JourneyState> state;
    private transient JourneyTracker tracker;
    private transient LongCounter records;
    private transient LongCounter lateIgnored;

    public JourneyFunction(ChurnJobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(JobState.journeyDescriptor());
        tracker = new JourneyTracker(config.detector().retention());
        records = getRuntimeContext().getLongCounter(ACC_JOURNEYS);
        lateIgnored = getRuntimeContext().getLongCounter(ACC_LATE_IGNORED);
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<JourneyRecord> out)
            throws Exception {
        if (event.ts() < ctx.timerService().currentWatermark()) {
            lateIgnored.add(1);
            return;
        }
        JourneyState s = state.value();
        if (s == null) {
            s = new JourneyState();
        }
        boolean applied =
                tracker.onEvent(
                        s,
                        event,
                        r -> {
                            records.add(1);
                            out.collect(r);
                        });
        if (!applied) {
            return; // a redelivery or the business's action: nothing to store
        }
        if (s.timerTs == 0) {
            // one timer per customer; it moves on when it fires (a timer per event would pile up)
            s.timerTs = tracker.expiryTime(s);
            ctx.timerService().registerEventTimeTimer(s.timerTs);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<JourneyRecord> out)
            throws Exception {
        JourneyState s = state.value();
        if (s == null || s.timerTs != timestamp) {
            return;
        }
        long expiry = tracker.expiryTime(s);
        if (timestamp >= expiry) {
            state.clear();
            return;
        }
        s.timerTs = expiry;
        ctx.timerService().registerEventTimeTimer(expiry);
        state.update(s);
    }
}
