package dev.kizashi.cli;

import dev.kizashi.connectors.kafka.KafkaSettings;
import picocli.CommandLine.Option;

/**
 * The live job's Kafka options ({@code kizashi run --kafka}): the connection ({@link
 * KafkaConnectionOptions}), the six topics, the events source's consumer group and starting
 * offsets, and the exactly-once sinks' transactional id prefix. Commands that use only part of it
 * ({@code produce}, {@code tail}) take {@link KafkaConnectionOptions} and their own topic option,
 * so their help lists nothing they ignore.
 */
final class KafkaOptions extends KafkaConnectionOptions {
    @Option(
            names = "--events-topic",
            defaultValue = KafkaSettings.DEFAULT_EVENTS_TOPIC,
            description = "Events topic (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(
            names = "--alerts-topic",
            defaultValue = KafkaSettings.DEFAULT_ALERTS_TOPIC,
            description =
                    "Alert notification topic: the alerts of treated episodes, what channels act"
                            + " on (default: ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(
            names = "--scores-topic",
            defaultValue = KafkaSettings.DEFAULT_SCORES_TOPIC,
            description = "Compacted scores topic (default: ${DEFAULT-VALUE}).")
    String scoresTopic;

    @Option(
            names = "--dead-letters-topic",
            defaultValue = KafkaSettings.DEFAULT_DEAD_LETTERS_TOPIC,
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLettersTopic;

    @Option(
            names = "--control-topic",
            defaultValue = KafkaSettings.DEFAULT_CONTROL_TOPIC,
            description =
                    "Topic of the held-out (control group) alerts: indexed, never sent"
                            + " (default: ${DEFAULT-VALUE}).")
    String controlTopic;

    @Option(
            names = "--outcomes-topic",
            defaultValue = KafkaSettings.DEFAULT_OUTCOMES_TOPIC,
            description =
                    "Topic of each episode's outcome at its horizon (default: ${DEFAULT-VALUE}).")
    String outcomesTopic;

    @Option(
            names = "--journeys-topic",
            defaultValue = KafkaSettings.DEFAULT_JOURNEYS_TOPIC,
            description =
                    "Topic of the journey records: cancellations, deliveries 1-12 and returns, for"
                            + " the analyses (default: ${DEFAULT-VALUE}).")
    String journeysTopic;

    @Option(
            names = "--group-id",
            defaultValue = KafkaSettings.DEFAULT_GROUP_ID,
            description = "Consumer group of the events source (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(
            names = "--starting-offsets",
            defaultValue = "COMMITTED",
            description =
                    "EARLIEST, LATEST or COMMITTED (default: ${DEFAULT-VALUE}; earliest where"
                            + " nothing is committed).")
    KafkaSettings.StartingOffsets startingOffsets;

    @Option(
            names = "--transactional-id-prefix",
            defaultValue = KafkaSettings.DEFAULT_TRANSACTIONAL_ID_PREFIX,
            description =
                    "Prefix of the exactly-once sinks' transactional ids; unique per job"
                            + " (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Override
    KafkaSettings.Builder settings() {
        return super.settings()
                .eventsTopic(eventsTopic)
                .alertsTopic(alertsTopic)
                .scoresTopic(scoresTopic)
                .deadLettersTopic(deadLettersTopic)
                .controlTopic(controlTopic)
                .outcomesTopic(outcomesTopic)
                .journeysTopic(journeysTopic)
                .groupId(groupId)
                .startingOffsets(startingOffsets)
                .transactionalIdPrefix(transactionalIdPrefix);
    }
}
