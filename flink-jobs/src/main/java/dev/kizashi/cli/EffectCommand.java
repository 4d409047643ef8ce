package dev.kizashi.cli;

import dev.kizashi.dashboards.report.OutcomeSources;
import dev.kizashi.eval.EffectTable;
import dev.kizashi.pdca.EpisodeOutcome;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kizashi effect}: did acting on the alerts keep customers? Treated episodes against the
 * control group, from the outcome documents of a run's directory or of Elasticsearch.
 */
@Command(
        name = "effect",
        mixinStandardHelpOptions = true,
        description =
                "The effect of acting on the alerts: retention of treated episodes against the"
                        + " held-out control group per pattern, channel, action, segment, score"
                        + " band and value tier, with the uplift's confidence interval, revenue"
                        + " uplift, cost per kept customer and 反応率. From an embedded run's"
                        + " outcomes.jsonl or from Elasticsearch (KIZASHI_ES_* credentials).")
final class EffectCommand implements Callable<Integer> {

    @Mixin RunOutputOptions from;

    @Option(
            names = "--confidence",
            defaultValue = "0.95",
            description = "Confidence level of the intervals (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(
            names = "--min-arm",
            defaultValue = "" + EffectTable.DEFAULT_MIN_ARM,
            description =
                    "Cells with fewer treated or control episodes are marked too small to say"
                            + " anything (default: ${DEFAULT-VALUE}).")
    int minArm;

    @Override
    public Integer call() throws Exception {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException(
                    "--confidence must be between 0 and 1, not " + confidence);
        }
        List<EpisodeOutcome> outcomes;
        String origin;
        if (from.fromElasticsearch()) {
            outcomes = OutcomeSources.fromElasticsearch(from.esSettings(), from.prefix());
            origin = from.esHosts() + " " + from.prefix() + "-outcomes";
        } else {
            outcomes = OutcomeSources.fromPath(from.dir());
            origin = from.dir().toString();
        }
        long held = outcomes.stream().filter(EpisodeOutcome::holdout).count();
        System.out.printf(
                Locale.ROOT,
                "kizashi effect: %,d episode outcomes from %s, %,d held out (%.1f%%)%n%n",
                outcomes.size(),
                origin,
                held,
                outcomes.isEmpty() ? 0.0 : 100.0 * held / outcomes.size());
        if (outcomes.isEmpty()) {
            System.out.println(
                    "No outcome yet: an episode's outcome is recorded at its horizon"
                            + " (kizashi.outcome.horizon) after the first alert.");
            return 0;
        }
        EffectTable.print(System.out, EffectTable.of(outcomes, confidence, minArm), confidence);
        return 0;
    }
}
