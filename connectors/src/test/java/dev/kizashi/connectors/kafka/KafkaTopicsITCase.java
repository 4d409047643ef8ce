package dev.kizashi.connectors.kafka;

import static dev.kizashi.connectors.kafka.KafkaTestSupport.admin;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.bootstrap;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.header;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.readAll;
import static dev.kizashi.connectors.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.connectors.elasticsearch.EsTestData;
import dev.kizashi.model.AlertKind;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.OutputJson;
import dev.kizashi.wire.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KafkaTopics#create} and the score, dead-letter, held-out alert and outcome sinks against
 * the real broker.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KafkaTopicsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void createsTheSevenTopicsOnceWithACompactedScoresTopicAndTheSinksWriteThem() throws Exception {
        String base = unique("it-topics");
        KafkaSettings settings =
                KafkaSettings.builder(bootstrap())
                        .eventsTopic(base + ".events")
                        .alertsTopic(base + ".alerts")
                        .scoresTopic(base + ".scores")
                        .deadLettersTopic(base + ".dead-letters")
                        .controlTopic(base + ".control")
                        .outcomesTopic(base + ".outcomes")
                        .journeysTopic(base + ".journeys")
                        .transactionalIdPrefix(base)
                        .build();
        List<String> all =
                List.of(
                        settings.eventsTopic(),
                        settings.alertsTopic(),
                        settings.scoresTopic(),
                        settings.deadLettersTopic(),
                        settings.controlTopic(),
                        settings.outcomesTopic(),
                        settings.journeysTopic());
        try (Admin admin = admin()) {
            assertThat(KafkaTopics.create(admin, settings, 3, (short) 1))
                    .containsExactlyElementsOf(all);
            assertThat(KafkaTopics.create(admin, settings, 3, (short) 1)).isEmpty(); // idempotent
            Map<String, TopicDescription> described =
                    admin.describeTopics(all).allTopicNames().get(30, TimeUnit.SECONDS);
            described.values().forEach(d -> assertThat(d.partitions()).hasSize(3));
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(
                                    all.stream()
                                            .map(
                                                    t ->
                                                            new ConfigResource(
                                                                    ConfigResource.Type.TOPIC, t))
                                            .toList())
                            .all()
                            .get(30, TimeUnit.SECONDS);
            for (String t : all) {
                String policy =
                        configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t))
                                .get("cleanup.policy")
                                .value();
                assertThat(policy)
                        .as(t)
                        .isEqualTo(t.equals(settings.scoresTopic()) ? "compact" : "delete");
            }
        }

        List<ScoreUpdate> scores =
                List.of(
                        new ScoreUpdate(
                                "c-1",
                                1_700_000_000_000L,
                                0.2,
                                List.of(),
                                3,
                                0,
                                7,
                                30,
                                true,
                                0L,
                                false,
                                List.of(),
                                "new_customer",
                                "unranked",
                                0,
                                0,
                                0,
                                0,
                                0),
                        new ScoreUpdate(
                                "c-2",
                                1_700_000_000_000L,
                                0.7,
                                List.of(),
                                1,
                                0,
                                Double.NaN,
                                9,
                                false,
                                0L,
                                false,
                                List.of(),
                                "new_customer",
                                "unranked",
                                0,
                                0,
                                0,
                                0,
                                0),
                        new ScoreUpdate(
                                "c-1",
                                1_700_000_100_000L,
                                0.4,
                                List.of(),
                                3,
                                0,
                                7,
                                30,
                                true,
                                0L,
                                false,
                                List.of(),
                                "new_customer",
                                "unranked",
                                0,
                                0,
                                0,
                                0,
                                0));
        List<DeadLetter> dead =
                List.of(
                        new DeadLetter("ev-0:4", ReasonCode.EMPTY_LINE, "the line is empty", ""),
                        new DeadLetter("ev-1:9", ReasonCode.MALFORMED_JSON, "not JSON", "{oops"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        env.fromData(TypeInformation.of(ScoreUpdate.class), scores.toArray(new ScoreUpdate[0]))
                .sinkTo(KafkaSinks.scores(settings));
        env.fromData(TypeInformation.of(DeadLetter.class), dead.toArray(new DeadLetter[0]))
                .sinkTo(KafkaSinks.deadLetters(settings));
        Alert heldOut = KafkaRecordsTest.alert("c-3", 3).inEpisode(AlertKind.ALERT, "a-3", true);
        env.fromData(TypeInformation.of(Alert.class), heldOut)
                .sinkTo(KafkaSinks.holdouts(settings));
        EpisodeOutcome outcome = EsTestData.outcome(3);
        env.fromData(TypeInformation.of(EpisodeOutcome.class), outcome)
                .sinkTo(KafkaSinks.outcomes(settings));
        JourneyRecord journey = EsTestData.journeys().get(0);
        env.fromData(TypeInformation.of(JourneyRecord.class), journey)
                .sinkTo(KafkaSinks.journeys(settings));
        env.execute("kafka-scores-dead-letters-it");

        assertThat(readAll(settings.controlTopic(), true))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c-3", OutputJson.alert(heldOut)));
        assertThat(readAll(settings.outcomesTopic(), true))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                outcome.customerId(), OutputJson.outcome(outcome)));
        assertThat(readAll(settings.journeysTopic(), true))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                journey.customerId(), OutputJson.journey(journey)));

        List<ConsumerRecord<String, String>> scoreRecords = readAll(settings.scoresTopic(), true);
        assertThat(scoreRecords)
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(
                        scores.stream()
                                .map(
                                        s ->
                                                org.assertj.core.groups.Tuple.tuple(
                                                        s.customerId(), OutputJson.score(s)))
                                .toArray(org.assertj.core.groups.Tuple[]::new));
        List<ConsumerRecord<String, String>> deadRecords =
                readAll(settings.deadLettersTopic(), true);
        assertThat(deadRecords).hasSize(2);
        for (ConsumerRecord<String, String> r : deadRecords) {
            DeadLetter d = r.key().equals("ev-0:4") ? dead.get(0) : dead.get(1);
            assertThat(r.value()).isEqualTo(EventCodec.encodeDeadLetter(d));
            assertThat(header(r, "reason")).isEqualTo(d.reason().name());
        }
    }
}
