package dev.kizashi.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every Lens layer of the shipped saved objects against a real Elasticsearch node, as the
 * search Kibana would send (the dashboard's time range on the data view's time field, the lens' own
 * query, the layer's aggregations), and checks the responses' shape.
 */
public final class PanelRunner {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One layer's request and response. */
    public record Result(
            LensQuery.Layer layer, String index, ObjectNode request, JsonNode response) {}

    private PanelRunner() {}

    /**
     * @param prefix index prefix the data was written under ({@code kizashi} in production)
     */
    public static List<Result> runAll(
            String esUrl, String prefix, SavedObjects objects, Instant from, Instant to)
            throws IOException, InterruptedException {
        List<Result> out = new ArrayList<>();
        for (ObjectNode lens : objects.ofType("lens")) {
            for (LensQuery.Layer layer : LensQuery.translate(lens)) {
                JsonNode view =
                        objects.find("index-pattern", layer.dataViewId())
                                .orElseThrow()
                                .get("attributes");
                String title = view.path("title").asText();
                String index = prefix + title.substring("kizashi".length());
                ObjectNode body = layer.body().deepCopy();
                ObjectNode bool = MAPPER.createObjectNode();
                ArrayNode filter = bool.putArray("filter");
                filter.addObject()
                        .putObject("range")
                        .putObject(view.path("timeFieldName").asText())
                        .put("gte", from.toString())
                        .put("lte", to.toString())
                        .put("format", "strict_date_optional_time");
                if (body.has("query")) {
                    filter.add(body.get("query"));
                }
                body.putObject("query").set("bool", bool);
                JsonNode resp = post(esUrl, "/" + index + "/_search", body.toString());
                out.add(new Result(layer, index, body, resp));
            }
        }
        return out;
    }

    public static JsonNode post(String esUrl, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(esUrl + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build();
        HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException(
                    path
                            + " answered "
                            + resp.statusCode()
                            + ": "
                            + resp.body()
                            + "\nrequest: "
                            + body);
        }
        return MAPPER.readTree(resp.body());
    }

    /** What is wrong with a layer's response (empty: non-empty buckets and metric values). */
    public static List<String> shapeProblems(Result r) {
        return shapeProblems(r, java.util.Set.of());
    }

    /**
     * @param absentFields fields the data legitimately has no value for (a column on them may be
     *     empty)
     */
    public static List<String> shapeProblems(Result r, java.util.Set<String> absentFields) {
        List<String> problems = new ArrayList<>();
        String where = r.layer().visualizationId() + "/" + r.layer().layerId();
        if (r.response().path("timed_out").asBoolean()
                || r.response().at("/_shards/failed").asInt() > 0) {
            problems.add(where + ": shard failures " + r.response().path("_shards"));
        }
        if (r.response().at("/hits/total/value").asLong() == 0) {
            problems.add(where + ": no documents matched");
            return problems;
        }
        List<JsonNode> leaves = new ArrayList<>();
        leaves.add(r.response().path("aggregations"));
        for (LensQuery.Column b : r.layer().buckets()) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode parent : leaves) {
                JsonNode agg = parent.path(b.id());
                if (!agg.path("buckets").isArray()) {
                    problems.add(
                            where
                                    + ": "
                                    + b.id()
                                    + " ("
                                    + b.operationType()
                                    + ") has no buckets array");
                    continue;
                }
                for (JsonNode bucket : agg.get("buckets")) {
                    if (bucket.path("doc_count").asLong() > 0) {
                        next.add(bucket);
                    }
                }
            }
            if (next.isEmpty()) {
                problems.add(
                        where
                                + ": bucket column "
                                + b.id()
                                + " ("
                                + b.operationType()
                                + " on "
                                + b.sourceField()
                                + ") is empty");
                return problems;
            }
            leaves = next;
        }
        for (LensQuery.Column m : r.layer().metrics()) {
            boolean any = false;
            for (JsonNode leaf : leaves) {
                if (metricValue(m, leaf.path(m.id())) > 0) {
                    any = true;
                    break;
                }
            }
            if (!any && !absentFields.contains(m.sourceField())) {
                problems.add(
                        where
                                + ": metric "
                                + m.id()
                                + " ("
                                + m.operationType()
                                + " "
                                + m.sourceField()
                                + ") has no value in any bucket");
            }
        }
        return problems;
    }

    /** A metric's value in a bucket (top_hits: 1 when it found the field, else 0). */
    public static double metricValue(LensQuery.Column m, JsonNode agg) {
        if (agg.isMissingNode()) {
            return -1;
        }
        if (m.operationType().equals("count")) {
            return agg.path("doc_count").asDouble(-1);
        }
        if (m.raw().has("filter")) {
            agg = agg.path("value");
        }
        if (m.operationType().equals("last_value")) {
            JsonNode hits = agg.at("/hits/hits");
            return hits.size() > 0 && hits.get(0).path("fields").has(m.sourceField()) ? 1 : 0;
        }
        JsonNode v = agg.path("value");
        return v.isNumber() ? v.asDouble() : -1;
    }
}
