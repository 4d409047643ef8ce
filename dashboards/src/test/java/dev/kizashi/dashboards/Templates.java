package dev.kizashi.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.elasticsearch.ElasticsearchSetup;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shipped index templates' field types per data view title, and the fields the panels need that
 * are not shipped yet ({@code dashboards/pending-fields.json}).
 */
public final class Templates {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Templates() {}

    /** Data view title -> the template behind it. */
    public static ElasticsearchSetup.Template templateFor(String dataViewTitle) {
        return switch (dataViewTitle) {
            case "kizashi-alerts", "kizashi-alerts-*" -> ElasticsearchSetup.Template.ALERTS;
            case "kizashi-scores" -> ElasticsearchSetup.Template.SCORES;
            case "kizashi-score-history", "kizashi-score-history-*" ->
                    ElasticsearchSetup.Template.SCORE_HISTORY;
            case "kizashi-journeys", "kizashi-journeys-*" -> ElasticsearchSetup.Template.JOURNEYS;
            case "kizashi-outcomes" -> ElasticsearchSetup.Template.OUTCOMES;
            default -> throw new IllegalArgumentException("no template for " + dataViewTitle);
        };
    }

    /** Field path (dotted) -> mapping type, from the shipped template. */
    public static Map<String, String> fieldTypes(ElasticsearchSetup.Template t) {
        ObjectNode body = ElasticsearchSetup.template(t, 0, KizashiIndices.standard());
        Map<String, String> out = new LinkedHashMap<>();
        collect(body.at("/template/mappings/properties"), "", out);
        return out;
    }

    private static void collect(JsonNode props, String prefix, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                out.put(path, def.path("type").asText("object"));
                collect(def.get("properties"), path + ".", out);
            } else {
                out.put(path, def.path("type").asText());
            }
        }
    }

    /** Data view title -> pending field -> its definition (mapping, meaning, panels). */
    public static Map<String, Map<String, JsonNode>> pendingFields() {
        try (InputStream in =
                Templates.class
                        .getClassLoader()
                        .getResourceAsStream("dashboards/pending-fields.json")) {
            JsonNode root = MAPPER.readTree(in);
            Map<String, Map<String, JsonNode>> out = new LinkedHashMap<>();
            root.fields()
                    .forEachRemaining(
                            e -> {
                                if (e.getKey().startsWith("_")) {
                                    return;
                                }
                                Map<String, JsonNode> fields = new LinkedHashMap<>();
                                e.getValue()
                                        .fields()
                                        .forEachRemaining(
                                                f -> fields.put(f.getKey(), f.getValue()));
                                out.put(e.getKey(), fields);
                            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shipped fields plus the pending ones (pending never override a shipped type). */
    public static Map<String, String> fieldTypesWithPending(String dataViewTitle) {
        Map<String, String> out = new LinkedHashMap<>(fieldTypes(templateFor(dataViewTitle)));
        pendingFields()
                .getOrDefault(dataViewTitle, Map.of())
                .forEach((f, def) -> out.putIfAbsent(f, def.at("/mapping/type").asText()));
        return out;
    }
}
