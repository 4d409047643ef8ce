package dev.kizashi.fit;

import dev.kizashi.alert.Alert;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.CustomerProfile;
import dev.kizashi.step.CustomerStep;
import dev.kizashi.step.StepOutcome;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The churn job's per-customer step replayed in one thread over a history in event-time order, as
 * the job runs it with one parallel instance: the watermark trails the newest event by the
 * out-of-orderness bound, timers fire when it passes them, late events count as the job counts
 * them. Training uses it to see which alerts the job would have raised, without a Flink cluster.
 */
public final class StepReplay {
    private final CustomerStep step;
    private final long outOfOrdernessMs;
    private final Map<String, CustomerProfile> profiles = new HashMap<>();
    private final TreeMap<Long, TreeSet<String>> timers = new TreeMap<>();
    private long watermark = Long.MIN_VALUE;

    public StepReplay(CustomerStep step, long outOfOrdernessMs) {
        this.step = step;
        this.outOfOrdernessMs = outOfOrdernessMs;
    }

    /** Replays {@code events} up to {@code end} (exclusive); every alert goes to {@code alerts}. */
    public void run(Iterator<? extends CustomerEvent> events, long end, Consumer<Alert> alerts) {
        while (events.hasNext()) {
            CustomerEvent e = events.next();
            if (e.ts() >= end) {
                break;
            }
            advance(Math.max(watermark, e.ts() - outOfOrdernessMs - 1), alerts);
            String id = e.customerId();
            if (!CustomerStep.isLate(e, watermark)) {
                apply(id, step.onEvent(id, profiles.get(id), e, watermark), alerts);
            } else if (step.canApplyLate(e, watermark)) {
                apply(id, step.onLateEvent(id, profiles.get(id), e, watermark), alerts);
            }
        }
        advance(end - 1, alerts);
    }

    /** Fires every timer at or before {@code newWatermark}, in time order. */
    private void advance(long newWatermark, Consumer<Alert> alerts) {
        watermark = newWatermark;
        while (!timers.isEmpty() && timers.firstKey() <= watermark) {
            Map.Entry<Long, TreeSet<String>> due = timers.pollFirstEntry();
            for (String id : due.getValue()) {
                apply(id, step.onTimer(id, profiles.get(id), due.getKey(), watermark), alerts);
            }
        }
    }

    private void apply(String id, StepOutcome o, Consumer<Alert> alerts) {
        o.alerts.forEach(alerts);
        if (o.deleteTimer != 0) {
            TreeSet<String> at = timers.get(o.deleteTimer);
            if (at != null && at.remove(id) && at.isEmpty()) {
                timers.remove(o.deleteTimer);
            }
        }
        if (o.registerTimer != 0) {
            timers.computeIfAbsent(o.registerTimer, k -> new TreeSet<>()).add(id);
        }
        switch (o.store) {
            case UPDATE -> profiles.put(id, step.profile());
            case CLEAR -> profiles.remove(id);
            case KEEP -> {}
        }
    }
}
