package dev.kizashi.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.dashboards.ReportPage;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page is one offline file: ECharts, the page's script and style inlined, the data as JSON. */
class HtmlReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA =
            Pattern.compile(
                    "<script id=\"report-data\" type=\"application/json\">(.*?)</script>",
                    Pattern.DOTALL);

    private static ObjectNode demoModel() throws Exception {
        Path demo =
                Path.of(
                                HtmlReportTest.class
                                        .getClassLoader()
                                        .getResource("demo/alerts.jsonl")
                                        .toURI())
                        .getParent();
        return ReportModel.compute(ReportSources.fromDirectory(demo), Instant.EPOCH);
    }

    private static String classpath(String name) throws Exception {
        try (InputStream in = HtmlReportTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The webjar's bundle, found independently of HtmlReport: by the webjar's own version. */
    private static String echartsBundle() throws Exception {
        Properties pom = new Properties();
        pom.load(
                new java.io.StringReader(
                        classpath("META-INF/maven/org.webjars.npm/echarts/pom.properties")));
        return classpath(
                "META-INF/resources/webjars/echarts/"
                        + pom.getProperty("version")
                        + "/dist/echarts.min.js");
    }

    @Test
    void thePageInlinesEChartsTheScriptAndTheStyle() throws Exception {
        String page = HtmlReport.render(demoModel());
        String echarts = echartsBundle();
        assertThat(echarts)
                .startsWith("\n/*\n* Licensed to the Apache Software Foundation")
                .contains(".echarts={}");
        // (booleans: a failure message of a megabyte of page helps nobody)
        assertThat(page.contains(echarts)).as("ECharts inlined").isTrue();
        for (String own : List.of("report/charts.js", "report/report.js", "report/report.css")) {
            assertThat(page.contains(classpath(own))).as(own + " inlined").isTrue();
        }
        // three scripts (data, ECharts, the page's) and no "</script" ending one early
        assertThat(Pattern.compile("<script").matcher(page).results().count()).isEqualTo(3);
        assertThat(Pattern.compile("</script").matcher(page).results().count()).isEqualTo(3);
        assertThat(ReportPage.externalReferences(page)).as("external references").isEmpty();
        assertThat(ReportPage.externalReferences("<img src=\"https://x/a.png\">")).hasSize(1);
        assertThat(ReportPage.externalReferences("a{background:url('//x/a.png')}")).hasSize(1);
        assertThat(ReportPage.externalReferences("fill=\"url(#zr0-g1)\"")).isEmpty();
    }

    @Test
    void sectionsReachThePageAsDataWithTheirKind() throws Exception {
        ObjectNode model = demoModel();
        ReportSections.add(
                model,
                "flows",
                "</script><b>title</b>",
                null,
                true,
                ReportSections.sankey(
                        List.of(
                                new ReportSections.Link("a", "b", 2),
                                new ReportSections.Link("b", "c", 1))));
        String page = HtmlReport.render(model);
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        JsonNode data = JSON.readTree(m.group(1));
        assertThat(data.at("/sections/0/id").asText()).isEqualTo("flows");
        assertThat(data.at("/sections/0/title").asText()).isEqualTo("</script><b>title</b>");
        assertThat(data.at("/sections/0/chart/kind").asText()).isEqualTo("sankey");
        assertThat(data.at("/sections/0/chart/nodes").findValuesAsText("name"))
                .containsExactly("a", "b", "c");
        assertThat(data.at("/sections/0/chart/links/1"))
                .isEqualTo(JSON.readTree("{\"source\":\"b\",\"target\":\"c\",\"value\":1.0}"));
        // the data cannot end its script element nor open markup
        assertThat(m.group(1)).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void theRendererShapesCarryTheirKeys() throws Exception {
        ObjectNode columns =
                ReportSections.stackedColumns(List.of("w1", "w2"), Map.of("A", List.of(1, 2)));
        assertThat(columns.toString())
                .isEqualTo(
                        "{\"kind\":\"stackedColumns\",\"categories\":[\"w1\",\"w2\"],"
                                + "\"series\":[{\"name\":\"A\",\"values\":[1,2]}]}");
        assertThat(ReportSections.lines(List.of("x"), Map.of("A", List.of(0.5)), true).toString())
                .isEqualTo(
                        "{\"kind\":\"lines\",\"categories\":[\"x\"],"
                                + "\"series\":[{\"name\":\"A\",\"values\":[0.5]}],\"percent\":true}");
        ObjectNode table =
                ReportSections.table(
                        List.of("c", "n"),
                        List.of(List.of("x", 1), List.of(Map.of("text", "y", "bar", 0.5), 2)),
                        java.util.Arrays.asList("note", null));
        assertThat(table)
                .isEqualTo(
                        tree(
                                "{\"kind\":\"table\",\"columns\":[\"c\",\"n\"],"
                                        + "\"rows\":[[\"x\",1],[{\"text\":\"y\",\"bar\":0.5},2]],"
                                        + "\"marks\":[\"note\",null]}"));
        assertThatThrownBy(
                        () ->
                                ReportSections.stackedRows(
                                        List.of("a", "b"), Map.of("A", List.of(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                ReportSections.add(
                                        JSON.createObjectNode(),
                                        "no spaces",
                                        "t",
                                        null,
                                        false,
                                        table))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void withoutTheWebjarTheErrorNamesTheArtifact() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> HtmlReport.echarts(empty))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("org.webjars.npm:echarts");
        }
        assertThatThrownBy(
                        () ->
                                HtmlReport.resource(
                                        getClass().getClassLoader(),
                                        "META-INF/resources/webjars/echarts/0.0.0/dist/echarts.min.js",
                                        "Apache ECharts (" + HtmlReport.ECHARTS_ARTIFACT + ")"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.webjars.npm:echarts")
                .hasMessageContaining("0.0.0/dist/echarts.min.js");
    }

    @Test
    void anEndTagInAScriptCannotCloseItsElement() {
        assertThat(HtmlReport.script("var s = '</script><p>'; var t = '</SCRIPT'"))
                .isEqualTo("var s = '<\\/script><p>'; var t = '<\\/SCRIPT'");
    }
}
