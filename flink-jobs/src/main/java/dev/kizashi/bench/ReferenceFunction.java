package dev.kizashi.bench;

import dev.kizashi.jobs.JobState;
import dev.kizashi.model.CustomerEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The benchmark's floor: per event one RocksDB ValueState read and write (the newest event time),
 * and per customer one event-time timer that clears the state after 30 days without events. The
 * least any keyed per-customer detector with absence deadlines has to do.
 */
final class ReferenceFunction extends KeyedProcessFunction<String, CustomerEvent, Long> {
    static final long QUIET_MS = 30L * 86_400_000L;

    private transient ValueState<Long> lastEvent;

    @Override
    public void open(OpenContext openContext) {
        lastEvent = getRuntimeContext().getState(JobState.benchReferenceDescriptor());
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<Long> out)
            throws Exception {
        Long last = lastEvent.value();
        if (last == null) {
            ctx.timerService().registerEventTimeTimer(event.ts() + QUIET_MS);
            last = event.ts();
        }
        lastEvent.update(Math.max(last, event.ts()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) throws Exception {
        Long last = lastEvent.value();
        if (last == null) {
            return;
        }
        long due = last + QUIET_MS;
        if (due <= timestamp) {
            lastEvent.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(due);
        }
    }
}
