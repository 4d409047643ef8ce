package dev.kizashi.model;

import java.util.Locale;

/**
 * A reason that raises a customer's churn score, with text for agents in English and Japanese. The
 * text templates take one number (a ratio or a count) formatted by {@link #describe}.
 */
public enum ChurnReason {
    OVERDUE_VS_OWN_CYCLE("order %.1fx overdue vs own rhythm", "注文間隔が通常の%.1f倍"),
    NO_REPEAT_ORDER_YET("no second order %.0f days after the first", "初回注文から%.0f日、2回目の注文なし"),
    CANCEL_REQUEST("asked to cancel (%.0f inquiries)", "解約の問い合わせあり（%.0f件）"),
    PAYMENT_FAILURE_OPEN("payment failed %.0f days ago, not recovered", "決済失敗から%.0f日、未回復"),
    SKIPPED_CYCLES("skipped %.0f delivery cycle(s)", "定期便を%.0f回スキップ"),
    DORMANT("no activity for %.0f days", "最終利用から%.0f日経過"),
    SUPPORT_CONTACTS_RECENT("%.0f support contacts in 30 days", "30日間で問い合わせ%.0f件"),
    CANCELLED("subscription cancelled", "定期購入を解約済み"),
    ENGAGEMENT_DROP("engagement down to %.0f%% of own usual level", "利用頻度が通常の%.0f%%に低下"),
    NEGATIVE_CONTACT("negative support contact (%.0f so far)", "ネガティブな問い合わせ（累計%.0f件）"),
    DOWNGRADE("downgraded plan (%.0f time(s))", "プランをダウングレード（%.0f回）"),
    UNSUBSCRIBED("unsubscribed from %.0f channel(s)", "%.0f件の配信を停止"),
    LOW_FEEDBACK("low feedback score %.0f/10", "満足度スコアが低い（%.0f/10）");

    private final String english;
    private final String japanese;

    ChurnReason(String english, String japanese) {
        this.english = english;
        this.japanese = japanese;
    }

    public String english(double value) {
        return String.format(Locale.ROOT, english, value);
    }

    public String japanese(double value) {
        return String.format(Locale.ROOT, japanese, value);
    }

    /** "code: english / japanese", for logs and consoles. */
    public String describe(double value) {
        return name() + ": " + english(value) + " / " + japanese(value);
    }
}
