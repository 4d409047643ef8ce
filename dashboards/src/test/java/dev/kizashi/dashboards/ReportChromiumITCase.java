package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.dashboards.report.HtmlReport;
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
        ObjectNode model = HtmlReport.write(ReportSources.fromDirectory(demoDir()), html);
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
        assertThat(ReportPage.renderedCharts(dom).get("topAtRisk")).isEqualTo(25);
        Path png = Chromium.screenshot(html, work.resolve("report.png"), work, 1400, 3400);
        assertThat(Files.size(png)).isGreaterThan(50_000);
        System.out.println("report screenshot: " + png.toAbsolutePath());
    }
}
