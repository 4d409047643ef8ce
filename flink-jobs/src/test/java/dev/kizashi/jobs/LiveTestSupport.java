package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.connectors.elasticsearch.ElasticsearchSetup;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import dev.kizashi.connectors.kafka.EventProducer;
import dev.kizashi.connectors.kafka.KafkaSettings;
import dev.kizashi.connectors.kafka.KafkaTopics;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.wire.EventCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Topics, generated events, read_committed reads and index reads of the live-wiring ITCases. */
final class LiveTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final EventCodec CODEC = new EventCodec();

    private LiveTestSupport() {}

    /** Topics, group and transactional ids of one run, read from the earliest offsets. */
    static KafkaSettings settings(String bootstrap, String run, boolean bounded) {
        return KafkaSettings.builder(bootstrap)
                .eventsTopic(run + ".events")
                .alertsTopic(run + ".alerts")
                .scoresTopic(run + ".scores")
                .deadLettersTopic(run + ".dead-letters")
                .controlTopic(run + ".control")
                .outcomesTopic(run + ".outcomes")
                .journeysTopic(run + ".journeys")
                .groupId(run)
                .transactionalIdPrefix(run)
                .startingOffsets(KafkaSettings.StartingOffsets.EARLIEST)
                .bounded(bounded)
                .build();
    }

    static List<String> generatedLines(int customers, int days, long seed, double badLineRate) {
        SubscriptionGenerator gen =
                new SubscriptionGenerator(
                        GeneratorConfig.of(customers, days, seed).withBadLineRate(badLineRate));
        List<String> lines = new ArrayList<>();
        for (Iterator<String> it = gen.lines(CODEC::encode); it.hasNext(); ) {
            lines.add(it.next());
        }
        return lines;
    }

    /** Sends {@code lines} to the events topic at about {@code ratePerSecond} (0: at once). */
    static void produce(KafkaSettings s, List<String> lines, double ratePerSecond) {
        try (EventProducer producer = new EventProducer(s)) {
            EventProducer.Counts c = producer.produce(lines.iterator(), ratePerSecond);
            assertThat(c.failed()).as(c.firstError()).isZero();
        }
    }

    static void createTopics(KafkaSettings s) throws Exception {
        try (Admin admin = Admin.create(s.clientProperties())) {
            KafkaTopics.create(admin, s, 2, (short) 1);
        }
    }

    static Properties consumerProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    /** Everything committed in {@code topic} now, read with isolation.level=read_committed. */
    static List<ConsumerRecord<String, String>> readCommitted(String bootstrap, String topic) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProperties(bootstrap))) {
            List<TopicPartition> parts =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(s, e);
        }
    }

    /**
     * Every document of {@code index} (an index, alias or pattern; none yet: empty), by id, paged
     * in {@code sortField} order.
     */
    static Map<String, ObjectNode> documents(
            ElasticsearchClient client, String index, String... sortFields) throws IOException {
        if (!client.indices().exists(e -> e.index(index)).value()) {
            return Map.of();
        }
        // An index the indexer has just created may not have its shard yet (searches answer 503),
        // and Elasticsearch calls a new index's initializing primary yellow: wait for it to start.
        client.cluster()
                .health(
                        h ->
                                h.index(index)
                                        .waitForStatus(HealthStatus.Yellow)
                                        .waitForNoInitializingShards(true)
                                        .timeout(t -> t.time("60s")));
        client.indices().refresh(r -> r.index(index).allowNoIndices(true).ignoreUnavailable(true));
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            SearchResponse<ObjectNode> page =
                    client.search(
                            s -> {
                                s.index(index)
                                        .allowNoIndices(true)
                                        .ignoreUnavailable(true)
                                        .size(2000);
                                // search_after pages need a total order: the fields must be unique
                                for (String field : sortFields) {
                                    s.sort(o -> o.field(f -> f.field(field).order(SortOrder.Asc)));
                                }
                                if (from != null) {
                                    s.searchAfter(from);
                                }
                                return s;
                            },
                            ObjectNode.class);
            List<Hit<ObjectNode>> hits = page.hits().hits();
            for (Hit<ObjectNode> h : hits) {
                ObjectNode previous = out.put(h.id(), h.source());
                assertThat(previous).as("document %s seen twice in %s", h.id(), index).isNull();
            }
            if (hits.size() < 2000) {
                return out;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /** Deletes the run's indices and templates (names are unique per run: best effort). */
    static void deleteIndices(ElasticsearchClient client, KizashiIndices indices) {
        try {
            client.indices().delete(d -> d.index(indices.allIndicesPattern()).allowNoIndices(true));
            for (ElasticsearchSetup.Template t : ElasticsearchSetup.Template.values()) {
                String name = t.templateName(indices);
                if (client.indices().existsIndexTemplate(e -> e.name(name)).value()) {
                    client.indices().deleteIndexTemplate(d -> d.name(name));
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
