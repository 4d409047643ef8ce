package dev.kizashi.generator;

import dev.kizashi.model.CustomerEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * What a business did in answer to the alerts, for {@link SubscriptionGenerator} to play into the
 * world: its {@code retention_action} events, and the customers they kept (by index, with the time
 * from which each follows the spared plan).
 */
public final class BusinessResponse {
    public static final BusinessResponse NONE = new BusinessResponse(List.of(), Map.of());

    private final List<CustomerEvent> actions;
    private final TreeMap<Integer, Instant> kept;

    public BusinessResponse(List<? extends CustomerEvent> actions, Map<Integer, Instant> kept) {
        List<CustomerEvent> sorted = new ArrayList<>(actions);
        sorted.sort(Comparator.comparingLong(CustomerEvent::ts));
        this.actions = List.copyOf(sorted);
        this.kept = new TreeMap<>(kept);
    }

    /** The actions, in time order. */
    public List<CustomerEvent> actions() {
        return actions;
    }

    /** When customer {@code index} was kept, or null. */
    public Instant keptFrom(int index) {
        return kept.get(index);
    }

    public int keptCustomers() {
        return kept.size();
    }

    /** Two time-ordered streams as one (ties: {@code a} first). */
    static Iterator<CustomerEvent> mergeByTime(
            Iterator<CustomerEvent> a, Iterator<CustomerEvent> b) {
        return new Iterator<>() {
            private CustomerEvent nextA = a.hasNext() ? a.next() : null;
            private CustomerEvent nextB = b.hasNext() ? b.next() : null;

            @Override
            public boolean hasNext() {
                return nextA != null || nextB != null;
            }

            @Override
            public CustomerEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CustomerEvent e;
                if (nextB == null || (nextA != null && nextA.ts() <= nextB.ts())) {
                    e = nextA;
                    nextA = a.hasNext() ? a.next() : null;
                } else {
                    e = nextB;
                    nextB = b.hasNext() ? b.next() : null;
                }
                return e;
            }
        };
    }
}
