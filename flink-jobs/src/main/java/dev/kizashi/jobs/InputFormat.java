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
}
