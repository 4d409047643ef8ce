package dev.kizashi.cep;

import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns a CEP match of a {@link ChurnPatterns.Spec} into a {@link PatternMatch} with the detector's
 * time convention; with {@link ChurnPatterns.Spec#sideOutputTimeouts()} also a {@link
 * TimedOutPartialMatchHandler} that sends timed-out partial matches (e.g. a downgrade that was not
 * followed up) to {@link #TIMED_OUT}, where they are counted, never alerted.
 */
public class MatchFunction extends PatternProcessFunction<CustomerEvent, PatternMatch> {
    public static final OutputTag<PatternMatch> TIMED_OUT =
            new OutputTag<>("cep-timed-out", TypeInformation.of(PatternMatch.class));

    // Not the spec itself: a CEP Pattern is not serializable.
    private final ChurnPattern precursor;
    private final long absenceMs;

    MatchFunction(ChurnPatterns.Spec spec) {
        this.precursor = spec.precursor();
        this.absenceMs = spec.absenceWindow() == null ? -1 : spec.absenceWindow().toMillis();
    }

    /** The function for {@code spec}: with a timeout handler when the spec asks for one. */
    public static MatchFunction of(ChurnPatterns.Spec spec) {
        return spec.sideOutputTimeouts() ? new WithTimeouts(spec) : new MatchFunction(spec);
    }

    @Override
    public void processMatch(
            Map<String, List<CustomerEvent>> match, Context ctx, Collector<PatternMatch> out) {
        out.collect(toMatch(match, absenceMs));
    }

    PatternMatch toMatch(Map<String, List<CustomerEvent>> match, long absenceMs) {
        List<String> ids = new ArrayList<>();
        CustomerEvent first = null;
        CustomerEvent last = null;
        for (List<CustomerEvent> stage : match.values()) {
            for (CustomerEvent e : stage) {
                ids.add(e.eventId());
                if (first == null || e.ts() < first.ts()) {
                    first = e;
                }
                if (last == null || e.ts() >= last.ts()) {
                    last = e;
                }
            }
        }
        long time = absenceMs >= 0 ? first.ts() + absenceMs : last.ts();
        List<String> evidence = absenceMs >= 0 ? List.of() : List.copyOf(ids);
        return new PatternMatch(first.customerId(), precursor, time, evidence);
    }

    /** Also reports timed-out partial matches to {@link #TIMED_OUT}. */
    static final class WithTimeouts extends MatchFunction
            implements TimedOutPartialMatchHandler<CustomerEvent> {
        WithTimeouts(ChurnPatterns.Spec spec) {
            super(spec);
        }

        @Override
        public void processTimedOutMatch(Map<String, List<CustomerEvent>> match, Context ctx) {
            ctx.output(TIMED_OUT, toMatch(match, -1));
        }
    }
}
