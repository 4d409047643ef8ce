package dev.kizashi.dashboards.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Further cards of the report page, drawn from their chart JSON alone: a section is {@code {id,
 * title, sub?, wide?, note?, chart}} (or {@code na} instead of a chart: why there is none) in the
 * model's {@code sections} array, and the page picks the renderer by the chart's {@code kind}
 * (report/charts.js documents every shape). These builders write the shapes, so a new section needs
 * no script of its own; optional keys of a shape ({@code percent}, {@code totals}, {@code
 * valueName}, {@code categoryName}, {@code colors}, {@code height}) go on the returned node.
 */
public final class ReportSections {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An element id the page and its browser test can address. */
    private static final Pattern ID = Pattern.compile("\\w+");

    private ReportSections() {}

    /** Appends a section to the model's {@code sections}; returns the section. */
    public static ObjectNode add(
            ObjectNode model, String id, String title, String sub, boolean wide, ObjectNode chart) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a section id is letters, digits and _: " + id);
        }
        if (!chart.hasNonNull("kind")) {
            throw new IllegalArgumentException("section " + id + ": the chart has no kind");
        }
        ArrayNode sections =
                model.has("sections")
                        ? (ArrayNode) model.get("sections")
                        : model.putArray("sections");
        ObjectNode s = sections.addObject().put("id", id).put("title", title);
        if (sub != null) {
            s.put("sub", sub);
        }
        s.put("wide", wide);
        s.set("chart", chart);
        return s;
    }

    /**
     * A section without a chart: the card says why ({@code na}, e.g. the file it needs is missing),
     * and the page counts it as unavailable rather than drawn.
     */
    public static ObjectNode unavailable(
            ObjectNode model, String id, String title, String sub, boolean wide, String why) {
        ObjectNode s =
                add(model, id, title, sub, wide, MAPPER.createObjectNode().put("kind", "na"));
        s.remove("chart");
        s.put("na", why);
        return s;
    }

    /**
     * {@code {kind: "stackedColumns", categories, series: [{name, values}]}}: one bar a category.
     */
    public static ObjectNode stackedColumns(
            List<String> categories, Map<String, ? extends List<? extends Number>> series) {
        return categorical("stackedColumns", categories, series);
    }

    /** {@code {kind: "stackedRows", ...}}: as stackedColumns, one horizontal bar a category. */
    public static ObjectNode stackedRows(
            List<String> categories, Map<String, ? extends List<? extends Number>> series) {
        return categorical("stackedRows", categories, series);
    }

    /**
     * {@code {kind: "lines", categories, series: [{name, values}], percent}}: one line a series
     * over the categories (a null value is a gap); percent shows fractions as percentages.
     */
    public static ObjectNode lines(
            List<String> categories,
            Map<String, ? extends List<? extends Number>> series,
            boolean percent) {
        return categorical("lines", categories, series).put("percent", percent);
    }

    /** One flow of a sankey chart between two named nodes. */
    public record Link(String source, String target, double value) {}

    /**
     * {@code {kind: "sankey", nodes: [{name}], links: [{source, target, value}]}}: the nodes in the
     * order the links first name them. The flows must not form a cycle (ECharts draws a DAG).
     */
    public static ObjectNode sankey(List<Link> links) {
        return sankey(links, Map.of());
    }

    /**
     * As {@link #sankey(List)}, with a column ({@code depth}, from 0) for the nodes named in {@code
     * depths}: ECharts otherwise puts a node without incoming flows in the first column.
     */
    public static ObjectNode sankey(List<Link> links, Map<String, Integer> depths) {
        ObjectNode chart = MAPPER.createObjectNode().put("kind", "sankey");
        Set<String> names = new LinkedHashSet<>();
        ArrayNode out = MAPPER.createArrayNode();
        for (Link l : links) {
            names.add(l.source());
            names.add(l.target());
            out.addObject()
                    .put("source", l.source())
                    .put("target", l.target())
                    .put("value", l.value());
        }
        ArrayNode nodes = chart.putArray("nodes");
        names.forEach(
                n -> {
                    ObjectNode node = nodes.addObject().put("name", n);
                    if (depths.containsKey(n)) {
                        node.put("depth", depths.get(n));
                    }
                });
        chart.set("links", out);
        return chart;
    }

    /**
     * {@code {kind: "table", columns, rows: [[cell..]], marks?}}, drawn as an HTML table. A cell is
     * a text, a number, null, a map {value?, text?, sub?, bar? (0..1)} or a list of cells (one line
     * each); marks, when not null, hold one note or null per row (a marked row is highlighted, its
     * note in a last column).
     */
    public static ObjectNode table(List<String> columns, List<List<?>> rows, List<String> marks) {
        if (marks != null && marks.size() != rows.size()) {
            throw new IllegalArgumentException(
                    marks.size() + " marks for " + rows.size() + " table rows");
        }
        ObjectNode chart = MAPPER.createObjectNode().put("kind", "table");
        columns.forEach(chart.putArray("columns")::add);
        ArrayNode out = chart.putArray("rows");
        for (List<?> r : rows) {
            out.add(MAPPER.valueToTree(r));
        }
        if (marks != null) {
            ArrayNode m = chart.putArray("marks");
            marks.forEach(m::add);
        }
        return chart;
    }

    private static ObjectNode categorical(
            String kind,
            List<String> categories,
            Map<String, ? extends List<? extends Number>> series) {
        ObjectNode chart = MAPPER.createObjectNode().put("kind", kind);
        categories.forEach(chart.putArray("categories")::add);
        ArrayNode out = chart.putArray("series");
        series.forEach(
                (name, values) -> {
                    if (values.size() != categories.size()) {
                        throw new IllegalArgumentException(
                                name
                                        + ": "
                                        + values.size()
                                        + " values for "
                                        + categories.size()
                                        + " categories");
                    }
                    ObjectNode s = out.addObject().put("name", name);
                    s.set("values", MAPPER.valueToTree(values));
                });
        return chart;
    }
}
