package dev.kizashi.score.model;

/**
 * Frequency / recency / age of one customer as of a cut-off, the sufficient statistic of BG/NBD.
 *
 * <p>All three values use the same time unit (the caller's choice: days in the product, weeks in
 * the classic CDNOW papers), and are measured from the customer's first transaction.
 *
 * @param x number of repeat transactions (transactions after the first one)
 * @param tx time of the last transaction, measured from the first one ({@code 0} when {@code x ==
 *     0})
 * @param T age of the customer at the cut-off: time from the first transaction to the cut-off
 */
public record RfmSummary(int x, double tx, double T) {
    public RfmSummary {
        if (x < 0 || tx < 0 || T < tx || (x == 0 && tx != 0)) {
            throw new IllegalArgumentException(
                    "need x >= 0, 0 <= tx <= T, tx == 0 when x == 0; got x="
                            + x
                            + ", tx="
                            + tx
                            + ", T="
                            + T);
        }
    }

    /** Time since the last transaction, {@code T - tx}. */
    public double recency() {
        return T - tx;
    }
}
