package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.eval.EffectTable;
import dev.kizashi.pdca.EpisodeOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 施策効果: the effect table of {@code kizashi effect} as a report section, from the episodes'
 * outcomes: treated against the randomised control group per pattern, channel, action, segment,
 * score band and value tier ({@link EffectTable}), small cells marked.
 */
final class EffectSection {
    static final double CONFIDENCE = 0.95;
    static final String ID = "effect";
    static final String TITLE = "施策効果（介入群 vs 対照群） Effect of the actions: treated vs control";

    private EffectSection() {}

    /** The section; {@code outcomes} null or empty: a card that says why there is no table. */
    static void add(ObjectNode model, List<EpisodeOutcome> outcomes, String note) {
        if (outcomes == null || outcomes.isEmpty()) {
            ReportSections.unavailable(
                    model,
                    ID,
                    TITLE,
                    null,
                    true,
                    outcomes == null
                            ? "no episode outcomes: " + note
                            : "no episode outcome yet: an outcome is recorded at its horizon after"
                                    + " the episode's first alert");
            return;
        }
        List<EffectTable.Cell> cells =
                EffectTable.of(outcomes, CONFIDENCE, EffectTable.DEFAULT_MIN_ARM);
        List<List<?>> rows = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (EffectTable.Cell c : cells) {
            rows.add(
                    Arrays.asList(
                            c.dimension(),
                            c.value(),
                            c.treated(),
                            rate(c.treatedRate()),
                            c.control(),
                            rate(c.controlRate()),
                            uplift(c),
                            money(c.revenue().estimate()),
                            money(c.costPerRetained()),
                            rate(c.reachedShare())));
            marks.add(
                    c.small() ? "少数 too small (arm < " + EffectTable.DEFAULT_MIN_ARM + ")" : null);
        }
        long held = outcomes.stream().filter(EpisodeOutcome::holdout).count();
        ReportSections.add(
                        model,
                        ID,
                        TITLE,
                        String.format(
                                Locale.ROOT,
                                "%,d episode outcomes (%,d held out as the control group): the"
                                        + " retention rate of treated episodes (alerts sent)"
                                        + " against held-out ones, by what was known at the first"
                                        + " alert",
                                outcomes.size(),
                                held),
                        true,
                        ReportSections.table(
                                List.of(
                                        "軸 by",
                                        "値 value",
                                        "介入 treated",
                                        "継続率 kept",
                                        "対照 control",
                                        "継続率 kept",
                                        "アップリフト uplift (pts, "
                                                + Math.round(CONFIDENCE * 100)
                                                + "% interval)",
                                        "売上差 revenue +/episode",
                                        "継続1件の費用 cost per kept",
                                        "反応率 reached"),
                                rows,
                                marks))
                .put(
                        "note",
                        "Kept: retained or reactivated at the horizon. Uplift: kept rate treated"
                                + " minus control, in points, with Newcombe's interval; revenue:"
                                + " mean revenue per episode in the window, treated minus control"
                                + " (JPY); cost per kept: the treated arm's action cost per"
                                + " customer the actions kept; 反応率: reached / acted on. Every"
                                + " treated episode counts, acted on or not (intention to treat).");
    }

    private static Map<String, Object> rate(double v) {
        return Double.isNaN(v)
                ? null
                : Map.of("value", Math.round(v * 10000) / 10000.0, "text", JourneySections.pct(v));
    }

    private static Map<String, Object> uplift(EffectTable.Cell c) {
        double e = c.retention().estimate();
        if (Double.isNaN(e)) {
            return null;
        }
        return Map.of(
                "value",
                Math.round(e * 1000) / 10.0,
                "text",
                String.format(Locale.ROOT, "%+.1f", 100 * e),
                "sub",
                String.format(
                        Locale.ROOT,
                        "[%+.1f, %+.1f]",
                        100 * c.retention().lower(),
                        100 * c.retention().upper()));
    }

    private static Map<String, Object> money(double v) {
        return Double.isNaN(v)
                ? null
                : Map.of("value", Math.round(v), "text", String.format(Locale.ROOT, "%,.0f", v));
    }
}
