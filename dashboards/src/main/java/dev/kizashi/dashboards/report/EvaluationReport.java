package dev.kizashi.dashboards.report;

import dev.kizashi.eval.ChurnMetrics;
import dev.kizashi.eval.RocCurve;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The metrics table of an evaluation (one row per score) and its self-contained HTML page: inline
 * SVG calibration plot and ROC curves, no external assets.
 */
public final class EvaluationReport {

    /**
     * One score over the evaluated customers; higher = more likely to churn.
     *
     * @param probability whether the score is a probability (log-loss, Brier and the calibration
     *     plot apply)
     */
    public record Score(String name, double[] values, boolean probability) {}

    /** Metrics of one score; NaN where they do not apply. */
    public record Row(
            String name, double auc, double logLoss, double brier, double topDecileLift) {}

    private final String title;
    private final List<String> notes;
    private final List<Score> scores;
    private final boolean[] churned;

    public EvaluationReport(
            String title, List<String> notes, List<Score> scores, boolean[] churned) {
        this.title = title;
        this.notes = List.copyOf(notes);
        this.scores = List.copyOf(scores);
        this.churned = churned.clone();
        for (Score s : scores) {
            if (s.values().length != churned.length) {
                throw new IllegalArgumentException(s.name() + ": one value per customer needed");
            }
        }
    }

    public int customers() {
        return churned.length;
    }

    public double churnRate() {
        return ChurnMetrics.baseRate(churned);
    }

