package dev.kizashi.eval;

import dev.kizashi.detect.PrecursorEvents;
import dev.kizashi.model.CustomerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The simplest rule a business could run without Kizashi, the baseline its alerts must beat: an
 * alert on every single precursor event (a skipped cycle, a failed payment, a support contact, an
 * unsubscribe, a downgrade, a detractor score of 6 or less), with the same per-customer cooldown
 * per kind of event as Kizashi's alert policy, so volumes compare fairly.
 */
public final class NaiveRule {
    private NaiveRule() {}

    /** The rule's alerts over a history in event-time order, named by the event type. */
    public static List<AlertQuality.AlertRecord> alerts(
            Iterator<? extends CustomerEvent> events, Duration cooldown) {
        long cooldownMs = cooldown.toMillis();
        Map<String, Long> lastAlert = new HashMap<>();
        List<AlertQuality.AlertRecord> out = new ArrayList<>();
        while (events.hasNext()) {
            CustomerEvent e = events.next();
            if (!PrecursorEvents.isPrecursor(e)) {
                continue;
            }
            String name = "naive:" + e.type().wireName();
            String key = e.customerId() + '\u0000' + name;
            Long last = lastAlert.get(key);
            if (last != null && e.ts() - last < cooldownMs) {
                continue;
            }
            lastAlert.put(key, e.ts());
            out.add(new AlertQuality.AlertRecord(e.customerId(), name, e.ts()));
        }
        return out;
    }
}
