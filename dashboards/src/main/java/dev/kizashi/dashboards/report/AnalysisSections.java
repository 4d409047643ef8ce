package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.dashboards.report.ReportInput.Analyses;
import dev.kizashi.pdca.JourneyRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The analyses a subscription business runs, as report sections after the fixed charts: 解約理由 and
 * ルート分析 ({@link JourneySections}), 回数別継続率 and 休眠復帰 ({@link ContinuationSections}), from the journey
 * records, and 施策効果 ({@link EffectSection}) from the episode outcomes. A missing source gives a
 * card that says so.
 */
public final class AnalysisSections {
    /** The section ids, in page order, when the journeys are there. */
    public static final List<String> IDS =
            List.of(
                    "cancelReasons",
                    "cancelReasonsByPlan",
                    "cancelVoc",
                    "routeSankey",
                    "routeTable",
                    "deliveryContinuation",
                    "deliveryCohorts",
                    "reactivations",
                    "reactivationFollowUp",
                    EffectSection.ID);

    /** The one card standing for all journey sections when there are no journey records. */
    public static final String NO_JOURNEYS = "journeys";

    private static final Comparator<JourneyRecord> ORDER =
            Comparator.comparingLong(JourneyRecord::eventTime)
                    .thenComparing(JourneyRecord::customerId)
                    .thenComparing(JourneyRecord::kind)
                    .thenComparingInt(JourneyRecord::k);

    private AnalysisSections() {}

    /** Appends the sections to a model that {@link ReportModel#compute} made. */
    public static void add(ObjectNode model, Analyses a) {
        // in one order whatever the source's (files are in arrival order, an index in its own):
        // the sections then come out the same to the last node of the sankey
        List<JourneyRecord> journeys =
                a.journeys() == null ? null : a.journeys().stream().sorted(ORDER).toList();
        if (journeys == null || journeys.isEmpty()) {
            ReportSections.unavailable(
                    model,
                    NO_JOURNEYS,
                    "定期分析 Subscription analyses",
                    "解約理由, ルート分析, 回数別継続率, 休眠復帰",
                    true,
                    "no journey records: " + a.journeysNote());
        } else {
            JourneySections.add(model, journeys);
            ContinuationSections.add(model, journeys, dataEnd(model, journeys));
        }
        EffectSection.add(model, a.outcomes(), a.outcomesNote());
    }

    /** The end of the data: the newest journey record, alert or score, whichever is later. */
    private static long dataEnd(ObjectNode model, List<JourneyRecord> journeys) {
        long end = journeys.stream().mapToLong(JourneyRecord::eventTime).max().orElse(0);
        if (model.hasNonNull("dataTo")) {
            end = Math.max(end, Instant.parse(model.get("dataTo").asText()).toEpochMilli());
        }
        return end;
    }
}
