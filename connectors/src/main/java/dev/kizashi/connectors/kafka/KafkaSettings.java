package dev.kizashi.connectors.kafka;

import dev.kizashi.connectors.Secret;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the Kafka source, sinks, topic creation and the small tools need: where the brokers
 * are, which topics, how to start reading, how the sinks commit, and how to authenticate.
 *
 * <p>Secrets (SASL password, SSL store and key passwords) are {@link Secret}s read from the
 * environment or from files ({@link Builder#secretsFromEnvironment}), never from command-line
 * values; {@link #toString()} and {@link #maskedClientProperties()} never show them.
 *
 * <p>Immutable and {@link Serializable} (Flink ships it to the task managers inside the source and
 * sink definitions).
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_EVENTS_TOPIC = "kizashi.events";
    public static final String DEFAULT_ALERTS_TOPIC = "kizashi.alerts";
    public static final String DEFAULT_SCORES_TOPIC = "kizashi.scores";
    public static final String DEFAULT_DEAD_LETTERS_TOPIC = "kizashi.dead-letters";

    /** The alerts of held-out (control group) episodes: kept for measurement, never acted on. */
    public static final String DEFAULT_CONTROL_TOPIC = "kizashi.control";

    public static final String DEFAULT_OUTCOMES_TOPIC = "kizashi.outcomes";

    /** Cancellations, deliveries and returns of the journey operator (the analyses). */
    public static final String DEFAULT_JOURNEYS_TOPIC = "kizashi.journeys";

    public static final String DEFAULT_GROUP_ID = "kizashi";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "kizashi";

    /**
     * Default Kafka transaction timeout of the sinks: below the broker's default {@code
     * transaction.max.timeout.ms} (15 min), which the broker requires, and far above any sane
     * checkpoint interval plus checkpoint duration.
     */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /** Environment variable of the SASL password ({@code ..._FILE}: a file holding it). */
    public static final String ENV_PASSWORD = "KIZASHI_KAFKA_PASSWORD";

    public static final String ENV_SSL_TRUSTSTORE_PASSWORD =
            "KIZASHI_KAFKA_SSL_TRUSTSTORE_PASSWORD";
    public static final String ENV_SSL_KEYSTORE_PASSWORD = "KIZASHI_KAFKA_SSL_KEYSTORE_PASSWORD";
    public static final String ENV_SSL_KEY_PASSWORD = "KIZASHI_KAFKA_SSL_KEY_PASSWORD";

    /** Where the source starts when it has no checkpoint to restore from. */
    public enum StartingOffsets {
        /** The oldest retained record of each partition. */
        EARLIEST,
        /** Only records produced after the job starts. */
        LATEST,
        /** The consumer group's committed offsets; earliest for partitions without one. */
        COMMITTED
    }

    /** The SASL mechanisms supported, with their JAAS login modules. */
    public enum SaslMechanism {
        PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
        SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
        SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

        private final String kafkaName;
        private final String loginModule;

        SaslMechanism(String kafkaName, String loginModule) {
            this.kafkaName = kafkaName;
            this.loginModule = loginModule;
        }

        /** The value of {@code sasl.mechanism}. */
        public String kafkaName() {
            return kafkaName;
        }

        public String loginModule() {
            return loginModule;
        }

        /** Accepts "PLAIN", "SCRAM-SHA-256", "scram_sha_512" and the like. */
        public static SaslMechanism parse(String text) {
            String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (SaslMechanism m : values()) {
                if (m.name().equals(norm)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    "unknown SASL mechanism '" + text + "' (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)");
        }
    }

    private final String bootstrapServers;
    private final String eventsTopic;
    private final String alertsTopic;
    private final String scoresTopic;
    private final String deadLettersTopic;
    private final String controlTopic;
    private final String outcomesTopic;
    private final String journeysTopic;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final boolean bounded;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final DeliveryGuarantee deliveryGuarantee;
    private final String securityProtocol;
    private final SaslMechanism saslMechanism;
    private final String saslUsername;
    private final Secret saslPassword;
    private final String sslTruststoreLocation;
    private final Secret sslTruststorePassword;
    private final String sslKeystoreLocation;
    private final Secret sslKeystorePassword;
    private final Secret sslKeyPassword;
    private final TreeMap<String, String> extraProperties;

    private KafkaSettings(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.eventsTopic = b.eventsTopic;
        this.alertsTopic = b.alertsTopic;
        this.scoresTopic = b.scoresTopic;
        this.deadLettersTopic = b.deadLettersTopic;
        this.controlTopic = b.controlTopic;
        this.outcomesTopic = b.outcomesTopic;
        this.journeysTopic = b.journeysTopic;
        this.groupId = b.groupId;
        this.startingOffsets = b.startingOffsets;
        this.bounded = b.bounded;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
        this.transactionTimeout = b.transactionTimeout;
        this.deliveryGuarantee = b.deliveryGuarantee;
        this.saslMechanism = b.saslMechanism;
        this.saslUsername = b.saslUsername;
        this.saslPassword = b.saslPassword;
        this.sslTruststoreLocation = b.sslTruststoreLocation;
        this.sslTruststorePassword = b.sslTruststorePassword;
        this.sslKeystoreLocation = b.sslKeystoreLocation;
        this.sslKeystorePassword = b.sslKeystorePassword;
        this.sslKeyPassword = b.sslKeyPassword;
        this.extraProperties = new TreeMap<>(b.extraProperties);
        this.securityProtocol = resolveProtocol(b);
        validate();
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(bootstrapServers);
        b.eventsTopic = eventsTopic;
        b.alertsTopic = alertsTopic;
        b.scoresTopic = scoresTopic;
        b.deadLettersTopic = deadLettersTopic;
        b.controlTopic = controlTopic;
        b.outcomesTopic = outcomesTopic;
        b.journeysTopic = journeysTopic;
        b.groupId = groupId;
        b.startingOffsets = startingOffsets;
        b.bounded = bounded;
        b.transactionalIdPrefix = transactionalIdPrefix;
        b.transactionTimeout = transactionTimeout;
        b.deliveryGuarantee = deliveryGuarantee;
        b.securityProtocol = securityProtocol;
        b.saslMechanism = saslMechanism;
        b.saslUsername = saslUsername;
        b.saslPassword = saslPassword;
        b.sslTruststoreLocation = sslTruststoreLocation;
        b.sslTruststorePassword = sslTruststorePassword;
        b.sslKeystoreLocation = sslKeystoreLocation;
        b.sslKeystorePassword = sslKeystorePassword;
        b.sslKeyPassword = sslKeyPassword;
        b.extraProperties.putAll(extraProperties);
        return b;
    }

    private static String resolveProtocol(Builder b) {
        if (b.securityProtocol != null) {
            return b.securityProtocol.trim().toUpperCase(Locale.ROOT);
        }
        if (b.saslMechanism != null) {
            return "SASL_SSL";
        }
        if (b.sslTruststoreLocation != null || b.sslKeystoreLocation != null) {
            return "SSL";
        }
        return "PLAINTEXT";
    }

    private void validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        String[] topics = {
            eventsTopic,
            alertsTopic,
            scoresTopic,
            deadLettersTopic,
            controlTopic,
            outcomesTopic,
            journeysTopic
        };
        for (String t : topics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("Kafka topic names must not be blank");
            }
        }
        // Held-out alerts on the notification topic would be acted on: the control group's point.
        if (controlTopic.equals(alertsTopic)) {
            throw new IllegalArgumentException(
                    "the control topic must not be the alerts (notification) topic: "
                            + alertsTopic);
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("Kafka consumer group id must not be blank");
        }
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException("Kafka transactional id prefix must not be blank");
        }
        if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
            throw new IllegalArgumentException("Kafka transaction timeout must be positive");
        }
        switch (securityProtocol) {
            case "PLAINTEXT":
            case "SSL":
                if (saslMechanism != null) {
                    throw new IllegalArgumentException(
                            "a SASL mechanism needs security.protocol SASL_SSL or SASL_PLAINTEXT,"
                                    + " not "
                                    + securityProtocol);
                }
                break;
            case "SASL_SSL":
            case "SASL_PLAINTEXT":
                if (saslMechanism == null) {
                    throw new IllegalArgumentException(
                            "security.protocol " + securityProtocol + " needs a SASL mechanism");
                }
                if (saslUsername == null || saslUsername.isEmpty() || saslPassword == null) {
                    throw new IllegalArgumentException(
                            "SASL "
                                    + saslMechanism.kafkaName()
                                    + " needs a username and a password (the password from "
                                    + ENV_PASSWORD
                                    + " or "
                                    + ENV_PASSWORD
                                    + "_FILE)");
                }
                break;
            default:
                throw new IllegalArgumentException(
                        "unknown security.protocol '"
                                + securityProtocol
                                + "' (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)");
        }
        // A store without password is allowed (PEM stores have none); a password without a store
        // is a mistake.
        if (sslTruststorePassword != null && sslTruststoreLocation == null) {
            throw new IllegalArgumentException("an SSL truststore password needs a location");
        }
        if (sslKeystorePassword != null && sslKeystoreLocation == null) {
            throw new IllegalArgumentException("an SSL keystore password needs a location");
        }
    }

    /**
     * The properties every Kafka client of the project shares: bootstrap servers, security ({@code
     * security.protocol}, {@code sasl.mechanism}, a {@code sasl.jaas.config} built from username
     * and password, SSL stores) and the extra pass-through properties. Contains secrets: do not log
     * it (use {@link #maskedClientProperties()}).
     */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("security.protocol", securityProtocol);
        if (saslMechanism != null) {
            p.setProperty("sasl.mechanism", saslMechanism.kafkaName());
            p.setProperty("sasl.jaas.config", jaasConfig());
        }
        if (sslTruststoreLocation != null) {
            p.setProperty("ssl.truststore.location", sslTruststoreLocation);
        }
        if (sslTruststorePassword != null) {
            p.setProperty("ssl.truststore.password", sslTruststorePassword.reveal());
        }
        if (sslKeystoreLocation != null) {
            p.setProperty("ssl.keystore.location", sslKeystoreLocation);
        }
        if (sslKeystorePassword != null) {
            p.setProperty("ssl.keystore.password", sslKeystorePassword.reveal());
        }
        if (sslKeyPassword != null) {
            p.setProperty("ssl.key.password", sslKeyPassword.reveal());
        }
        extraProperties.forEach(p::setProperty);
        return p;
    }

    /** {@link #clientProperties()} with every secret replaced by {@link Secret#MASK}. */
    public Map<String, String> maskedClientProperties() {
        TreeMap<String, String> m = new TreeMap<>();
        clientProperties().forEach((k, v) -> m.put((String) k, (String) v));
        m.replaceAll((k, v) -> isSecretKey(k) ? Secret.MASK : v);
        return Collections.unmodifiableMap(m);
    }

    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("sasl.jaas.config") || k.endsWith(".password") || k.contains("secret");
    }

    private String jaasConfig() {
        return saslMechanism.loginModule()
                + " required username=\""
                + jaasEscape(saslUsername)
                + "\" password=\""
                + jaasEscape(saslPassword.reveal())
                + "\";";
    }

    /** JAAS option values are double-quoted; the parser unescapes backslash escapes inside. */
    static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String eventsTopic() {
        return eventsTopic;
    }

    public String alertsTopic() {
        return alertsTopic;
    }

    public String scoresTopic() {
        return scoresTopic;
    }

    public String deadLettersTopic() {
        return deadLettersTopic;
    }

    /** The held-out (control group) alerts: indexed and measured, never sent to a channel. */
    public String controlTopic() {
        return controlTopic;
    }

    /** Each episode's outcome at its horizon. */
    public String outcomesTopic() {
        return outcomesTopic;
    }

    /** The journey records (cancellations, deliveries, returns) for the analyses. */
    public String journeysTopic() {
        return journeysTopic;
    }

    public String groupId() {
        return groupId;
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    /** Whether the events source stops at the latest offsets seen when the job starts. */
    public boolean bounded() {
        return bounded;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    public String securityProtocol() {
        return securityProtocol;
    }

    public SaslMechanism saslMechanism() {
        return saslMechanism;
    }

    public String saslUsername() {
        return saslUsername;
    }

    public String sslTruststoreLocation() {
        return sslTruststoreLocation;
    }

    public String sslKeystoreLocation() {
        return sslKeystoreLocation;
    }

    public Map<String, String> extraProperties() {
        return Collections.unmodifiableMap(extraProperties);
    }

    @Override
    public String toString() {
        return "KafkaSettings{bootstrapServers="
                + bootstrapServers
                + ", topics=[events="
                + eventsTopic
                + ", alerts="
                + alertsTopic
                + ", scores="
                + scoresTopic
                + ", deadLetters="
                + deadLettersTopic
                + ", control="
                + controlTopic
                + ", outcomes="
                + outcomesTopic
                + ", journeys="
                + journeysTopic
                + "], groupId="
                + groupId
                + ", startingOffsets="
                + startingOffsets
                + ", bounded="
                + bounded
                + ", transactionalIdPrefix="
                + transactionalIdPrefix
                + ", transactionTimeout="
                + transactionTimeout
                + ", deliveryGuarantee="
                + deliveryGuarantee
                + ", securityProtocol="
                + securityProtocol
                + (saslMechanism == null
                        ? ""
                        : ", sasl="
                                + saslMechanism.kafkaName()
                                + ", username="
                                + saslUsername
                                + ", password="
                                + saslPassword)
                + (sslTruststoreLocation == null
                        ? ""
                        : ", truststore="
                                + sslTruststoreLocation
                                + ", truststorePassword="
                                + sslTruststorePassword)
                + (sslKeystoreLocation == null
                        ? ""
                        : ", keystore="
                                + sslKeystoreLocation
                                + ", keystorePassword="
                                + sslKeystorePassword
                                + ", keyPassword="
                                + sslKeyPassword)
                + (extraProperties.isEmpty() ? "" : ", extra=" + extraProperties)
                + "}";
    }

    /** Builds {@link KafkaSettings}; every setting but the bootstrap servers has a default. */
    public static final class Builder {
        private final String bootstrapServers;
        private String eventsTopic = DEFAULT_EVENTS_TOPIC;
        private String alertsTopic = DEFAULT_ALERTS_TOPIC;
        private String scoresTopic = DEFAULT_SCORES_TOPIC;
        private String deadLettersTopic = DEFAULT_DEAD_LETTERS_TOPIC;
        private String controlTopic = DEFAULT_CONTROL_TOPIC;
        private String outcomesTopic = DEFAULT_OUTCOMES_TOPIC;
        private String journeysTopic = DEFAULT_JOURNEYS_TOPIC;
        private String groupId = DEFAULT_GROUP_ID;
        private StartingOffsets startingOffsets = StartingOffsets.COMMITTED;
        private boolean bounded;
        private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        private String securityProtocol;
        private SaslMechanism saslMechanism;
        private String saslUsername;
        private Secret saslPassword;
        private String sslTruststoreLocation;
        private Secret sslTruststorePassword;
        private String sslKeystoreLocation;
        private Secret sslKeystorePassword;
        private Secret sslKeyPassword;
        private final TreeMap<String, String> extraProperties = new TreeMap<>();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public Builder eventsTopic(String topic) {
            this.eventsTopic = topic;
            return this;
        }

        public Builder alertsTopic(String topic) {
            this.alertsTopic = topic;
            return this;
        }

        public Builder scoresTopic(String topic) {
            this.scoresTopic = topic;
            return this;
        }

        public Builder deadLettersTopic(String topic) {
            this.deadLettersTopic = topic;
            return this;
        }

        /** The held-out alerts' topic; must differ from the alerts (notification) topic. */
        public Builder controlTopic(String topic) {
            this.controlTopic = topic;
            return this;
        }

        public Builder outcomesTopic(String topic) {
            this.outcomesTopic = topic;
            return this;
        }

        public Builder journeysTopic(String topic) {
            this.journeysTopic = topic;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder startingOffsets(StartingOffsets startingOffsets) {
            this.startingOffsets = Objects.requireNonNull(startingOffsets);
            return this;
        }

        /** Stop the events source at the latest offsets of when the job starts (replays, tests). */
        public Builder bounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        /**
         * Prefix of the sinks' Kafka transactional ids; each sink appends its own suffix. Must be
         * unique per job (two jobs with the same prefix fence each other's transactions).
         */
        public Builder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        /**
         * Kafka {@code transaction.timeout.ms} of the sinks; must not exceed the broker's {@code
         * transaction.max.timeout.ms} and must exceed the longest expected checkpoint interval plus
         * checkpoint duration plus restart time.
         */
        public Builder transactionTimeout(Duration timeout) {
            this.transactionTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * EXACTLY_ONCE (default; needs checkpointing) or AT_LEAST_ONCE / NONE (e.g. for a run
         * without checkpoints).
         */
        public Builder deliveryGuarantee(DeliveryGuarantee guarantee) {
            this.deliveryGuarantee = Objects.requireNonNull(guarantee);
            return this;
        }

        /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; derived from the other settings if unset. */
        public Builder securityProtocol(String protocol) {
            this.securityProtocol = protocol;
            return this;
        }

        /** SASL authentication; the password comes from the environment or a file. */
        public Builder sasl(SaslMechanism mechanism, String username, Secret password) {
            this.saslMechanism = Objects.requireNonNull(mechanism);
            this.saslUsername = Objects.requireNonNull(username);
            this.saslPassword = password;
            return this;
        }

        public Builder saslPassword(Secret password) {
            this.saslPassword = password;
            return this;
        }

        public Builder sslTruststore(String location, Secret password) {
            this.sslTruststoreLocation = location;
            this.sslTruststorePassword = password;
            return this;
        }

        public Builder sslKeystore(String location, Secret storePassword, Secret keyPassword) {
            this.sslKeystoreLocation = location;
            this.sslKeystorePassword = storePassword;
            this.sslKeyPassword = keyPassword;
            return this;
        }

        /**
         * Fills the secrets that are not set yet from {@code env} ({@link #ENV_PASSWORD}, {@link
         * #ENV_SSL_TRUSTSTORE_PASSWORD}, {@link #ENV_SSL_KEYSTORE_PASSWORD}, {@link
         * #ENV_SSL_KEY_PASSWORD}, each also as {@code NAME_FILE} naming a file), e.g. {@code
         * System.getenv()}.
         */
        public Builder secretsFromEnvironment(Map<String, String> env) {
            if (saslPassword == null) {
                saslPassword = Secret.fromEnvironment(ENV_PASSWORD, env).orElse(null);
            }
            if (sslTruststorePassword == null) {
                sslTruststorePassword =
                        Secret.fromEnvironment(ENV_SSL_TRUSTSTORE_PASSWORD, env).orElse(null);
            }
            if (sslKeystorePassword == null) {
                sslKeystorePassword =
                        Secret.fromEnvironment(ENV_SSL_KEYSTORE_PASSWORD, env).orElse(null);
            }
            if (sslKeyPassword == null) {
                sslKeyPassword = Secret.fromEnvironment(ENV_SSL_KEY_PASSWORD, env).orElse(null);
            }
            return this;
        }

        /**
         * A pass-through client property (e.g. {@code ssl.endpoint.identification.algorithm}).
         * Secret-bearing keys ({@code sasl.jaas.config}, {@code *.password}) are refused: they come
         * from the environment or files only.
         */
        public Builder property(String key, String value) {
            if (isSecretKey(key)) {
                throw new IllegalArgumentException(
                        key
                                + " is a secret: set it through the environment or a file, not as a value");
            }
            extraProperties.put(key, Objects.requireNonNull(value));
            return this;
        }

        public KafkaSettings build() {
            return new KafkaSettings(this);
        }
    }
}
