package dev.kizashi.eval;

import dev.kizashi.pdca.EpisodeOutcome;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.hipparchus.stat.descriptive.StreamingStatistics;

/**
 * Did acting on the alerts keep customers? Episodes of the treated group (alerts sent) against the
 * randomised control group (held out), per dimension known before the treatment: the first alert's
 * pattern, channel, recommended action, segment, score band and value tier. The estimate is the
 * intention-to-treat effect: a treated episode counts whether or not anybody acted on it, so the
 * comparison stays randomised.
 */
public final class EffectTable {
    /** The dimensions of the table, in print order, with how an outcome is cut by each. */
    public static final Map<String, Function<EpisodeOutcome, String>> DIMENSIONS =
            new LinkedHashMap<>();

    static {
        DIMENSIONS.put("all", o -> "all");
        DIMENSIONS.put("pattern", EpisodeOutcome::pattern);
        DIMENSIONS.put("channel", EpisodeOutcome::channel);
        DIMENSIONS.put("action", EpisodeOutcome::action);
        DIMENSIONS.put("segment", EpisodeOutcome::segment);
        DIMENSIONS.put("scoreBand", EpisodeOutcome::scoreBand);
        DIMENSIONS.put("ltvTier", EpisodeOutcome::ltvTier);
    }

    /** Arms smaller than this say little: the cell is shown and marked. */
    public static final int DEFAULT_MIN_ARM = 30;

    /**
     * One cell: treated against control.
     *
     * @param retention retention rate treated minus control, with its interval
     * @param revenue mean revenue per episode in the window, treated minus control
     * @param costPerRetained the treated arm's action cost per customer kept by the action (NaN
     *     when no cost was given or the uplift is not positive)
     * @param actedShare treated episodes with at least one action
     * @param reachedShare of those acted on, the share reached (反応率)
     * @param acceptedShare of those acted on, the share who accepted an offer
     * @param small an arm is below the minimum size: too small to say anything
     */
    public record Cell(
            String dimension,
            String value,
            int treated,
            int treatedKept,
            int control,
            int controlKept,
            Uplift.Interval retention,
            Uplift.Interval revenue,
            double actionCost,
            double costPerRetained,
            double actedShare,
            double reachedShare,
            double acceptedShare,
            boolean small) {

        public double treatedRate() {
            return treated == 0 ? Double.NaN : treatedKept / (double) treated;
        }

        public double controlRate() {
            return control == 0 ? Double.NaN : controlKept / (double) control;
        }
    }

    private EffectTable() {}

    /** The cells of every dimension, each dimension's values in name order. */
    public static List<Cell> of(List<EpisodeOutcome> outcomes, double confidence, int minArm) {
        List<Cell> out = new ArrayList<>();
        DIMENSIONS.forEach(
                (dimension, cut) -> {
                    Map<String, List<EpisodeOutcome>> groups = new TreeMap<>();
                    for (EpisodeOutcome o : outcomes) {
                        String v = cut.apply(o);
                        groups.computeIfAbsent(v == null ? "(none)" : v, k -> new ArrayList<>())
                                .add(o);
                    }
                    groups.forEach(
                            (value, group) ->
                                    out.add(cell(dimension, value, group, confidence, minArm)));
                });
        return out;
    }

    static Cell cell(
            String dimension,
            String value,
            List<EpisodeOutcome> group,
            double confidence,
            int minArm) {
        int treated = 0;
        int treatedKept = 0;
        int control = 0;
        int controlKept = 0;
        int acted = 0;
        int reached = 0;
        int accepted = 0;
        double cost = 0;
        StreamingStatistics treatedRevenue = new StreamingStatistics();
        StreamingStatistics controlRevenue = new StreamingStatistics();
        for (EpisodeOutcome o : group) {
            boolean kept = o.outcome().kept();
            if (o.holdout()) {
                control++;
                controlKept += kept ? 1 : 0;
                controlRevenue.addValue(o.revenue());
            } else {
                treated++;
                treatedKept += kept ? 1 : 0;
                treatedRevenue.addValue(o.revenue());
                cost += o.actionCost();
                if (o.actions() > 0) {
                    acted++;
                    reached += o.reached() > 0 ? 1 : 0;
                    accepted += o.accepted() > 0 ? 1 : 0;
                }
            }
        }
        Uplift.Interval retention =
                Uplift.ofRates(treatedKept, treated, controlKept, control, confidence);
        double keptByAction = retention.estimate() * treated;
        double costPerRetained = cost > 0 && keptByAction > 0 ? cost / keptByAction : Double.NaN;
        return new Cell(
                dimension,
                value,
                treated,
                treatedKept,
                control,
                controlKept,
                retention,
                Uplift.ofMeans(treatedRevenue, controlRevenue, confidence),
                cost,
                costPerRetained,
                share(acted, treated),
                share(reached, acted),
                share(accepted, acted),
                Math.min(treated, control) < minArm);
    }

    private static double share(int k, int n) {
        return n == 0 ? Double.NaN : k / (double) n;
    }

    /** The table for people: one line per cell, small cells marked. */
    public static void print(PrintStream out, List<Cell> cells, double confidence) {
        out.printf(
                Locale.ROOT,
                "%-10s %-24s %7s %7s %7s %7s %8s %-18s %10s %9s %6s %6s%n",
                "by",
                "value",
                "treated",
                "kept%",
                "control",
                "kept%",
                "uplift",
                String.format(Locale.ROOT, "%.0f%% interval", confidence * 100),
                "revenue+",
                "cost/kept",
                "反応率",
                "accept");
        String last = null;
        for (Cell c : cells) {
            if (last != null && !last.equals(c.dimension())) {
                out.println();
            }
            last = c.dimension();
            out.printf(
                    Locale.ROOT,
                    "%-10s %-24s %7d %7s %7d %7s %8s %-18s %10s %9s %6s %6s%s%n",
                    c.dimension(),
                    c.value(),
                    c.treated(),
                    pct(c.treatedRate()),
                    c.control(),
                    pct(c.controlRate()),
                    points(c.retention().estimate()),
                    "["
                            + points(c.retention().lower())
                            + ", "
                            + points(c.retention().upper())
                            + "]",
                    money(c.revenue().estimate()),
                    money(c.costPerRetained()),
                    pct(c.reachedShare()),
                    pct(c.acceptedShare()),
                    c.small() ? "  (too small to say)" : "");
        }
        out.println(
                "uplift: retention rate of treated minus control, in points; kept: retained or"
                        + " reactivated at the horizon; revenue+: mean revenue per episode,"
                        + " treated minus control; 反応率: reached / acted on.");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    private static String points(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f", 100 * v);
    }

    private static String money(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
