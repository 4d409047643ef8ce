package dev.kizashi.jobs;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.ReasonCode;
import java.time.Instant;
import org.apache.flink.api.common.functions.MapFunction;

/** A late event in the dead-letter shape, so it can share the dead-letter topic and tools. */
final class LateEventToDeadLetter implements MapFunction<CustomerEvent, DeadLetter> {
    private final EventCodec codec = new EventCodec();

    @Override
    public DeadLetter map(CustomerEvent e) {
        return new DeadLetter(
                e.customerId() + "/" + e.eventId(),
                ReasonCode.LATE_EVENT,
                "event time "
                        + Instant.ofEpochMilli(e.ts())
                        + " arrived behind the watermark (out-of-orderness bound exceeded)",
                codec.encode(e));
    }
}
