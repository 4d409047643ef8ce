package dev.kizashi.wire;

import dev.kizashi.model.CustomerEvent;

/** Either an event or the dead letter that explains why there is none. */
public record DecodeResult(CustomerEvent event, DeadLetter deadLetter) {

    public static DecodeResult ok(CustomerEvent event) {
        return new DecodeResult(event, null);
    }

    public static DecodeResult bad(DeadLetter deadLetter) {
        return new DecodeResult(null, deadLetter);
    }

    public boolean isOk() {
        return event != null;
    }
}
