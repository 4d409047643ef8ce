package dev.kizashi.cli;

import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import picocli.CommandLine.Option;

/**
 * Elasticsearch connection options. Credentials never come from the command line: basic auth from
 * KIZASHI_ES_USERNAME and KIZASHI_ES_PASSWORD (or KIZASHI_ES_PASSWORD_FILE), an API key from
 * KIZASHI_ES_API_KEY (or KIZASHI_ES_API_KEY_FILE), a CA certificate from KIZASHI_ES_CA_CERT.
 */
final class EsOptions {
    @Option(
            names = "--es",
            paramLabel = "URL",
            description = "Elasticsearch URL(s), comma-separated.")
    String url;

    @Option(
            names = "--es-replicas",
            defaultValue = "0",
            description = "number_of_replicas of the Kizashi indices (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(
            names = "--es-index-prefix",
            defaultValue = KizashiIndices.DEFAULT_PREFIX,
            description =
                    "Prefix of the index, alias and template names (default: ${DEFAULT-VALUE}).")
    String indexPrefix;

    @Option(
            names = "--es-score-history",
            description = "Also keep every score change in <prefix>-score-history-YYYY.MM.")
    boolean scoreHistory;

    boolean enabled() {
        return url != null && !url.isBlank();
    }

    ElasticsearchClientSettings settings() {
        return ElasticsearchClientSettings.builder()
                .hosts(url.split(","))
                .credentialsFromEnvironment()
                .build();
    }

    KizashiIndices indices() {
        return new KizashiIndices(indexPrefix);
    }
}
