package dev.kizashi.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kibana saved objects that ship in {@code dashboards/saved-objects/kizashi.ndjson}: one JSON
 * object per line, sorted by type and id (the form {@code kibana.sh export} writes back).
 */
public final class SavedObjects {
    /** Where the file lives, relative to the repository root. */
    public static final String FILE = "dashboards/saved-objects/kizashi.ndjson";

    public static final String DASHBOARD_ID = "kizashi-churn-early-warning";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<ObjectNode> objects;

    private SavedObjects(List<ObjectNode> objects) {
        this.objects = List.copyOf(objects);
    }

    public static SavedObjects read(Path file) {
        try {
            List<ObjectNode> out = new ArrayList<>();
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            file + ":" + lineNo + ": not JSON: " + e.getMessage(), e);
                }
                if (!(n instanceof ObjectNode o)) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": not an object");
                }
                out.add(o);
            }
            return new SavedObjects(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The shipped file, found from the working directory upwards. */
    public static Path locate() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve(FILE);
            if (Files.isRegularFile(f)) {
                return f;
            }
            p = p.getParent();
        }
        throw new IllegalStateException(FILE + " not found above " + Path.of("").toAbsolutePath());
    }

    public List<ObjectNode> all() {
        return objects;
    }

    public List<ObjectNode> ofType(String type) {
        return objects.stream().filter(o -> type.equals(o.path("type").asText())).toList();
    }

    public Optional<ObjectNode> find(String type, String id) {
        return objects.stream()
                .filter(o -> type.equals(o.path("type").asText()))
                .filter(o -> id.equals(o.path("id").asText()))
                .findFirst();
    }

    /** A JSON-encoded string attribute (panelsJSON, searchSourceJSON, ...) parsed. */
    public static JsonNode parseEmbedded(JsonNode stringNode) {
        try {
            return MAPPER.readTree(stringNode.asText());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "embedded JSON does not parse: " + e.getMessage(), e);
        }
    }
}
