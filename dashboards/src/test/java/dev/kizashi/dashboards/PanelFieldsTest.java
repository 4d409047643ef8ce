package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every field a panel uses exists in the shipped index template behind its data view, with a type
 * the operation can aggregate; fields not shipped yet must be declared in pending-fields.json (and
 * are reported).
 */
class PanelFieldsTest {
    private static final Set<String> NUMERIC =
            Set.of(
                    "long",
                    "integer",
                    "short",
                    "byte",
                    "double",
                    "float",
                    "half_float",
                    "scaled_float");

    private final SavedObjects objects = SavedObjects.read(SavedObjects.locate());

    static boolean compatible(String operation, String type) {
        return switch (operation) {
            case "terms" ->
                    type.equals("keyword") || type.equals("boolean") || NUMERIC.contains(type);
            case "date_histogram" -> type.equals("date");
            case "range", "sum", "average", "median" -> NUMERIC.contains(type);
            case "min", "max" -> NUMERIC.contains(type) || type.equals("date");
            case "unique_count" ->
                    type.equals("keyword")
                            || type.equals("date")
                            || type.equals("boolean")
                            || NUMERIC.contains(type);
            case "last_value" -> !type.equals("text") && !type.equals("object");
            case "kql" -> !type.equals("object");
            default -> false;
        };
    }

    private String dataViewTitle(String id) {
        return objects.find("index-pattern", id).orElseThrow().at("/attributes/title").asText();
    }

    /** (lens id, data view title, field, operation) for every field use. */
    private List<String[]> fieldUses() {
        List<String[]> out = new ArrayList<>();
        for (ObjectNode lens : objects.ofType("lens")) {
            String lensId = lens.get("id").asText();
            String viewForQuery = null;
            for (Map.Entry<String, List<LensQuery.Column>> e :
                    LensQuery.columnsByDataView(lens).entrySet()) {
                String title = dataViewTitle(e.getKey());
                viewForQuery = title;
                for (LensQuery.Column c : e.getValue()) {
                    if (c.sourceField() != null && !c.sourceField().equals("___records___")) {
                        out.add(new String[] {lensId, title, c.sourceField(), c.operationType()});
                    }
                    if (c.operationType().equals("last_value")) {
                        out.add(
                                new String[] {
                                    lensId,
                                    title,
                                    c.raw().at("/params/sortField").asText(),
                                    "date_histogram"
                                });
                    }
                }
            }
            for (String q : LensQuery.kqlFilters(lens)) {
                for (String f : LensQuery.kqlFields(q)) {
                    out.add(new String[] {lensId, viewForQuery, f, "kql"});
                }
            }
        }
        return out;
    }

    @Test
    void everyPanelFieldExistsWithACompatibleType() {
        Set<String> pendingUsed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String[] use : fieldUses()) {
            String lensId = use[0], view = use[1], field = use[2], op = use[3];
            Map<String, String> shipped = Templates.fieldTypes(Templates.templateFor(view));
            String type = shipped.get(field);
            if (type == null) {
                JsonNode pending =
                        Templates.pendingFields().getOrDefault(view, Map.of()).get(field);
                if (pending == null) {
                    problems.add(lensId + ": " + field + " is not in the " + view + " template");
                    continue;
                }
                type = pending.at("/mapping/type").asText();
                pendingUsed.add(view + "." + field + " (" + type + ")");
                List<String> panels = new ArrayList<>();
                pending.path("panels").forEach(p -> panels.add(p.asText()));
                if (!panels.contains(lensId)) {
                    problems.add(
                            lensId
                                    + " uses pending "
                                    + field
                                    + " but pending-fields.json does not list it");
                }
            }
            if (!compatible(op, type)) {
                problems.add(lensId + ": " + op + " on " + field + " of type " + type);
            }
        }
        assertThat(problems).isEmpty();
        System.out.println("panels waiting for fields the job does not write yet: " + pendingUsed);
    }

    @Test
    void pendingFieldsAreReallyMissingOrAlreadyMatchTheTemplate() {
        Templates.pendingFields()
                .forEach(
                        (view, fields) -> {
                            Map<String, String> shipped =
                                    Templates.fieldTypes(Templates.templateFor(view));
                            fields.forEach(
                                    (f, def) -> {
                                        String want = def.at("/mapping/type").asText();
                                        if (shipped.containsKey(f)) {
                                            // the lead added it: it must have the type the panels
                                            // expect
                                            assertThat(shipped.get(f))
                                                    .as(view + "." + f)
                                                    .isEqualTo(want);
                                        }
                                        assertThat(def.path("meaning").asText()).isNotBlank();
                                    });
                        });
    }

    @Test
    void typeRulesRejectWhatKibanaCannotAggregate() {
        assertThat(compatible("terms", "text")).isFalse();
        assertThat(compatible("date_histogram", "keyword")).isFalse();
        assertThat(compatible("range", "date")).isFalse();
        assertThat(compatible("max", "date")).isTrue();
        assertThat(compatible("terms", "keyword")).isTrue();
    }
}
