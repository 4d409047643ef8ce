package dev.kizashi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.dashboards.report.HtmlReport;
import dev.kizashi.dashboards.report.ReportInput;
import dev.kizashi.dashboards.report.ReportSources;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kizashi report}: the dashboard's KPIs and charts as one self-contained HTML page, from an
 * embedded run's output directory or from Elasticsearch.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Write a self-contained HTML report (KPIs, alerts over time, severity x channel,"
                        + " score distribution, segment x band, retention by cohort, precision per"
                        + " pattern, top at-risk customers; then the subscription analyses:"
                        + " cancellation reasons, routes, continuation by delivery, reactivations"
                        + " and the effect table) from the output of `kizashi demo`/`run`"
                        + " or from Elasticsearch. Elasticsearch credentials come from the"
                        + " KIZASHI_ES_* environment variables.")
final class ReportCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            defaultValue = "report.html",
            paramLabel = "FILE",
            description = "The HTML file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    static final class Source {
        @Option(
                names = "--from",
                paramLabel = "DIR",
                description =
                        "Output directory of an embedded run (alerts.jsonl, scores.jsonl, optional"
                                + " labels.csv, journeys.jsonl, outcomes.jsonl); default out/demo.")
        Path from;

        @Option(
                names = "--es",
                paramLabel = "URL",
                description = "Elasticsearch URL(s), comma separated, e.g. http://127.0.0.1:9200.")
        String es;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(
            names = "--index-prefix",
            defaultValue = KizashiIndices.DEFAULT_PREFIX,
            description = "Index prefix in Elasticsearch (default: ${DEFAULT-VALUE}).")
    String indexPrefix;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description =
                    "A labels.csv with churn outcomes (customerId,churned,churnTime,...), for"
                            + " --es when the score documents carry no churned field.")
    Path labels;

    @Override
    public Integer call() throws Exception {
        ReportInput input;
        if (source != null && source.es != null) {
            ElasticsearchClientSettings settings =
                    ElasticsearchClientSettings.builder()
                            .hosts(source.es)
                            .credentialsFromEnvironment()
                            .build();
            input =
                    ReportSources.fromElasticsearch(
                            settings, new KizashiIndices(indexPrefix).prefix(), labels);
        } else {
            Path dir = source != null && source.from != null ? source.from : Path.of("out/demo");
            input = ReportSources.fromDirectory(dir);
        }
        ObjectNode model = HtmlReport.write(input, out);
        JsonNode k = model.path("kpis");
        System.out.printf(
                Locale.ROOT,
                "kizashi report: %,d customers, %,d alerts, %,d at risk -> %s%n",
                k.path("customers").asLong(),
                k.path("alerts").asLong(),
                k.path("atRisk").asLong(),
                out.toAbsolutePath());
        if (input.outcomeSource() == null) {
            System.out.println(
                    "  (no churn outcomes: retention and precision need labels.csv or the"
                            + " score documents' churned field)");
        }
        return 0;
    }
}
