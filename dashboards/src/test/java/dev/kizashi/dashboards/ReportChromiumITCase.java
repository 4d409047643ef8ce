package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.dashboards.report.HtmlReport;
import dev.kizashi.dashboards.report.ReportInput;
import dev.kizashi.dashboards.report.ReportModel;
import dev.kizashi.dashboards.report.ReportSources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The report of a real embedded run renders every chart with data in headless Chromium. */
class ReportChromiumITCase {

    static Path demoDir() throws Exception {
        return Path.of(
                        ReportChromiumITCase.class
                                .getClassLoader()
                                .getResource("demo/alerts.jsonl")
                                .toURI())
                .getParent();
    }

    @Test
    void reportRendersEveryChartWithData() throws Exception {
        Path work = Files.createDirectories(Path.of("target/report-it"));
        Path html = work.resolve("report.html");
        ReportInput input = ReportSources.fromDirectory(demoDir());
        ObjectNode model = HtmlReport.write(input, html);
        String page = Files.readString(html);
        // self-contained: no external scripts, styles, images or fonts
        assertThat(page)
                .doesNotContainPattern("(src|href)\\s*=\\s*\"?(https?:)?//")
                .doesNotContain("<link")
                .doesNotContain("@import")
                .doesNotContain("url(");
        assertThat(model.at("/kpis/alerts").asInt()).isPositive();

        Chromium.require();
        String dom = Chromium.dumpDom(html, work);
        ReportPage.assertAllChartsRendered(dom);
        // the call list: at most 25 of the customers at risk who have not churned
        long callable =
                input.latestScores().values().stream()
                        .filter(ReportModel::canStillBeSaved)
                        .filter(s -> s.score() >= ReportModel.AT_RISK)
                        .count();
        assertThat(callable).isPositive();
        assertThat(ReportPage.renderedCharts(dom).get("topAtRisk"))
                .isEqualTo((int) Math.min(25, callable));
        // the precision table explains the lead and the alerts after the churn (labels.csv)
        assertThat(dom)
                .contains("alerts after the churn (not counted)")
                .contains("Lead: days from");
        Path png = Chromium.screenshot(html, work.resolve("report.png"), work, 1400, 3400);
        assertThat(Files.size(png)).isGreaterThan(50_000);
        System.out.println("report screenshot: " + png.toAbsolutePath());
    }
}
