package dev.kizashi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.dashboards.report.HtmlReport;
import dev.kizashi.dashboards.report.ReportInput;
import dev.kizashi.dashboards.report.ReportSources;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin RunOutputOptions from;

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
        if (from.fromElasticsearch()) {
            input = ReportSources.fromElasticsearch(from.esSettings(), from.prefix(), labels);
        } else {
            input = ReportSources.fromDirectory(from.dir());
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
