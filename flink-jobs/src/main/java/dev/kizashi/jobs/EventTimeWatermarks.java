package dev.kizashi.jobs;

import dev.kizashi.model.CustomerEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that are also emitted from the events themselves whenever
 * event time moved on by one bound.
 *
 * <p>Periodic emission alone (every 200 ms of processing time) is right for a live stream but not
 * for a replay: a file covering a year can be read in seconds, and at its end Flink jumps to the
 * end of time before the last periodic watermark was sent, so deadlines inside the data would be
 * mistaken for deadlines beyond it. Emitting every bound of event time keeps the watermark within
 * two bounds of the data in a replay, at one watermark per bound of event time in a live stream.
 */
final class EventTimeWatermarks implements WatermarkGenerator<CustomerEvent> {
    private final long bound;
    private long maxTimestamp;
    private long lastEmitted = Long.MIN_VALUE;

    EventTimeWatermarks(Duration outOfOrderness) {
        this.bound = Math.max(1, outOfOrderness.toMillis());
        this.maxTimestamp = Long.MIN_VALUE + bound + 1;
    }

    @Override
    public void onEvent(CustomerEvent event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        long candidate = maxTimestamp - bound - 1;
        if (lastEmitted == Long.MIN_VALUE || candidate - lastEmitted >= bound) {
            emit(candidate, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long candidate = maxTimestamp - bound - 1;
        if (candidate > lastEmitted) {
            emit(candidate, output);
        }
    }

    private void emit(long watermark, WatermarkOutput output) {
        lastEmitted = watermark;
        output.emitWatermark(new Watermark(watermark));
    }
}
