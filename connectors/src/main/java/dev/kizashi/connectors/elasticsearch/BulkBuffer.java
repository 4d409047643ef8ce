package dev.kizashi.connectors.elasticsearch;

import java.util.ArrayList;
import java.util.List;

/** The actions waiting for the next bulk request, with their size in actions and bytes. */
final class BulkBuffer {
    private final int maxActions;
    private final long maxBytes;
    private List<BulkAction> actions = new ArrayList<>();
    private long bytes;

    BulkBuffer(int maxActions, long maxBytes) {
        if (maxActions < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("bulk limits must be positive");
        }
        this.maxActions = maxActions;
        this.maxBytes = maxBytes;
    }

    void add(BulkAction action) {
        actions.add(action);
        bytes += action.sizeInBytes();
    }

    /** True when the buffer reached the action count or the byte size of one bulk request. */
    boolean isFull() {
        return actions.size() >= maxActions || bytes >= maxBytes;
    }

    boolean isEmpty() {
        return actions.isEmpty();
    }

    int size() {
        return actions.size();
    }

    long sizeInBytes() {
        return bytes;
    }

    /** Takes everything out, leaving the buffer empty. */
    List<BulkAction> drain() {
        List<BulkAction> out = actions;
        actions = new ArrayList<>();
        bytes = 0;
        return out;
    }
}
