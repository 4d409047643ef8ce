package dev.kizashi.connectors.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the project's topics (the brokers may not auto-create topics). */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * Creates the events, alerts, scores, dead-letters, control, outcomes and journeys topics of
     * {@code settings} that do not exist yet (existing ones are left as they are). The scores topic
     * gets {@code cleanup.policy=compact}: it is a changelog of each customer's latest score. The
     * outcomes and journeys topics are not compacted: their key, the customer, has many records.
     *
     * @return the names of the topics this call created
     */
    public static List<String> create(
            Admin admin, KafkaSettings settings, int partitions, short replication)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Map<String, String>> topics = new LinkedHashMap<>();
        topics.put(settings.eventsTopic(), Map.of());
        topics.put(settings.alertsTopic(), Map.of());
        topics.put(
                settings.scoresTopic(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        topics.put(settings.deadLettersTopic(), Map.of());
        topics.put(settings.controlTopic(), Map.of());
        topics.put(settings.outcomesTopic(), Map.of());
        topics.put(settings.journeysTopic(), Map.of());
        List<NewTopic> wanted = new ArrayList<>();
        topics.forEach(
                (name, config) ->
                        wanted.add(new NewTopic(name, partitions, replication).configs(config)));
        CreateTopicsResult result = admin.createTopics(wanted);
        List<NewTopic> fresh = new ArrayList<>();
        for (NewTopic t : wanted) {
            try {
                result.values().get(t.name()).get(60, TimeUnit.SECONDS);
                fresh.add(t);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitServed(admin, fresh);
        return fresh.stream().map(NewTopic::name).toList();
    }

    /**
     * Returns once the leader of every partition serves it. The controller names a new partition's
     * leader before that broker has loaded its log, and an idempotent producer writing in that gap
     * can have its first batch refused as out of order after later ones got in (then it expires).
     * Listing offsets is answered by the leader only once the log is loaded (the admin client
     * retries until then).
     */
    public static void awaitServed(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (NewTopic t : topics) {
            for (int p = 0; p < t.numPartitions(); p++) {
                latest.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
            }
        }
        admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS);
    }
}
