package dev.kizashi.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * ROC curve of a churn score (higher = more likely to churn, churners positive), one point per
 * distinct threshold so that ties form a single diagonal segment. The trapezoidal area under these
 * points equals {@link ChurnMetrics#auc}.
 */
public final class RocCurve {
    /** One operating point: flagging everyone with {@code score >= threshold} gives these rates. */
    public record Point(double threshold, double falsePositiveRate, double truePositiveRate) {}

    private final List<Point> points;

    private RocCurve(List<Point> points) {
        this.points = List.copyOf(points);
    }

    public static RocCurve of(double[] score, boolean[] churned) {
        ChurnMetrics.check(score, churned);
        int n = score.length;
        Integer[] idx = ChurnMetrics.sortedIndex(score, true);
        long pos = 0;
        for (boolean c : churned) {
            if (c) {
                pos++;
            }
        }
        long neg = n - pos;
        List<Point> pts = new ArrayList<>();
        pts.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                if (churned[idx[k]]) {
                    tp++;
                } else {
                    fp++;
                }
            }
            pts.add(
                    new Point(
                            score[idx[i]],
                            neg == 0 ? 0 : (double) fp / neg,
                            pos == 0 ? 0 : (double) tp / pos));
            i = j + 1;
        }
        return new RocCurve(pts);
    }

    /** Points from (0, 0) to (1, 1), thresholds decreasing. */
    public List<Point> points() {
        return points;
    }

    /** Trapezoidal area under the points. */
    public double area() {
        double s = 0;
        for (int i = 1; i < points.size(); i++) {
            Point p = points.get(i - 1);
            Point q = points.get(i);
            s +=
                    (q.falsePositiveRate() - p.falsePositiveRate())
                            * (q.truePositiveRate() + p.truePositiveRate())
                            / 2;
        }
        return s;
    }
}
