package dev.kizashi.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a Lens visualization's form-based layers into the Elasticsearch search requests Kibana
 * would send for them: bucket columns (terms, date_histogram, range/histogram) nest in column
 * order, metric columns (count, count with a KQL filter, unique_count, min/max/avg/sum, last_value)
 * sit under the innermost bucket. Formula and math columns are computed by Kibana in the browser
 * from their parts, so only their parts become aggregations.
 *
 * <p>The KQL supported in column filters is what the shipped panels use: {@code field: value} and
 * {@code field >= number} (also {@code >, <, <=}).
 */
public final class LensQuery {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern KQL_MATCH = Pattern.compile("^\\s*([\\w.]+)\\s*:\\s*(\\S+)\\s*$");
    private static final Pattern KQL_RANGE =
            Pattern.compile("^\\s*([\\w.]+)\\s*(>=|<=|>|<)\\s*([-\\d.]+)\\s*$");

    /** One column of a layer as the tests need it. */
    public record Column(
            String id,
            String operationType,
            String sourceField,
            String dataType,
            boolean bucketed,
            JsonNode raw) {}

    /**
     * The request for one layer.
     *
     * @param dataViewId the data view the layer references
     * @param buckets bucket columns, outermost first (aggregation names are the column ids)
     * @param metrics metric columns that became aggregations
     * @param body the search request body ({@code size: 0}, {@code aggs})
     */
    public record Layer(
            String visualizationId,
            String layerId,
            String dataViewId,
            List<Column> buckets,
            List<Column> metrics,
            ObjectNode body) {}

    private LensQuery() {}

