package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The shipped ndjson has what Kibana 9 needs to import each object and resolve its references. */
class SavedObjectsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> LENS_TYPES =
            Set.of("lnsXY", "lnsDatatable", "lnsHeatmap", "lnsMetric", "lnsPie", "lnsGauge");

    private final Path file = SavedObjects.locate();
    private final SavedObjects objects = SavedObjects.read(file);

    @Test
    void everyObjectHasTheSavedObjectEnvelope() {
        assertThat(objects.all()).isNotEmpty();
        Set<String> keys = new HashSet<>();
        for (ObjectNode o : objects.all()) {
            String where = o.path("type").asText() + "/" + o.path("id").asText();
            assertThat(o.path("type").asText())
                    .as(where)
                    .isIn("index-pattern", "lens", "dashboard");
            assertThat(o.path("id").asText()).as(where).matches("[a-z0-9-]+");
            assertThat(keys.add(where)).as("unique " + where).isTrue();
            assertThat(o.path("attributes").isObject()).as(where + " attributes").isTrue();
            assertThat(o.path("references").isArray()).as(where + " references").isTrue();
            assertThat(o.path("coreMigrationVersion").asText()).as(where).isEqualTo("8.8.0");
            assertThat(o.path("typeMigrationVersion").asText())
                    .as(where)
                    .matches("\\d+\\.\\d+\\.\\d+");
            assertThat(o.has("managed") && !o.get("managed").asBoolean())
                    .as(where + " managed false")
                    .isTrue();
            for (JsonNode r : o.get("references")) {
                assertThat(r.path("name").asText()).as(where + " reference name").isNotBlank();
                assertThat(r.path("type").asText()).as(where + " reference type").isNotBlank();
                assertThat(r.path("id").asText()).as(where + " reference id").isNotBlank();
                assertThat(objects.find(r.get("type").asText(), r.get("id").asText()))
                        .as(where + " references " + r + ", which is in the file")
                        .isPresent();
            }
        }
    }

    @Test
    void dataViewsNameTheIndicesAndTheirTimeFields() {
        List<ObjectNode> views = objects.ofType("index-pattern");
        assertThat(views)
                .extracting(v -> v.at("/attributes/title").asText())
                .containsExactlyInAnyOrder(
                        "kizashi-alerts", "kizashi-scores", "kizashi-journeys", "kizashi-outcomes");
        for (ObjectNode v : views) {
            JsonNode a = v.get("attributes");
            assertThat(a.path("name").asText()).isNotBlank();
            String tf = a.path("timeFieldName").asText();
            String type =
                    Templates.fieldTypes(Templates.templateFor(a.path("title").asText())).get(tf);
            assertThat(type).as("time field " + tf + " of " + v.get("id")).isEqualTo("date");
            for (String json :
                    List.of(
                            "fields",
                            "fieldAttrs",
                            "fieldFormatMap",
                            "runtimeFieldMap",
                            "sourceFilters")) {
                assertThat(a.path(json).isTextual()).as(json + " is a JSON string").isTrue();
                SavedObjects.parseEmbedded(a.get(json));
            }
            assertThat(a.path("runtimeFieldMap").asText())
                    .as("no runtime fields: the node has no painless")
                    .isEqualTo("{}");
        }
    }

    @Test
    void lensObjectsAreCompleteFormBasedVisualizations() {
        List<ObjectNode> lenses = objects.ofType("lens");
        assertThat(lenses).hasSizeGreaterThanOrEqualTo(7);
        for (ObjectNode l : lenses) {
            String id = l.get("id").asText();
            JsonNode a = l.get("attributes");
            assertThat(a.path("title").asText()).as(id).isNotBlank();
            assertThat(a.path("visualizationType").asText()).as(id).isIn(LENS_TYPES);
            JsonNode state = a.path("state");
            assertThat(state.path("query").path("language").asText()).as(id).isEqualTo("kuery");
            assertThat(state.path("filters").isArray()).as(id).isTrue();
            JsonNode layers = state.at("/datasourceStates/formBased/layers");
            assertThat(layers.size()).as(id + " layers").isPositive();
            Set<String> allColumns = new HashSet<>();
            Iterator<Map.Entry<String, JsonNode>> it = layers.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String dv = LensQuery.dataViewOf(l, e.getKey());
                assertThat(dv)
                        .as(id + " layer " + e.getKey() + " references a data view")
                        .isNotNull();
                assertThat(objects.find("index-pattern", dv))
                        .as(id + " data view " + dv)
                        .isPresent();
                JsonNode cols = e.getValue().path("columns");
                List<String> order = new ArrayList<>();
                e.getValue().path("columnOrder").forEach(n -> order.add(n.asText()));
                assertThat(order).as(id + " columnOrder").isNotEmpty();
                Set<String> names = new HashSet<>();
                cols.fieldNames().forEachRemaining(names::add);
                assertThat(names)
                        .as(id + " columns == columnOrder")
                        .containsExactlyInAnyOrderElementsOf(order);
                allColumns.addAll(names);
                for (String c : order) {
                    JsonNode col = cols.get(c);
                    assertThat(col.path("operationType").asText()).as(id + "/" + c).isNotBlank();
                    assertThat(col.path("label").asText()).as(id + "/" + c).isNotBlank();
                    assertThat(col.path("dataType").asText()).as(id + "/" + c).isNotBlank();
                    assertThat(col.has("isBucketed")).as(id + "/" + c).isTrue();
                    for (JsonNode ref : col.path("references")) {
                        assertThat(names).as(id + "/" + c + " references").contains(ref.asText());
                    }
                    if (col.path("params").has("orderBy")
                            && "column".equals(col.at("/params/orderBy/type").asText())) {
                        assertThat(names).contains(col.at("/params/orderBy/columnId").asText());
                    }
                }
            }
            // every accessor the visualization names is a column
            for (String acc : accessors(state.path("visualization"))) {
                assertThat(allColumns).as(id + " accessor " + acc).contains(acc);
            }
        }
    }

    private static List<String> accessors(JsonNode vis) {
        List<String> out = new ArrayList<>();
        collectAccessors(vis, out);
        return out;
    }

    private static void collectAccessors(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields()
                    .forEachRemaining(
                            e -> {
                                String k = e.getKey();
                                if ((k.endsWith("Accessor") || k.equals("columnId"))
                                        && e.getValue().isTextual()) {
                                    out.add(e.getValue().asText());
                                } else if (k.equals("accessors")) {
                                    e.getValue().forEach(a -> out.add(a.asText()));
                                } else if (!k.equals("palette")) {
                                    collectAccessors(e.getValue(), out);
                                }
                            });
        } else if (n.isArray()) {
            n.forEach(c -> collectAccessors(c, out));
        }
    }

    @Test
    void dashboardPanelsReferenceTheLensObjects() {
        ObjectNode d =
                objects.find("dashboard", SavedObjects.DASHBOARD_ID)
                        .orElseThrow(() -> new AssertionError("dashboard missing"));
        JsonNode a = d.get("attributes");
        assertThat(a.path("title").asText()).isEqualTo("解約予兆ダッシュボード");
        SavedObjects.parseEmbedded(a.get("optionsJSON"));
        SavedObjects.parseEmbedded(a.at("/kibanaSavedObjectMeta/searchSourceJSON"));
        JsonNode panels = SavedObjects.parseEmbedded(a.get("panelsJSON"));
        assertThat(panels.size()).isEqualTo(objects.ofType("lens").size());
        Set<String> lensIds = new HashSet<>();
        boolean[][] grid = new boolean[200][48];
        for (JsonNode p : panels) {
            String idx = p.path("panelIndex").asText();
            assertThat(p.path("type").asText()).isEqualTo("lens");
            assertThat(p.at("/gridData/i").asText()).isEqualTo(idx);
            String refName = idx + ":" + p.path("panelRefName").asText();
            JsonNode ref = null;
            for (JsonNode r : d.get("references")) {
                if (r.path("name").asText().equals(refName)) {
                    ref = r;
                }
            }
            assertThat(ref).as("reference " + refName).isNotNull();
            assertThat(ref.path("type").asText()).isEqualTo("lens");
            lensIds.add(ref.path("id").asText());
            int x = p.at("/gridData/x").asInt(), y = p.at("/gridData/y").asInt();
            int w = p.at("/gridData/w").asInt(), h = p.at("/gridData/h").asInt();
            assertThat(x + w).as(idx + " fits 48 columns").isLessThanOrEqualTo(48);
            assertThat(w).isPositive();
            assertThat(h).isPositive();
            for (int r = y; r < y + h; r++) {
                for (int c = x; c < x + w; c++) {
                    assertThat(grid[r][c])
                            .as(idx + " overlaps another panel at " + c + "," + r)
                            .isFalse();
                    grid[r][c] = true;
                }
            }
        }
        assertThat(lensIds)
                .containsExactlyInAnyOrderElementsOf(
                        objects.ofType("lens").stream().map(o -> o.get("id").asText()).toList());
    }

    @Test
    void fileIsInTheNormalisedFormExportWrites() throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        objects.all().stream()
                .sorted(
                        (x, y) -> {
                            int c = x.get("type").asText().compareTo(y.get("type").asText());
                            return c != 0
                                    ? c
                                    : x.get("id").asText().compareTo(y.get("id").asText());
                        })
                .forEach(o -> expected.add(sorted(o).toString()));
        assertThat(lines).containsExactlyElementsOf(expected);
        for (ObjectNode o : objects.all()) {
            assertThat(o.has("updated_at") || o.has("version") || o.has("namespaces"))
                    .as("volatile fields are dropped")
                    .isFalse();
        }
    }

    static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
            ObjectNode o = MAPPER.createObjectNode();
            m.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            var arr = MAPPER.createArrayNode();
            n.forEach(c -> arr.add(sorted(c)));
            return arr;
        }
        return n;
    }
}
