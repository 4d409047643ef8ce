package dev.kizashi.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.stack.LocalStack;
import dev.kizashi.wire.OutputJson;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Index templates against the real node: idempotent install, strict mappings, live field types. */
class ElasticsearchSetupITCase {
    private static final KizashiIndices INDICES =
            new KizashiIndices(EsTestData.uniquePrefix("setup"));
    private static ElasticsearchClientSettings settings;
    private static ElasticsearchClient client;

    @BeforeAll
    static void connect() {
        settings = ElasticsearchClientSettings.of(LocalStack.elasticsearchUrl());
        client = settings.createClient();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        EsTestData.cleanUp(client, INDICES);
        client.close();
    }

    @Test
    void installsTwiceAndMappingsAreStrictAndMatchTheTemplates() throws Exception {
        List<String> first = ElasticsearchSetup.install(settings, 0, INDICES);
        List<String> second = ElasticsearchSetup.install(settings, 0, INDICES);
        assertThat(first).contains("index " + INDICES.scoresIndex() + " created");
        assertThat(second).contains("index " + INDICES.scoresIndex() + " exists");
        assertThat(first).contains("index " + INDICES.outcomesIndex() + " created");
        assertThat(second).contains("index " + INDICES.outcomesIndex() + " exists");
        assertThat(
                        client.indices()
                                .existsIndexTemplate(e -> e.name(INDICES.prefix() + "-alerts"))
                                .value())
                .isTrue();
        // no empty alerts index of the wall-clock month: a month's index comes with its first alert
        assertThat(
                        client.indices()
                                .get(g -> g.index(INDICES.alertsPattern()).allowNoIndices(true))
                                .indices())
                .isEmpty();

        // a valid alert is accepted through the monthly index, an unknown field is rejected
        Alert a = EsTestData.alert(1);
        String index = INDICES.alertsIndex(a.eventTime());
        client.index(
                i ->
                        i.index(index)
                                .id(a.alertId())
                                .document(
                                        BinaryData.of(
                                                ElasticsearchSink.JsonBytes.of(
                                                        OutputJson.alertNode(a)),
                                                ContentType.APPLICATION_JSON)));
        ObjectNode bad = OutputJson.alertNode(EsTestData.alert(2)).put("surprise", "x");
        assertThatThrownBy(
                        () ->
                                client.index(
                                        i ->
                                                i.index(index)
                                                        .id("bad")
                                                        .document(
                                                                BinaryData.of(
                                                                        ElasticsearchSink.JsonBytes
                                                                                .of(bad),
                                                                        ContentType
                                                                                .APPLICATION_JSON))))
                .isInstanceOf(ElasticsearchException.class)
                .hasMessageContaining("strict_dynamic_mapping_exception")
                .hasMessageContaining("surprise");

        // the month's first alert created its index, and the template put it behind the alias
        assertThat(client.indices().getAlias(g -> g.name(INDICES.alertsAlias())).aliases())
                .containsOnlyKeys(index);

        // live mapping field types == template field types, for every template
        assertLiveMappingMatches(ElasticsearchSetup.Template.ALERTS, index);
        String scores = INDICES.scoresIndex();
        assertLiveMappingMatches(ElasticsearchSetup.Template.SCORES, scores);
        assertLiveMappingMatches(ElasticsearchSetup.Template.OUTCOMES, INDICES.outcomesIndex());
        // an outcome with every field, as the job writes it, is accepted
        var outcome = EsTestData.outcome(3);
        client.index(
                i ->
                        i.index(INDICES.outcomesIndex())
                                .id(outcome.episodeId())
                                .document(
                                        BinaryData.of(
                                                ElasticsearchSink.JsonBytes.of(
                                                        OutputJson.outcomeNode(outcome)),
                                                ContentType.APPLICATION_JSON)));
        String history = INDICES.scoreHistoryIndex(EsTestData.T0);
        client.indices().create(c -> c.index(history));
        assertLiveMappingMatches(ElasticsearchSetup.Template.SCORE_HISTORY, history);
        assertThat(client.indices().getAlias(g -> g.name(INDICES.scoreHistoryAlias())).aliases())
                .containsKey(history);
        assertThat(
                        client.indices()
                                .getSettings(g -> g.index(history))
                                .get(history)
                                .settings()
                                .index()
                                .numberOfReplicas())
                .isEqualTo("0");
    }

    private static void assertLiveMappingMatches(ElasticsearchSetup.Template t, String index)
            throws Exception {
        ObjectNode template = ElasticsearchSetup.template(t, 0, INDICES);
        Map<String, String> expected = new TreeMap<>();
        collect("", template.at("/template/mappings/properties"), expected);
        TypeMapping live = client.indices().getMapping(g -> g.index(index)).get(index).mappings();
        Map<String, String> actual = new TreeMap<>();
        collect("", live.properties(), actual);
        assertThat(actual).as("live mapping of %s", index).isEqualTo(expected);
        assertThat(live.dynamic().jsonValue()).isEqualTo("strict");
    }

    private static void collect(String path, JsonNode properties, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (e.getValue().has("properties")) {
                collect(p, e.getValue().get("properties"), out);
            } else {
                out.put(p, e.getValue().get("type").asText());
            }
        }
    }

    private static void collect(
            String path, Map<String, Property> properties, Map<String, String> out) {
        for (Map.Entry<String, Property> e : properties.entrySet()) {
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            Property prop = e.getValue();
            if (prop.isObject()) {
                collect(p, prop.object().properties(), out);
            } else if (prop.isNested()) {
                collect(p, prop.nested().properties(), out);
            } else {
                out.put(p, prop._kind().jsonValue());
            }
        }
    }
}
