package dev.kizashi.cli;

import dev.kizashi.connectors.kafka.KafkaSettings;
import picocli.CommandLine.Option;

/**
 * How to reach Kafka: the bootstrap servers and the security settings, the options every Kafka
 * command uses ({@code produce} and {@code tail} add the one topic they use, {@code run} all of
 * {@link KafkaOptions}). Secrets never come from the command line: SASL and SSL passwords are read
 * from KIZASHI_KAFKA_PASSWORD, KIZASHI_KAFKA_SSL_TRUSTSTORE_PASSWORD,
 * KIZASHI_KAFKA_SSL_KEYSTORE_PASSWORD, KIZASHI_KAFKA_SSL_KEY_PASSWORD (or NAME_FILE).
 */
class KafkaConnectionOptions {
    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka bootstrap servers.")
    String bootstrap;

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

    /** The connection and security settings, secrets from the environment; default topics. */
    KafkaSettings.Builder settings() {
        KafkaSettings.Builder b = KafkaSettings.builder(bootstrap);
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
