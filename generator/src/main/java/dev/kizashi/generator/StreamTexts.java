package dev.kizashi.generator;

import dev.kizashi.model.SupportCategory;

/** Fixed texts and the id format of {@link CustomerStream}'s events. */
final class StreamTexts {

    static final String[] FEEDBACK_BAD = {
        "too expensive", "配送が遅い", "quality dropped", "使っていない", "not worth it"
    };
    static final String[] FEEDBACK_GOOD = {"great", "品質に満足", "love it", "便利です", "good value"};
    static final String[] PAY_REASONS = {
        "card_declined", "insufficient_funds", "expired_card", "authentication_required"
    };
    static final SupportCategory[] BASE_CATEGORIES = {
        SupportCategory.BILLING,
        SupportCategory.DELIVERY,
        SupportCategory.DELIVERY,
        SupportCategory.QUALITY,
        SupportCategory.OTHER,
        SupportCategory.OTHER,
        SupportCategory.PRICE,
        SupportCategory.BILLING,
        SupportCategory.DELIVERY,
        SupportCategory.OTHER
    };
    static final SupportCategory[] SPIKE_CATEGORIES = {
        SupportCategory.QUALITY,
        SupportCategory.DELIVERY,
        SupportCategory.BILLING,
        SupportCategory.QUALITY,
        SupportCategory.OTHER
    };
    static final String[] SUPPORT_CHANNELS = {"phone", "mail", "chat"};

    private StreamTexts() {}

    /** {@code <letter>-<index, 6+ digits>-<seq>} without touching other objects. */
    static String idOf(char letter, int index, int seq) {
        int di = Math.max(6, digits(index));
        int ds = digits(seq);
        byte[] b = new byte[3 + di + ds];
        b[0] = (byte) letter;
        b[1] = '-';
        writeDigits(b, 2, di, index);
        b[2 + di] = '-';
        writeDigits(b, 3 + di, ds, seq);
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int digits(int v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static void writeDigits(byte[] b, int off, int len, int v) {
        for (int i = off + len - 1; i >= off; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }
}
