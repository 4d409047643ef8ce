package dev.kizashi.score;

/**
 * One reason behind a score: the code, the number it quotes, and how much it moved the score (in
 * log-odds), so reasons can be ranked.
 */
public record Reason(ChurnReason code, double value, double weight, String en, String ja) {

    public static Reason of(ChurnReason code, double value, double weight) {
        return new Reason(code, value, weight, code.english(value), code.japanese(value));
    }
}
