package dev.kizashi.cli;

import dev.kizashi.connectors.kafka.KafkaSettings;
import picocli.CommandLine.Option;

/**
 * Kafka connection options. Secrets never come from the command line: SASL and SSL passwords are
 * read from KIZASHI_KAFKA_PASSWORD, KIZASHI_KAFKA_SSL_TRUSTSTORE_PASSWORD,
 * KIZASHI_KAFKA_SSL_KEYSTORE_PASSWORD, KIZASHI_KAFKA_SSL_KEY_PASSWORD (or NAME_FILE).
 */
final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--events-topic",
            defaultValue = KafkaSettings.DEFAULT_EVENTS_TOPIC,
            description = "Events topic (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(
            names = "--alerts-topic",
            defaultValue = KafkaSettings.DEFAULT_ALERTS_TOPIC,
            description = "Alert notification topic (default: ${DEFAULT-VALUE}).")
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

    @Option(
            names = "--security-protocol",
            description =
                    "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (default: from the other"
                            + " settings).")
    String securityProtocol;

    @Option(names = "--sasl-mechanism", description = "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    String saslMechanism;

    @Option(
            names = "--sasl-username",
            description =
                    "SASL user; the password comes from"
                            + " KIZASHI_KAFKA_PASSWORD or KIZASHI_KAFKA_PASSWORD_FILE.")
    String saslUsername;

    @Option(
            names = "--ssl-truststore",
            description =
                    "Truststore location (password from"
                            + " KIZASHI_KAFKA_SSL_TRUSTSTORE_PASSWORD).")
    String sslTruststore;

    KafkaSettings.Builder settings() {
        KafkaSettings.Builder b =
                KafkaSettings.builder(bootstrap)
                        .eventsTopic(eventsTopic)
                        .alertsTopic(alertsTopic)
                        .scoresTopic(scoresTopic)
                        .deadLettersTopic(deadLettersTopic)
                        .groupId(groupId)
                        .startingOffsets(startingOffsets)
                        .transactionalIdPrefix(transactionalIdPrefix);
        if (securityProtocol != null) {
            b.securityProtocol(securityProtocol);
        }
        if (saslMechanism != null) {
            b.sasl(KafkaSettings.SaslMechanism.parse(saslMechanism), saslUsername, null);
        }
        if (sslTruststore != null) {
            b.sslTruststore(sslTruststore, null);
        }
        return b.secretsFromEnvironment(System.getenv());
    }
}
