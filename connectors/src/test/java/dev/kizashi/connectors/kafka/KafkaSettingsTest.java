package dev.kizashi.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.connectors.Secret;
import dev.kizashi.connectors.kafka.KafkaSettings.SaslMechanism;
import dev.kizashi.connectors.kafka.KafkaSettings.StartingOffsets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    private static final String PASSWORD = "s3cr\"et\\pw";

    @Test
    void defaults() {
        KafkaSettings s = KafkaSettings.builder("k1:9092,k2:9092").build();
        assertThat(s.eventsTopic()).isEqualTo("kizashi.events");
        assertThat(s.alertsTopic()).isEqualTo("kizashi.alerts");
        assertThat(s.scoresTopic()).isEqualTo("kizashi.scores");
        assertThat(s.deadLettersTopic()).isEqualTo("kizashi.dead-letters");
        assertThat(s.controlTopic()).isEqualTo("kizashi.control");
        assertThat(s.outcomesTopic()).isEqualTo("kizashi.outcomes");
        assertThat(s.journeysTopic()).isEqualTo("kizashi.journeys");
        assertThat(s.toString()).contains("control=kizashi.control", "outcomes=kizashi.outcomes");
        assertThat(s.groupId()).isEqualTo("kizashi");
        assertThat(s.startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
        assertThat(s.bounded()).isFalse();
        assertThat(s.transactionalIdPrefix()).isEqualTo("kizashi");
        assertThat(s.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.transactionTimeout()).isLessThan(Duration.ofMinutes(15));
        assertThat(s.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        Properties p = s.clientProperties();
        assertThat(p)
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("security.protocol", "PLAINTEXT")
                .doesNotContainKeys("sasl.mechanism", "sasl.jaas.config");
    }

    @Test
    void saslPropertiesCarryAJaasConfigThatKafkaParses() {
        KafkaSettings s =
                KafkaSettings.builder("k:9093")
                        .sasl(SaslMechanism.SCRAM_SHA_512, "kizashi", Secret.of(PASSWORD))
                        .build();
        Properties p = s.clientProperties();
        assertThat(p)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        String jaas = p.getProperty("sasl.jaas.config");
        assertThat(jaas)
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required ");
        // Kafka's own parser gives back the exact username and password.
        JaasContext ctx =
                JaasContext.loadClientContext(
                        Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)));
        Map<String, ?> options = ctx.configurationEntries().get(0).getOptions();
        assertThat(options.get("username")).isEqualTo("kizashi");
        assertThat(options.get("password")).isEqualTo(PASSWORD);
    }

    @Test
    void plainMechanismUsesPlainLoginModule() {
        KafkaSettings s =
                KafkaSettings.builder("k:9093")
                        .securityProtocol("sasl_plaintext")
                        .sasl(SaslMechanism.parse("plain"), "u", Secret.of("p"))
                        .build();
        assertThat(s.clientProperties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"u\" password=\"p\";");
        assertThat(SaslMechanism.parse("SCRAM-SHA-256")).isEqualTo(SaslMechanism.SCRAM_SHA_256);
        assertThatThrownBy(() -> SaslMechanism.parse("GSSAPI"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringAndMaskedPropertiesNeverShowSecrets() {
        KafkaSettings s =
                KafkaSettings.builder("k:9093")
                        .sasl(SaslMechanism.SCRAM_SHA_256, "kizashi", Secret.of(PASSWORD))
                        .sslTruststore("/etc/kizashi/trust.jks", Secret.of("trust-pw-123"))
                        .sslKeystore(
                                "/etc/kizashi/key.jks",
                                Secret.of("store-pw-456"),
                                Secret.of("key-pw-789"))
                        .build();
        String text = s.toString();
        assertThat(text)
                .contains("kizashi", "SCRAM-SHA-256", "/etc/kizashi/trust.jks", Secret.MASK)
                .doesNotContain(PASSWORD, "s3cr", "trust-pw-123", "store-pw-456", "key-pw-789");
        Map<String, String> masked = s.maskedClientProperties();
        assertThat(masked)
                .containsEntry("sasl.jaas.config", Secret.MASK)
                .containsEntry("ssl.truststore.password", Secret.MASK)
                .containsEntry("ssl.keystore.password", Secret.MASK)
                .containsEntry("ssl.key.password", Secret.MASK)
                .containsEntry("ssl.truststore.location", "/etc/kizashi/trust.jks");
        assertThat(masked.toString()).doesNotContain("s3cr", "pw-");
        // the real properties do carry them
        assertThat(s.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.password", "trust-pw-123")
                .containsEntry("ssl.keystore.password", "store-pw-456")
                .containsEntry("ssl.key.password", "key-pw-789");
        assertThat(Secret.of(PASSWORD).toString()).doesNotContain("s3cr");
    }

    @Test
    void secretsComeFromEnvironmentOrFiles(@TempDir Path dir) throws Exception {
        Path trust = dir.resolve("trust.pw");
        Files.writeString(trust, "from-file\n");
        Map<String, String> env =
                Map.of(
                        "KIZASHI_KAFKA_PASSWORD",
                        "from-env",
                        "KIZASHI_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE",
                        trust.toString());
        KafkaSettings s =
                KafkaSettings.builder("k:9093")
                        .sasl(SaslMechanism.PLAIN, "u", null)
                        .sslTruststore("/t.jks", null)
                        .secretsFromEnvironment(env)
                        .build();
        Properties p = s.clientProperties();
        assertThat(p.getProperty("sasl.jaas.config")).contains("password=\"from-env\"");
        assertThat(p).containsEntry("ssl.truststore.password", "from-file");
        assertThat(s.toString())
                .contains("env:KIZASHI_KAFKA_PASSWORD", "file:" + trust.toAbsolutePath())
                .doesNotContain("from-env", "from-file");
    }

    @Test
    void secretPropertiesCannotBePassedAsValues() {
        KafkaSettings.Builder b = KafkaSettings.builder("k:9092");
        assertThatThrownBy(() -> b.property("sasl.jaas.config", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.property("ssl.truststore.password", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        b.property("ssl.endpoint.identification.algorithm", "");
        assertThat(b.build().clientProperties())
                .containsEntry("ssl.endpoint.identification.algorithm", "");
    }

    @Test
    void inconsistentSecurityIsRejected() {
        assertThatThrownBy(
                        () ->
                                KafkaSettings.builder("k:9093")
                                        .sasl(SaslMechanism.PLAIN, "u", null)
                                        .build())
                .hasMessageContaining("KIZASHI_KAFKA_PASSWORD");
        assertThatThrownBy(
                        () ->
                                KafkaSettings.builder("k:9093")
                                        .securityProtocol("PLAINTEXT")
                                        .sasl(SaslMechanism.PLAIN, "u", Secret.of("p"))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> KafkaSettings.builder("k:9093").securityProtocol("SASL_SSL").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaSettings.builder(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(
                        KafkaSettings.builder("k:9093")
                                .sslTruststore("/t.jks", null)
                                .build()
                                .securityProtocol())
                .isEqualTo("SSL");
    }

    @Test
    void theControlAndOutcomesTopicsAreSetCopiedAndNeverTheNotificationTopic() {
        KafkaSettings s =
                KafkaSettings.builder("k:9092")
                        .alertsTopic("run.alerts")
                        .controlTopic("run.control")
                        .outcomesTopic("run.outcomes")
                        .build();
        assertThat(s.toBuilder().build().controlTopic()).isEqualTo("run.control");
        assertThat(s.toBuilder().build().outcomesTopic()).isEqualTo("run.outcomes");
        assertThat(s.toBuilder().journeysTopic("run.journeys").build().toBuilder().build())
                .extracting(KafkaSettings::journeysTopic)
                .isEqualTo("run.journeys");
        assertThatThrownBy(() -> s.toBuilder().journeysTopic("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        // held-out alerts on the notification topic would be acted on
        assertThatThrownBy(() -> s.toBuilder().controlTopic("run.alerts").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control topic");
        assertThatThrownBy(() -> s.toBuilder().outcomesTopic(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void serializableWithItsSecrets() throws Exception {
        KafkaSettings s =
                KafkaSettings.builder("k:9093")
                        .sasl(SaslMechanism.PLAIN, "u", Secret.of("pw"))
                        .eventsTopic("ev")
                        .bounded(true)
                        .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        KafkaSettings back;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (KafkaSettings) in.readObject();
        }
        assertThat(back.clientProperties()).isEqualTo(s.clientProperties());
        assertThat(back.eventsTopic()).isEqualTo("ev");
        assertThat(back.bounded()).isTrue();
        assertThat(back.toBuilder().build().clientProperties()).isEqualTo(s.clientProperties());
    }
}
