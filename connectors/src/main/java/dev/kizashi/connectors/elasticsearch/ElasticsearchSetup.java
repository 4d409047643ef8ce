package dev.kizashi.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Installs Kizashi's index templates and the scores and outcomes indices, idempotently: at job
 * start and from a {@code kizashi es init} command.
 *
 * <p>The templates ship as resources {@code /elasticsearch/kizashi-alerts.index-template.json},
 * {@code kizashi-scores.index-template.json}, {@code kizashi-score-history.index-template.json},
 * {@code kizashi-outcomes.index-template.json} and {@code kizashi-journeys.index-template.json}.
 * Their mappings are {@code dynamic: strict}: a document with a field the template does not know is
 * rejected (and the sink fails the job naming it) instead of silently growing or hiding fields, so
 * {@code OutputJson}, the templates and the dashboards cannot drift apart unnoticed. Because {@link
 * #install} also pushes the template mappings onto existing indices, adding a field to {@code
 * OutputJson} and to the template is enough: the next job start updates the live indices first.
 */
public final class ElasticsearchSetup {
    public static final String RESOURCE_DIR = "elasticsearch/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The templates, by name suffix (the template name is {@code <prefix>-<suffix>}). */
    public enum Template {
        ALERTS("alerts"),
        SCORES("scores"),
        SCORE_HISTORY("score-history"),
        /** Episode outcomes (one index: an episode's outcome is written once). */
        OUTCOMES("outcomes"),
        /** Customer journeys (monthly indices behind an alias, like the alerts). */
        JOURNEYS("journeys");

        private final String suffix;

        Template(String suffix) {
            this.suffix = suffix;
        }

        public String resource() {
            return RESOURCE_DIR
                    + KizashiIndices.DEFAULT_PREFIX
                    + "-"
                    + suffix
                    + ".index-template.json";
        }

        public String templateName(KizashiIndices indices) {
            return indices.prefix() + "-" + suffix;
        }
    }

    private ElasticsearchSetup() {}

    /** Installs under the standard {@code kizashi} prefix; returns what it did, one line each. */
    public static List<String> install(ElasticsearchClientSettings settings, int replicas) {
        return install(settings, replicas, KizashiIndices.standard());
    }

    public static List<String> install(
            ElasticsearchClientSettings settings, int replicas, KizashiIndices indices) {
        try (ElasticsearchClient client = settings.createClient()) {
            return install(client, replicas, indices);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch setup failed at " + settings.hosts(), e);
        }
    }

    public static List<String> install(
            ElasticsearchClient client, int replicas, KizashiIndices indices) throws IOException {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0");
        }
        List<String> done = new ArrayList<>();
        // GET / answers 405 on some builds: cluster health is the connectivity check
        var health =
                client.cluster()
                        .health(
                                h ->
                                        h.waitForStatus(HealthStatus.Yellow)
                                                .timeout(t -> t.time("30s")));
        done.add("cluster " + health.clusterName() + " is " + health.status().jsonValue());
        for (Template t : Template.values()) {
            ObjectNode body = template(t, replicas, indices);
            String name = t.templateName(indices);
            client.indices()
                    .putIndexTemplate(
                            r -> r.name(name).withJson(new StringReader(body.toString())));
            done.add("index template " + name + " installed");
            // bring existing indices up to date: additive mapping changes and the replica count
            String pattern = body.get("index_patterns").get(0).asText();
            if (pattern.contains("*") || client.indices().exists(e -> e.index(pattern)).value()) {
                String mappings = body.get("template").get("mappings").toString();
                client.indices()
                        .putMapping(
                                r ->
                                        r.index(pattern)
                                                .allowNoIndices(true)
                                                .withJson(new StringReader(mappings)));
                client.indices()
                        .putSettings(
                                r ->
                                        r.index(pattern)
                                                .allowNoIndices(true)
                                                .settings(
                                                        s ->
                                                                s.numberOfReplicas(
                                                                        Integer.toString(
                                                                                replicas))));
            }
        }
        // Only the fixed indices. A monthly alerts index is created by its month's first alert
        // (the template gives it the alias): creating the wall-clock month here would leave an
        // empty index behind for a replay of other months.
        done.add(createIfMissing(client, indices.scoresIndex()));
        done.add(createIfMissing(client, indices.outcomesIndex()));
        return done;
    }

    private static String createIfMissing(ElasticsearchClient client, String index)
            throws IOException {
        if (client.indices().exists(e -> e.index(index)).value()) {
            return "index " + index + " exists";
        }
        try {
            client.indices().create(c -> c.index(index));
            return "index " + index + " created";
        } catch (ElasticsearchException e) {
            if (e.error() != null && "resource_already_exists_exception".equals(e.error().type())) {
                return "index " + index + " exists";
            }
            throw e;
        }
    }

    /**
     * The body of one index template for a prefix and replica count: the shipped resource with
     * {@code kizashi-} in index patterns and aliases replaced by {@code <prefix>-}.
     */
    public static ObjectNode template(Template t, int replicas, KizashiIndices indices) {
        ObjectNode body = load(t.resource());
        String from = KizashiIndices.DEFAULT_PREFIX + "-";
        String to = indices.prefix() + "-";
        ArrayNode patterns = MAPPER.createArrayNode();
        for (JsonNode p : body.get("index_patterns")) {
            patterns.add(rename(p.asText(), from, to));
        }
        body.set("index_patterns", patterns);
        ObjectNode template = (ObjectNode) body.get("template");
        ((ObjectNode) template.get("settings")).put("number_of_replicas", replicas);
        JsonNode aliases = template.get("aliases");
        if (aliases != null) {
            ObjectNode renamed = MAPPER.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = aliases.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                renamed.set(rename(e.getKey(), from, to), e.getValue());
            }
            template.set("aliases", renamed);
        }
        return body;
    }

    private static String rename(String name, String from, String to) {
        return name.startsWith(from) ? to + name.substring(from.length()) : name;
    }

    private static ObjectNode load(String resource) {
        ClassLoader cl = ElasticsearchSetup.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing");
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
