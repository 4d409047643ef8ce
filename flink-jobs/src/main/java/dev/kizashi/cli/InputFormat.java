package dev.kizashi.cli;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.LineDecoders;

/** The input formats the file commands read. */
enum InputFormat {
    jsonl;

    LineDecoder decoder(int maxLineChars) {
        return LineDecoders.json(maxLineChars);
    }
}
