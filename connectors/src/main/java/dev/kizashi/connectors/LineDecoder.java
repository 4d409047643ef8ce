package dev.kizashi.connectors;

import dev.kizashi.wire.DecodeResult;
import java.io.Serializable;

/** Turns one raw input record into an event or a dead letter; never throws. */
@FunctionalInterface
public interface LineDecoder extends Serializable {
    DecodeResult decode(SourceLine line);
}
