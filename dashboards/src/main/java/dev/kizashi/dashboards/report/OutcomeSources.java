package dev.kizashi.dashboards.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputJson.F;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the episodes' outcome documents from an embedded run's directory or Elasticsearch. */
public final class OutcomeSources {
    public static final String OUTCOMES_FILE = "outcomes.jsonl";

    private OutcomeSources() {}

    /** {@code outcomes.jsonl} of {@code dir}, or the file itself. */
    public static List<EpisodeOutcome> fromPath(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(OUTCOMES_FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no outcomes at "
                            + file
                            + " (an embedded run writes "
                            + OUTCOMES_FILE
                            + " into its output directory)");
        }
        return OutputDocuments.readOutcomes(file);
    }

    /** Every document behind {@code <prefix>-outcomes}. */
    public static List<EpisodeOutcome> fromElasticsearch(
            ElasticsearchClientSettings settings, String prefix) throws IOException {
        List<EpisodeOutcome> out = new ArrayList<>();
        try (ElasticsearchClient client = settings.createClient()) {
            ReportSources.scan(
                    client,
                    prefix + "-outcomes",
                    F.EPISODE_ID,
                    n -> out.add(OutputDocuments.outcome(n)));
        }
        return out;
    }
}
