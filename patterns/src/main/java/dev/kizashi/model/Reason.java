package dev.kizashi.model;

/**
 * One reason behind a score: the code, the number it quotes, and how much it moved the score (in
 * log-odds), so reasons can be ranked. The texts are made when asked for: the job scores every
 * event but emits few of those scores, and formatting both texts eagerly was ~5% of its CPU.
 */
public record Reason(ChurnReason code, double value, double weight) {

    public static Reason of(ChurnReason code, double value, double weight) {
        return new Reason(code, value, weight);
    }

    /** The English text for agents. */
    public String en() {
        return code.english(value);
    }

    /** The Japanese text for agents. */
    public String ja() {
        return code.japanese(value);
    }
}
