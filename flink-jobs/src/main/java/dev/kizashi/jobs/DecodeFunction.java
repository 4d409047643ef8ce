package dev.kizashi.jobs;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DecodeResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes raw records; every bad one goes to the dead-letter output, counted. */
public final class DecodeFunction extends ProcessFunction<SourceLine, CustomerEvent> {
    public static final String ACC_RECORDS = "kizashi.records";
    public static final String ACC_DEAD_LETTERS = "kizashi.dead-letters";

    private final LineDecoder decoder;
    private transient Counter deadLetterCounter;
    private transient LongCounter records;
    private transient LongCounter deadLetters;

    public DecodeFunction(LineDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetterCounter = getRuntimeContext().getMetricGroup().counter("deadLetters");
        records = getRuntimeContext().getLongCounter(ACC_RECORDS);
        deadLetters = getRuntimeContext().getLongCounter(ACC_DEAD_LETTERS);
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<CustomerEvent> out) {
        records.add(1);
        EmbeddedProgress.recordRead();
        DecodeResult result = decoder.decode(line);
        if (result == null) {
            return; // a line that carries no record, e.g. an order log's header
        }
        if (result.isOk()) {
            out.collect(result.event());
        } else {
            deadLetterCounter.inc();
            deadLetters.add(1);
            ctx.output(JobState.DEAD_LETTERS, result.deadLetter());
        }
    }
}
