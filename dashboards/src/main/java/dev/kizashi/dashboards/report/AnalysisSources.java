package dev.kizashi.dashboards.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.kizashi.dashboards.report.ReportInput.Analyses;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputJson.F;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the analysis sections' records: journeys and episode outcomes, from an embedded run's
 * directory ({@code journeys.jsonl}, {@code outcomes.jsonl}) or from Elasticsearch ({@code
 * <prefix>-journeys}, {@code <prefix>-outcomes}). A missing source is no error: its list is null
 * and the note says what was looked for, which the section then shows.
 */
public final class AnalysisSources {
    public static final String JOURNEYS_FILE = "journeys.jsonl";

    private AnalysisSources() {}

    public static Analyses fromDirectory(Path dir) throws IOException {
        Path journeys = dir.resolve(JOURNEYS_FILE);
        Path outcomes = dir.resolve(OutcomeSources.OUTCOMES_FILE);
        boolean haveJourneys = Files.isRegularFile(journeys);
        boolean haveOutcomes = Files.isRegularFile(outcomes);
        return new Analyses(
                haveJourneys ? OutputDocuments.readJourneys(journeys) : null,
                haveJourneys
                        ? JOURNEYS_FILE
                        : "no "
                                + JOURNEYS_FILE
                                + " in "
                                + dir
                                + " (a run writes it unless kizashi.journeys.enabled=false)",
                haveOutcomes ? OutputDocuments.readOutcomes(outcomes) : null,
                haveOutcomes
                        ? OutcomeSources.OUTCOMES_FILE
                        : "no " + OutcomeSources.OUTCOMES_FILE + " in " + dir);
    }

    /**
     * Every journey of {@code <prefix>-journeys} and every outcome of {@code <prefix>-outcomes}.
     */
    public static Analyses fromElasticsearch(ElasticsearchClient client, String prefix)
            throws IOException {
        String journeysIndex = prefix + "-journeys";
        String outcomesIndex = prefix + "-outcomes";
        List<JourneyRecord> journeys = journeys(client, journeysIndex);
        List<EpisodeOutcome> outcomes = new ArrayList<>();
        ReportSources.scan(
                client, outcomesIndex, F.EPISODE_ID, n -> outcomes.add(OutputDocuments.outcome(n)));
        return new Analyses(
                journeys.isEmpty() ? null : journeys,
                journeys.isEmpty() ? "no documents in " + journeysIndex : journeysIndex,
                outcomes.isEmpty() ? null : outcomes,
                outcomes.isEmpty() ? "no documents in " + outcomesIndex : outcomesIndex);
    }

    /**
     * Paged with search_after on (eventId, kind): one event makes at most one record of a kind, so
     * the pair is unique (a delivery and a return can share their event).
     */
    private static List<JourneyRecord> journeys(ElasticsearchClient client, String index)
            throws IOException {
        List<JourneyRecord> out = new ArrayList<>();
        ReportSources.scan(
                client,
                index,
                List.of(F.EVENT_ID, F.KIND),
                n -> out.add(OutputDocuments.journey(n)));
        return out;
    }
}