    /** Every column of every layer, with its data view id. */
    public static Map<String, List<Column>> columnsByDataView(ObjectNode lens) {
        Map<String, List<Column>> out = new LinkedHashMap<>();
        JsonNode layers = lens.at("/attributes/state/datasourceStates/formBased/layers");
        Iterator<Map.Entry<String, JsonNode>> it = layers.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String dv = dataViewOf(lens, e.getKey());
            List<Column> cols = out.computeIfAbsent(dv, k -> new ArrayList<>());
            for (String id : columnOrder(e.getValue())) {
                cols.add(column(id, e.getValue().path("columns").path(id)));
            }
        }
        return out;
    }

    /** The data view id a layer references, or null. */
    public static String dataViewOf(ObjectNode lens, String layerId) {
        for (JsonNode r : lens.path("references")) {
            if (("indexpattern-datasource-layer-" + layerId).equals(r.path("name").asText())) {
                return r.path("id").asText();
            }
        }
        return null;
    }

    /** One request per layer. */
    public static List<Layer> translate(ObjectNode lens) {
        List<Layer> out = new ArrayList<>();
        JsonNode layers = lens.at("/attributes/state/datasourceStates/formBased/layers");
        Iterator<Map.Entry<String, JsonNode>> it = layers.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(translateLayer(lens, e.getKey(), e.getValue()));
        }
        return out;
    }

    private static List<String> columnOrder(JsonNode layer) {
        List<String> ids = new ArrayList<>();
        layer.path("columnOrder").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static Column column(String id, JsonNode c) {
        return new Column(
                id,
                c.path("operationType").asText(),
                c.hasNonNull("sourceField") ? c.get("sourceField").asText() : null,
                c.path("dataType").asText(),
                c.path("isBucketed").asBoolean(),
                c);
    }

    private static Layer translateLayer(ObjectNode lens, String layerId, JsonNode layer) {
        List<Column> buckets = new ArrayList<>();
        List<Column> metrics = new ArrayList<>();
        for (String id : columnOrder(layer)) {
            Column c = column(id, layer.path("columns").path(id));
            if (c.bucketed()) {
                buckets.add(c);
            } else if (!c.operationType().equals("formula") && !c.operationType().equals("math")) {
                metrics.add(c);
            }
        }
        ObjectNode metricAggs = MAPPER.createObjectNode();
        for (Column m : metrics) {
            metricAggs.set(m.id(), metricAgg(m));
        }
        ObjectNode aggs = metricAggs;
        for (int i = buckets.size() - 1; i >= 0; i--) {
            ObjectNode wrapper = MAPPER.createObjectNode();
            Column bucket = buckets.get(i);
            ObjectNode agg = bucketAgg(bucket, metricsById(metrics));
            ObjectNode children = aggs.deepCopy();
            // like Kibana, a terms column ordered by a metric gets that metric beside its children
            Column orderBy = orderMetric(bucket, metricsById(metrics));
            if (orderBy != null) {
                children.set(ORDER_PREFIX + orderBy.id(), metricAgg(orderBy));
            }
            if (children.size() > 0) {
                agg.set("aggs", children);
            }
            wrapper.set(buckets.get(i).id(), agg);
            aggs = wrapper;
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", true);
        String own = lens.at("/attributes/state/query/query").asText("");
        if (!own.isBlank()) {
            body.set("query", kql(own));
        }
        body.set("aggs", aggs);
        return new Layer(
                lens.path("id").asText(),
                layerId,
                dataViewOf(lens, layerId),
                buckets,
                metrics,
                body);
    }

    private static Map<String, Column> metricsById(List<Column> metrics) {
        Map<String, Column> m = new LinkedHashMap<>();
        metrics.forEach(c -> m.put(c.id(), c));
        return m;
    }

    private static ObjectNode bucketAgg(Column c, Map<String, Column> metrics) {
        ObjectNode agg = MAPPER.createObjectNode();
        JsonNode p = c.raw().path("params");
        switch (c.operationType()) {
            case "terms" -> {
                ObjectNode t = agg.putObject("terms");
                t.put("field", c.sourceField());
                t.put("size", p.path("size").asInt(10));
                JsonNode orderBy = p.path("orderBy");
                String dir = p.path("orderDirection").asText("desc");
                Column m = orderMetric(c, metrics);
                if (m != null) {
                    t.putObject("order").put(orderKey(m), dir);
                } else if ("column".equals(orderBy.path("type").asText())) {
                    t.putObject("order").put("_count", dir);
                } else {
                    t.putObject("order").put("_key", dir);
                }
            }
            case "date_histogram" -> {
                ObjectNode h = agg.putObject("date_histogram");
                h.put("field", c.sourceField());
                String interval = p.path("interval").asText("auto");
                if ("auto".equals(interval)) {
                    // Kibana picks an interval from the time range; a week suits the shipped range
                    h.put("calendar_interval", "1w");
                } else if (interval.matches("1[mhdwMqy]")) {
                    h.put("calendar_interval", interval);
                } else {
                    h.put("fixed_interval", interval);
                }
                h.put("min_doc_count", p.path("includeEmptyRows").asBoolean() ? 0 : 1);
            }
            case "range" -> {
                if ("histogram".equals(p.path("type").asText())) {
                    ObjectNode h = agg.putObject("histogram");
                    h.put("field", c.sourceField());
                    // Kibana derives the interval from maxBars and the field's min/max; scores are
                    // in [0,1]
                    int maxBars = p.path("maxBars").asInt(20);
                    h.put("interval", 1.0 / maxBars);
                    h.put("min_doc_count", 0);
                } else {
                    ObjectNode r = agg.putObject("range");
                    r.put("field", c.sourceField());
                    ArrayNode ranges = r.putArray("ranges");
                    for (JsonNode range : p.path("ranges")) {
                        ObjectNode o = ranges.addObject();
                        if (range.hasNonNull("from")) {
                            o.put("from", range.get("from").asDouble());
                        }
                        if (range.hasNonNull("to")) {
                            o.put("to", range.get("to").asDouble());
                        }
                        if (range.hasNonNull("label") && !range.get("label").asText().isEmpty()) {
                            o.put("key", range.get("label").asText());
                        }
                    }
                }
            }
            default ->
                    throw new IllegalArgumentException(
                            "bucket operation " + c.operationType() + " is not translated");
        }
        return agg;
    }

    private static final String ORDER_PREFIX = "_order_";

    /** The metric a terms column is ordered by, unless it is a plain count (ordered by _count). */
    private static Column orderMetric(Column bucket, Map<String, Column> metrics) {
        JsonNode orderBy = bucket.raw().at("/params/orderBy");
        if (!bucket.operationType().equals("terms")
                || !"column".equals(orderBy.path("type").asText())) {
            return null;
        }
        Column m = metrics.get(orderBy.path("columnId").asText());
        if (m == null || m.operationType().equals("count") && !m.raw().has("filter")) {
            return null;
        }
        return m;
    }

    /**
     * The order path of a metric aggregation. A filtered count is a single-bucket filter
     * aggregation: its name alone orders by its doc count (Elasticsearch rejects "agg>_count").
     */
    private static String orderKey(Column m) {
        if (m.operationType().equals("count")) {
            return ORDER_PREFIX + m.id();
        }
        return ORDER_PREFIX + m.id() + (m.raw().has("filter") ? ">value" : "");
    }

    private static ObjectNode metricAgg(Column c) {
        ObjectNode inner = MAPPER.createObjectNode();
        switch (c.operationType()) {
            case "count" -> {
                // Kibana reads a plain count from the bucket's doc_count; a match_all filter gives
                // the same number as an aggregation of its own (also at the top level)
                inner.putObject("filter").putObject("match_all");
            }
            case "unique_count" -> inner.putObject("cardinality").put("field", c.sourceField());
            case "max", "min", "sum" ->
                    inner.putObject(c.operationType()).put("field", c.sourceField());
            case "average" -> inner.putObject("avg").put("field", c.sourceField());
            case "median" ->
                    inner.putObject("percentiles")
                            .put("field", c.sourceField())
                            .putArray("percents")
                            .add(50);
            case "last_value" -> {
                ObjectNode th = inner.putObject("top_hits");
                th.put("size", 1);
                th.putArray("sort")
                        .addObject()
                        .putObject(c.raw().path("params").path("sortField").asText())
                        .put("order", "desc");
                th.putArray("fields").add(c.sourceField());
                th.put("_source", false);
            }
            default ->
                    throw new IllegalArgumentException(
                            "metric operation " + c.operationType() + " is not translated");
        }
        JsonNode filter = c.raw().path("filter");
        if (filter.isMissingNode()) {
            return inner;
        }
        ObjectNode wrapped = MAPPER.createObjectNode();
        wrapped.set("filter", kql(filter.path("query").asText()));
        if (!c.operationType().equals("count")) {
            wrapped.putObject("aggs").set("value", inner);
        }
        return wrapped;
    }

    /**
     * The small KQL subset the shipped panels use, as a query DSL clause: {@code a and b}, {@code
     * not a}, {@code field: value}, {@code field >= number} (also {@code >, <, <=}).
     */
    public static ObjectNode kql(String query) {
        ObjectNode q = MAPPER.createObjectNode();
        String[] parts = query.trim().split("\\s+and\\s+");
        if (parts.length > 1) {
            ArrayNode must = q.putObject("bool").putArray("filter");
            for (String p : parts) {
                must.add(kql(p));
            }
            return q;
        }
        String t = query.trim();
        if (t.startsWith("not ")) {
            q.putObject("bool").putArray("must_not").add(kql(t.substring(4)));
            return q;
        }
        Matcher r = KQL_RANGE.matcher(t);
        if (r.matches()) {
            String op =
                    switch (r.group(2)) {
                        case ">=" -> "gte";
                        case "<=" -> "lte";
                        case ">" -> "gt";
                        default -> "lt";
                    };
            q.putObject("range").putObject(r.group(1)).put(op, Double.parseDouble(r.group(3)));
            return q;
        }
        Matcher m = KQL_MATCH.matcher(t);
        if (m.matches()) {
            String v = m.group(2).replaceAll("^\"|\"$", "");
            q.putObject("term").put(m.group(1), v);
            return q;
        }
        throw new IllegalArgumentException("KQL not supported by the translation: " + query);
    }

    /** The fields a supported KQL query names. */
    public static List<String> kqlFields(String query) {
        List<String> out = new ArrayList<>();
        for (String p : query.trim().split("\\s+and\\s+")) {
            String t = p.trim();
            if (t.startsWith("not ")) {
                t = t.substring(4).trim();
            }
            Matcher r = KQL_RANGE.matcher(t);
            Matcher m = KQL_MATCH.matcher(t);
            if (r.matches()) {
                out.add(r.group(1));
            } else if (m.matches()) {
                out.add(m.group(1));
            } else {
                throw new IllegalArgumentException("KQL not supported: " + query);
            }
        }
        return out;
    }

    /** Every KQL query of the lens: its own query and its columns' filters. */
    public static List<String> kqlFilters(ObjectNode lens) {
        List<String> out = new ArrayList<>();
        String own = lens.at("/attributes/state/query/query").asText("");
        if (!own.isBlank()) {
            out.add(own);
        }
        lens.at("/attributes/state/datasourceStates/formBased/layers")
                .forEach(
                        l ->
                                l.path("columns")
                                        .forEach(
                                                c -> {
                                                    if (c.has("filter")) {
                                                        out.add(
                                                                c.path("filter")
                                                                        .path("query")
                                                                        .asText());
                                                    }
                                                }));
        return out;
    }
}