    public List<Score> scores() {
        return scores;
    }

    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (Score s : scores) {
            double[] v = s.values();
            out.add(
                    new Row(
                            s.name(),
                            ChurnMetrics.auc(v, churned),
                            s.probability() ? ChurnMetrics.logLoss(v, churned) : Double.NaN,
                            s.probability() ? ChurnMetrics.brier(v, churned) : Double.NaN,
                            ChurnMetrics.topDecileLift(v, churned)));
        }
        return out;
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-44s %7s %9s %7s %10s%n",
                        "score",
                        "AUC",
                        "log-loss",
                        "Brier",
                        "top10 lift"));
        for (Row r : rows()) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-44s %7.4f %9s %7s %10.4f%n",
                            r.name(),
                            r.auc(),
                            num(r.logLoss()),
                            num(r.brier()),
                            r.topDecileLift()));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
    private static final int SIZE = 360;
    private static final int PAD = 40;

    /** The HTML page: title, notes, the table, calibration plot and ROC curves, all inline. */
    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>")
                .append(esc(title))
                .append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:4px 10px;")
                .append("border-bottom:1px solid #ddd;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}")
                .append(".plots{display:flex;gap:2em;flex-wrap:wrap}")
                .append("</style></head><body>\n<h1>")
                .append(esc(title))
                .append("</h1>\n<ul>");
        for (String n : notes) {
            h.append("<li>").append(esc(n)).append("</li>");
        }
        h.append(
                String.format(
                        Locale.ROOT,
                        "<li>%d customers, churn rate %.4f</li></ul>\n",
                        customers(),
                        churnRate()));
        h.append("<table><tr><th>score</th><th>ROC AUC</th><th>log-loss</th><th>Brier</th>")
                .append("<th>top-decile lift</th></tr>\n");
        for (Row r : rows()) {
            h.append(
                    String.format(
                            Locale.ROOT,
                            "<tr><td>%s</td><td>%.4f</td><td>%s</td><td>%s</td><td>%.4f</td></tr>%n",
                            esc(r.name()),
                            r.auc(),
                            num(r.logLoss()),
                            num(r.brier()),
                            r.topDecileLift()));
        }
        h.append("</table>\n<div class=\"plots\">\n");
        h.append(calibrationSvg());
        h.append(rocSvg());
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    public void writeHtml(Path file) throws IOException {
        HtmlPages.write(file, html());
    }

    private static double px(double v) {
        return PAD + v * SIZE;
    }

    private static double py(double v) {
        return PAD + (1 - v) * SIZE;
    }

    private static StringBuilder frame(String id, String heading, String xLabel, String yLabel) {
        StringBuilder s = new StringBuilder();
        int w = SIZE + 2 * PAD;
        s.append(
                String.format(
                        Locale.ROOT,
                        "<figure><figcaption>%s</figcaption><svg id=\"%s\""
                                + " width=\"%d\" height=\"%d\""
                                + " viewBox=\"0 0 %d %d\">%n",
                        esc(heading),
                        id,
                        w + 300,
                        w,
                        w + 300,
                        w));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                                + " stroke=\"#999\"/>%n",
                        PAD,
                        PAD,
                        SIZE,
                        SIZE));
        for (int i = 0; i <= 10; i += 2) {
            double v = i / 10.0;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" font-size=\"10\""
                                    + " text-anchor=\"middle\">%.1f</text>"
                                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\""
                                    + " text-anchor=\"end\">%.1f</text>%n",
                            px(v),
                            PAD + SIZE + 14,
                            v,
                            PAD - 4,
                            py(v) + 3,
                            v));
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>"
                                + "<text x=\"12\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\""
                                + " transform=\"rotate(-90 12 %d)\">%s</text>%n",
                        PAD + SIZE / 2,
                        PAD + SIZE + 32,
                        esc(xLabel),
                        PAD + SIZE / 2,
                        PAD + SIZE / 2,
                        esc(yLabel)));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\""
                                + " stroke-dasharray=\"4 4\"/>%n",
                        px(0),
                        py(0),
                        px(1),
                        py(1)));
        return s;
    }

    private static void legend(StringBuilder s, int i, String text) {
        int y = PAD + 14 + 18 * i;
        s.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                                + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
                        PAD + SIZE + 10,
                        y - 4,
                        COLORS[i % COLORS.length],
                        PAD + SIZE + 26,
                        y,
                        esc(text)));
    }

    /** Reliability plot of the probability scores: mean predicted vs observed churn per decile. */
    public String calibrationSvg() {
        StringBuilder s =
                frame("calibration", "Calibration", "mean predicted churn", "observed churn rate");
        int k = 0;
        for (int i = 0; i < scores.size(); i++) {
            Score sc = scores.get(i);
            if (!sc.probability()) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (ChurnMetrics.CalibrationBin b :
                    ChurnMetrics.calibrationTable(sc.values(), churned)) {
                if (b.count() == 0) {
                    continue;
                }
                double x = px(b.meanPredicted());
                double y = py(b.observedRate());
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>n=%d"
                                        + " predicted %.3f observed %.3f</title></circle>%n",
                                x,
                                y,
                                COLORS[i % COLORS.length],
                                b.count(),
                                b.meanPredicted(),
                                b.observedRate()));
            }
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                                    + " points=\"%s\"/>%n",
                            COLORS[i % COLORS.length],
                            pts.toString().trim()));
            s.append(dots);
            legend(s, i, sc.name());
            k++;
        }
        if (k == 0) {
            s.append("<text x=\"60\" y=\"60\">no probability score</text>\n");
        }
        return s.append("</svg></figure>\n").toString();
    }

    /** ROC curves of every score. */
    public String rocSvg() {
        StringBuilder s = frame("roc", "ROC curves", "false positive rate", "true positive rate");
        List<Row> rows = rows();
        for (int i = 0; i < scores.size(); i++) {
            List<RocCurve.Point> pts = RocCurve.of(scores.get(i).values(), churned).points();
            StringBuilder p = new StringBuilder();
            // At most ~400 vertices: enough for the eye, keeps the page small.
            int step = Math.max(1, pts.size() / 400);
            for (int j = 0; j < pts.size(); j += step) {
                appendPoint(p, pts.get(j));
            }
            appendPoint(p, pts.get(pts.size() - 1));
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                                    + " points=\"%s\"/>%n",
                            COLORS[i % COLORS.length],
                            p.toString().trim()));
            legend(
                    s,
                    i,
                    String.format(
                            Locale.ROOT, "%s (AUC %.4f)", scores.get(i).name(), rows.get(i).auc()));
        }
        return s.append("</svg></figure>\n").toString();
    }

    private static void appendPoint(StringBuilder p, RocCurve.Point pt) {
        p.append(
                String.format(
                        Locale.ROOT,
                        "%.1f,%.1f ",
                        px(pt.falsePositiveRate()),
                        py(pt.truePositiveRate())));
    }

    private static String esc(String s) {
        return HtmlPages.escape(s);
    }
}
