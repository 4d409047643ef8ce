package dev.kizashi.jobs;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.LineDecoders;

/** The input formats the file commands read. */
public enum InputFormat {
    jsonl,
    cdnow,
    csv;

    public LineDecoder decoder(String csvMapping, int maxLineChars) {
        return switch (this) {
            case jsonl -> LineDecoders.json(maxLineChars);
            case cdnow -> LineDecoders.cdnow();
            case csv -> LineDecoders.csv(csvMapping);
        };
    }

    /**
     * Whether a replay sorts the file by event time unless told otherwise: order logs (cdnow, csv)
     * are often sorted by customer, which in event time would make nearly every record late.
     */
    public boolean sortedByDefault() {
        return this != jsonl;
    }
}
