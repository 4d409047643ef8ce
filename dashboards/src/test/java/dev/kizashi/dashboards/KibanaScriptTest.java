package dev.kizashi.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dashboards/kibana.sh} against a tiny HTTP server standing in for Kibana: the requests it
 * sends (path, space, headers, multipart body, export body) and what it writes back.
 */
class KibanaScriptTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Recorded(
            String method,
            String path,
            String query,
            Map<String, List<String>> headers,
            byte[] body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String response = "{}";
    private final Path ndjson = SavedObjects.locate();
    private final Path script = ndjson.getParent().getParent().resolve("kibana.sh");

    @TempDir Path tmp;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    requests.add(
                            new Recorded(
                                    ex.getRequestMethod(),
                                    ex.getRequestURI().getPath(),
                                    ex.getRequestURI().getQuery(),
                                    Map.copyOf(ex.getRequestHeaders()),
                                    body));
                    byte[] out = response.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(status, out.length);
                    ex.getResponseBody().write(out);
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("KIBANA_API_KEY");
        pb.environment().remove("KIBANA_USERNAME");
        pb.environment().remove("KIBANA_URL");
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("out.log").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println(Files.readString(tmp.resolve("out.log")));
        return p.exitValue();
    }

    @Test
    void loadImportsTheFileWithOverwriteIntoTheSpaceAndIsRepeatable() throws Exception {
        response = "{\"success\":true,\"successCount\":11,\"successResults\":[]}";
        for (int i = 0; i < 2; i++) {
            assertThat(
                            run(
                                    Map.of("KIBANA_API_KEY", "c2VjcmV0OmtleQ=="),
                                    "load",
                                    "--kibana",
                                    url() + "/",
                                    "--space",
                                    "analytics"))
                    .isZero();
        }
        assertThat(requests).hasSize(2);
        Recorded r = requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/s/analytics/api/saved_objects/_import");
        assertThat(r.query()).isEqualTo("overwrite=true");
        assertThat(r.header("kbn-xsrf")).isNotBlank();
        assertThat(r.header("Authorization")).isEqualTo("ApiKey c2VjcmV0OmtleQ==");
        String ct = r.header("Content-Type");
        assertThat(ct).startsWith("multipart/form-data; boundary=");
        String body = r.bodyText();
        assertThat(body)
                .contains(
                        "Content-Disposition: form-data; name=\"file\"; filename=\"kizashi.ndjson\"");
        assertThat(body).contains("Content-Type: application/ndjson");
        assertThat(body).contains(Files.readString(ndjson, StandardCharsets.UTF_8));
        // the same request again: overwrite=true makes the import idempotent on Kibana's side
        assertThat(requests.get(1).bodyText().replaceAll("-{2,}[-\\w]+", "B"))
                .isEqualTo(body.replaceAll("-{2,}[-\\w]+", "B"));
    }

    @Test
    void loadIntoTheDefaultSpaceUsesBasicAuthFromTheEnvironment() throws Exception {
        response = "{\"success\":true,\"successCount\":11}";
        assertThat(
                        run(
                                Map.of(
                                        "KIBANA_USERNAME",
                                        "elastic",
                                        "KIBANA_PASSWORD",
                                        "pw",
                                        "KIBANA_URL",
                                        url()),
                                "load"))
                .isZero();
        Recorded r = requests.get(0);
        assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
        assertThat(r.header("Authorization")).isEqualTo("Basic ZWxhc3RpYzpwdw==");
    }

    @Test
    void loadFailsWhenKibanaReportsErrors() throws Exception {
        response =
                "{\"success\":false,\"successCount\":10,\"errors\":[{\"id\":\"x\",\"type\":\"lens\",\"error\":{\"type\":\"missing_references\"}}]}";
        assertThat(run(Map.of(), "load", "--kibana", url())).isNotZero();
        status = 403;
        response = "{\"statusCode\":403,\"error\":\"Forbidden\"}";
        assertThat(run(Map.of(), "load", "--kibana", url())).isNotZero();
    }

    @Test
    void rejectsBadArguments() throws Exception {
        assertThat(run(Map.of(), "load")).isNotZero();
        assertThat(run(Map.of(), "load", "--kibana", "http://user:pw@127.0.0.1:1")).isNotZero();
        assertThat(run(Map.of(), "load", "--kibana", url(), "--space", "../x")).isNotZero();
        assertThat(run(Map.of(), "delete", "--kibana", url())).isNotZero();
        assertThat(requests).isEmpty();
    }

    @Test
    void exportRequestsTheDashboardDeepAndWritesTheNormalisedFile() throws Exception {
        // what Kibana sends back: objects in any order and key order, with volatile fields and the
        // export summary line
        List<String> lines = new ArrayList<>();
        Random rnd = new Random(1);
        for (String line : Files.readAllLines(ndjson, StandardCharsets.UTF_8)) {
            ObjectNode o = (ObjectNode) MAPPER.readTree(line);
            ObjectNode shuffled = MAPPER.createObjectNode();
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            Collections.shuffle(keys, rnd);
            keys.forEach(k -> shuffled.set(k, o.get(k)));
            shuffled.put("updated_at", "2026-11-23T09:00:00.000Z");
            shuffled.put("created_at", "2026-11-23T08:00:00.000Z");
            shuffled.put("version", "WzEyLDFd");
            shuffled.putArray("namespaces").add("analytics");
            lines.add(shuffled.toString());
        }
        Collections.shuffle(lines, rnd);
        lines.add(
                "{\"excludedObjects\":[],\"excludedObjectsCount\":0,\"exportedCount\":"
                        + (lines.size())
                        + ",\"missingRefCount\":0,\"missingReferences\":[]}");
        response = String.join("\n", lines) + "\n";
        Path out = tmp.resolve("exported.ndjson");

        assertThat(
                        run(
                                Map.of("KIBANA_API_KEY", "k"),
                                "export",
                                "--kibana",
                                url(),
                                "--space",
                                "analytics",
                                "--file",
                                out.toString()))
                .isZero();

        Recorded r = requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/s/analytics/api/saved_objects/_export");
        assertThat(r.header("kbn-xsrf")).isNotBlank();
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonNode req = MAPPER.readTree(r.body());
        assertThat(req.path("includeReferencesDeep").asBoolean()).isTrue();
        assertThat(req.at("/objects/0/type").asText()).isEqualTo("dashboard");
        assertThat(req.at("/objects/0/id").asText()).isEqualTo(SavedObjects.DASHBOARD_ID);
        // round trip: byte for byte the file in the repository
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(ndjson, StandardCharsets.UTF_8));
    }

    @Test
    void exportFailsOnMissingReferencesAndLeavesTheFileAlone() throws Exception {
        Path out = tmp.resolve("kept.ndjson");
        Files.writeString(out, "old\n");
        response =
                "{\"exportedCount\":1,\"missingRefCount\":1,\"missingReferences\":[{\"id\":\"x\",\"type\":\"lens\"}]}\n";
        assertThat(run(Map.of(), "export", "--kibana", url(), "--file", out.toString()))
                .isNotZero();
        assertThat(Files.readString(out)).isEqualTo("old\n");
    }
}
