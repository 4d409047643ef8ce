package dev.kizashi.cli;

import dev.kizashi.connectors.elasticsearch.ElasticsearchSetup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kizashi es init}: installs the index templates and first indices. */
@Command(
        name = "es",
        mixinStandardHelpOptions = true,
        description =
                "Elasticsearch set-up: `es init --es URL` installs the index templates (alerts,"
                        + " scores, score history) and creates the first indices and aliases;"
                        + " idempotent. The live run does the same at start.")
final class EsCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "init")
    String action;

    @Mixin EsOptions es;

    @Override
    public Integer call() {
        if (!"init".equals(action) || !es.enabled()) {
            System.err.println("kizashi es: usage: kizashi es init --es URL [--es-replicas N]");
            return 2;
        }
        ElasticsearchSetup.install(es.settings(), es.replicas, es.indices())
                .forEach(System.out::println);
        return 0;
    }
}
