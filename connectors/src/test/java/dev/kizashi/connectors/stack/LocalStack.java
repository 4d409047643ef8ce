package dev.kizashi.connectors.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Kafka broker and Elasticsearch node that integration tests talk to, started through the
 * project's own {@code stack/stack.sh} on test ports (so a developer's own stack on the default
 * ports is left alone). Each server is started at most once per test JVM and stopped when the JVM
 * exits, unless it was already running or {@code KIZASHI_TEST_STACK_KEEP=true}.
 */
public final class LocalStack {
    public static final int KAFKA_PORT = intEnv("KIZASHI_TEST_KAFKA_PORT", 19092);
    public static final int KAFKA_CONTROLLER_PORT = KAFKA_PORT + 1;
    public static final int ES_PORT = intEnv("KIZASHI_TEST_ES_PORT", 19200);

    private static boolean kafkaUp;
    private static boolean esUp;

    private LocalStack() {}

    /** Bootstrap servers of a running test broker; starts it on first use. */
    public static synchronized String kafkaBootstrap() {
        if (!kafkaUp) {
            ensureUp("kafka");
            kafkaUp = true;
        }
        return "127.0.0.1:" + KAFKA_PORT;
    }

    /** URL of a running test Elasticsearch node; starts it on first use. */
    public static synchronized String elasticsearchUrl() {
        if (!esUp) {
            ensureUp("es");
            esUp = true;
        }
        return "http://127.0.0.1:" + ES_PORT;
    }

    /** Stops or starts one server, e.g. to test an outage; blocks until done. */
    public static void stop(String server) {
        run("down", server);
    }

    public static void start(String server) {
        run("up", server);
    }

    /**
     * Stops the test Elasticsearch node, as an outage: {@code stack.sh down --only es} (TERM, then
     * KILL after a timeout), leaving Kafka and the node's data directory alone; blocks until the
     * process is gone.
     */
    public static synchronized void stopElasticsearch() {
        elasticsearchUrl(); // started first if a test stops it before using it
        stop("es");
    }

    /**
     * Starts the test Elasticsearch node again on the same port and data directory ({@code stack.sh
     * up --only es}), so it comes back with its indices; blocks until the cluster health is at
     * least yellow (every primary shard assigned).
     */
    public static synchronized void startElasticsearch() {
        start("es");
    }

    private static void ensureUp(String server) {
        boolean wasRunning = run("status", server, true) == 0;
        if (wasRunning) {
            return;
        }
        run("up", server);
        if (!"true".equalsIgnoreCase(System.getenv("KIZASHI_TEST_STACK_KEEP"))) {
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(() -> run("down", server, true), "stop-test-" + server));
        }
    }

    private static void run(String command, String server) {
        int code = run(command, server, false);
        if (code != 0) {
            throw new IllegalStateException(
                    "stack/stack.sh " + command + " --only " + server + " exited " + code);
        }
    }

    private static int run(String command, String server, boolean quiet) {
        Path repo = repoRoot();
        List<String> cmd = new ArrayList<>(List.of("bash", "stack/stack.sh", command));
        cmd.add("--only");
        cmd.add(server);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        Map<String, String> env = pb.environment();
        // Its own folder per test run if asked, so parallel checkouts' servers stay apart.
        String dir = System.getenv("KIZASHI_TEST_STACK_DIR");
        env.put(
                "KIZASHI_STACK_DIR",
                dir != null ? dir : repo.resolve(".work/test-stack").toString());
        env.put("KAFKA_PORT", Integer.toString(KAFKA_PORT));
        env.put("KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_CONTROLLER_PORT));
        env.put("ES_PORT", Integer.toString(ES_PORT));
        env.put("ES_TRANSPORT_PORT", (ES_PORT + 100) + "-" + (ES_PORT + 199));
        if (quiet) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.inheritIO();
        }
        try {
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run stack/stack.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The repository root: the nearest directory upwards that holds {@code stack/stack.sh}. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("stack/stack.sh"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException(
                "stack/stack.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
