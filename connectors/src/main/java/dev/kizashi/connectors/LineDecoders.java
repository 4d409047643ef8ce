package dev.kizashi.connectors;

import dev.kizashi.codec.EventCodec;

/** The decoders for each supported input format. */
public final class LineDecoders {
    private LineDecoders() {}

    /** JSON lines per the event contract. */
    public static LineDecoder json(int maxLineChars) {
        EventCodec codec = new EventCodec(maxLineChars);
        return line -> codec.decode(line.text(), line.location());
    }
}
