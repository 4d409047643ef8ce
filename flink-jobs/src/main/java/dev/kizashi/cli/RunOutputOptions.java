package dev.kizashi.cli;

import dev.kizashi.connectors.elasticsearch.ElasticsearchClientSettings;
import dev.kizashi.connectors.elasticsearch.KizashiIndices;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a command reads a run's output: an embedded run's directory or Elasticsearch. */
final class RunOutputOptions {
    static final Path DEFAULT_DIR = Path.of("out/demo");

    static final class Source {
        @Option(
                names = "--from",
                paramLabel = "DIR",
                description =
                        "Output directory of an embedded run (`demo`/`run --out`); default out/demo.")
        Path from;

        @Option(
                names = "--es",
                paramLabel = "URL",
                description = "Elasticsearch URL(s), comma separated, e.g. http://127.0.0.1:9200.")
        String es;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(
            names = "--index-prefix",
            defaultValue = KizashiIndices.DEFAULT_PREFIX,
            description = "Index prefix in Elasticsearch (default: ${DEFAULT-VALUE}).")
    String indexPrefix;

    boolean fromElasticsearch() {
        return source != null && source.es != null;
    }

    /** The run directory (or file) to read: --from, else out/demo. */
    Path dir() {
        return source != null && source.from != null ? source.from : DEFAULT_DIR;
    }

    String esHosts() {
        return source.es;
    }

    /** The client settings of --es, credentials from the KIZASHI_ES_* environment variables. */
    ElasticsearchClientSettings esSettings() {
        return ElasticsearchClientSettings.builder()
                .hosts(source.es)
                .credentialsFromEnvironment()
                .build();
    }

    String prefix() {
        return new KizashiIndices(indexPrefix).prefix();
    }
}
