package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report page: one self-contained HTML file (inline CSS, Apache ECharts and the page's own
 * script inlined from the classpath, the numbers as embedded JSON; no external assets, works
 * offline and from a mail attachment).
 *
 * <p>The page's script ({@code report/report.js}, with the renderers of {@code report/charts.js})
 * draws the model's charts; any {@code sections} of the model ({@code [{id, title, sub?, wide?,
 * chart: {kind, ...}}]}, see {@link ReportSections}) become further cards. When a chart has drawn
 * it sets {@code data-rendered="true"} and {@code data-points="N"} on the chart's element, and
 * {@code data-charts-rendered} on {@code <body>}, so a headless browser can prove the charts
 * rendered with data.
 */
public final class HtmlReport {
    /** The Maven artifact that carries ECharts; named in the error when it is missing. */
    static final String ECHARTS_ARTIFACT = "org.webjars.npm:echarts";

    private static final String ECHARTS_POM =
            "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final Pattern PLACEHOLDER = Pattern.compile("@@(\\w+)@@");
    private static final Pattern END_SCRIPT =
            Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE);

    private HtmlReport() {}

    public static String render(ObjectNode model) {
        String json =
                model.toString()
                        .replace("<", "\\u003c")
                        .replace(">", "\\u003e")
                        .replace("&", "\\u0026");
        return fill(
                Map.of(
                        "TITLE", HtmlPages.escape(model.path("title").asText()),
                        "CSS", resource("report/report.css", "the report's style"),
                        "ECHARTS", script(echarts(HtmlReport.class.getClassLoader())),
                        "SCRIPT",
                                script(
                                        resource("report/charts.js", "the report's renderers")
                                                + resource(
                                                        "report/report.js", "the report's script")),
                        "DATA", json));
    }

    /** Computes the model from an input and writes the page; returns the model. */
    public static ObjectNode write(ReportInput input, Path out) throws IOException {
        ObjectNode model = model(input, Instant.now());
        HtmlPages.write(out, render(model));
        return model;
    }

    /** The page's model: the fixed charts ({@link ReportModel}) and the analysis sections. */
    public static ObjectNode model(ReportInput input, Instant generatedAt) {
        ObjectNode model = ReportModel.compute(input, generatedAt);
        AnalysisSections.add(model, input.analyses());
        return model;
    }

    /**
     * The minified ECharts bundle of the webjar on the classpath; its version comes from the
     * webjar's own pom.properties, so the parent pom's echarts.version is the only one to bump.
     */
    static String echarts(ClassLoader loader) {
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw missing(ECHARTS_POM);
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource(
                loader,
                "META-INF/resources/webjars/echarts/"
                        + pom.getProperty("version")
                        + "/dist/echarts.min.js",
                "Apache ECharts (" + ECHARTS_ARTIFACT + ")");
    }

    private static IllegalStateException missing(String name) {
        return new IllegalStateException(
                "Apache ECharts is not on the classpath ("
                        + name
                        + "): the report needs the Maven artifact "
                        + ECHARTS_ARTIFACT
                        + " (kizashi-dashboards depends on it)");
    }

    private static String resource(String name, String what) {
        return resource(HtmlReport.class.getClassLoader(), name, what);
    }

    /** A UTF-8 text from the classpath; missing is an error naming what it is. */
    static String resource(ClassLoader loader, String name, String what) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        what + " is missing from the classpath: " + name + " (a broken build?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    /** Script text safe inside a script element: a "</script" in it would end the element. */
    static String script(String js) {
        return END_SCRIPT.matcher(js).replaceAll("<\\\\/$1");
    }

    /**
     * The template with its @@NAME@@ placeholders filled in one pass, so no filled-in text (the
     * data, the inlined library) is ever searched for placeholders.
     */
    private static String fill(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(TEMPLATE);
        StringBuilder out = new StringBuilder(TEMPLATE.length() + 1_200_000);
        int at = 0;
        while (m.find()) {
            out.append(TEMPLATE, at, m.start()).append(values.get(m.group(1)));
            at = m.end();
        }
        return out.append(TEMPLATE.substring(at)).toString();
    }

    private static final String TEMPLATE =
            """
<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>
@@CSS@@</style>
</head>
<body data-charts-rendered="0">
<header>
  <h1>解約予兆レポート <span style="font-weight:400">Kizashi churn early warning</span></h1>
  <p id="meta"></p>
</header>
<main>
  <section class="wide kpis" id="kpis" data-chart="kpis"></section>
  <section class="card wide"><h2>アラート推移（パターン別） Alerts over time by pattern</h2><p class="sub">alerts per week of event time, stacked by churn pattern</p><div id="alertsOverTime" data-chart="alertsOverTime"></div></section>
  <section class="card"><h2>重大度×通知チャネル Alerts by severity and routed channel</h2><p class="sub">all alerts in the period, by severity, split by the channel they were routed to</p><div id="severityChannel" data-chart="severityChannel"></div></section>
  <section class="card"><h2>スコア分布 Score distribution</h2><p class="sub">customers by their latest churn score (1.0: cancelled)</p><div id="scoreHistogram" data-chart="scoreHistogram"></div></section>
  <section class="card"><h2>セグメント×リスク帯 Segment × score band</h2><p class="sub">customers by lifecycle segment (latest alert) and band of their latest score</p><div id="segmentBand" data-chart="segmentBand"></div></section>
  <section class="card"><h2>継続率・解約率（獲得月コホート別） Retention by signup cohort</h2><p class="sub">per month of first activity: continuation rate (継続率) and churn rate (解約率)</p><div id="retention" data-chart="retention"></div></section>
  <section class="card wide"><h2>パターン別適合率 Precision per pattern</h2><p class="sub">customers each pattern alerted on before they churned (or who have not churned), and how many of them went on to churn (precision so far)</p><div id="precision" data-chart="precision"></div><p class="note" id="precisionNote"></p></section>
  <section class="card wide"><h2>高リスク顧客 Top at-risk customers</h2><p class="sub">call list: customers at risk (latest score ≥ the at-risk threshold) who can still be saved (not churned — cancelled, or 30 days without activity — in their latest score document), by value at risk = score × spend to date (the expected loss); routed by the most severe alert of their open episode</p><div id="topAtRisk" data-chart="topAtRisk"></div></section>
  <footer id="foot"></footer>
</main>
<script id="report-data" type="application/json">@@DATA@@</script>
<script>
@@ECHARTS@@
</script>
<script>
@@SCRIPT@@
</script>
</body>
</html>
""";
}
