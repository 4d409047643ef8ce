package dev.kizashi.evaluate;

import dev.kizashi.connectors.source.GeneratorLineSource;
import dev.kizashi.eval.EffectTable;
import dev.kizashi.eval.Uplift;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.LabelsCsv;
import dev.kizashi.generator.RetentionPolicy;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.jobs.ChurnJobConfig;
import dev.kizashi.jobs.FileJob;
import dev.kizashi.jobs.FileReplay;
import dev.kizashi.jobs.InputFormat;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.OutputDocuments;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The PDCA loop end to end on a generated world: the job runs on the world, a simulated business
 * ({@link RetentionPolicy}) acts on the alerts it was sent (not the held-out ones), the world is
 * generated again with those actions and the customers they kept, and the job runs on that. The
 * second run's outcomes measure the effect; the policy knows the truth to hold them against.
 */
public final class ClosedLoop {

    /**
     * @param alertsSent first alerts of the episodes the business was sent (it acted on these)
     * @param heldOut first alerts of held-out episodes
     */
    public record Result(
            RetentionPolicy.Result response,
            List<EpisodeOutcome> outcomes,
            FileJob.Summary summary,
            int alertsSent,
            int heldOut) {

        /** Outcomes of each customer's first episode, the ones the truth is exact for. */
        public List<EpisodeOutcome> firstEpisodeOutcomes() {
            Map<String, RetentionPolicy.Treatment> byEpisode = treatmentsByEpisode();
            return outcomes.stream()
                    .filter(
                            o -> {
                                var t = byEpisode.get(o.episodeId());
                                return t != null && t.firstEpisode();
                            })
                    .toList();
        }

        /** The mean true uplift over the episodes of {@code outcomes}. */
        public double trueUplift(List<EpisodeOutcome> of) {
            Map<String, RetentionPolicy.Treatment> byEpisode = treatmentsByEpisode();
            double sum = 0;
            for (EpisodeOutcome o : of) {
                var t = byEpisode.get(o.episodeId());
                sum += t == null ? 0 : t.trueUplift();
            }
            return of.isEmpty() ? Double.NaN : sum / of.size();
        }

        private Map<String, RetentionPolicy.Treatment> treatmentsByEpisode() {
            Map<String, RetentionPolicy.Treatment> m = new HashMap<>();
            for (var t : response.treatments()) {
                m.put(t.opener().episodeId(), t);
            }
            return m;
        }
    }

    private ClosedLoop() {}

    /**
     * Runs both passes under {@code workDir}; the second (the world with the response) writes the
     * job's usual files into {@code out}.
     */
    public static Result run(
            GeneratorConfig world,
            RetentionPolicy policy,
            Configuration conf,
            Path workDir,
            Path out,
            PrintStream console,
            long showAlerts)
            throws Exception {
        ChurnJobConfig job = ChurnJobConfig.from(conf);
        Path before = workDir.resolve("before-response");
        long lines = GeneratorLineSource.countLines(world);
        new FileJob(before, conf, new PrintStream(PrintStream.nullOutputStream()), 0)
                .run(
                        GeneratorLineSource.create(world, lines),
                        "generator",
                        dev.kizashi.connectors.LineDecoders.json(job.maxLineChars()),
                        lines,
                        1);
        List<RetentionPolicy.Opener> openers = openers(before.resolve(FileJob.ALERTS));
        int sent = (int) openers.stream().filter(o -> !o.holdout()).count();
        RetentionPolicy.Result response =
                policy.respond(new SubscriptionGenerator(world), openers, job.outcomeHorizon());
        console.printf(
                Locale.ROOT,
                "kizashi: the business acted on %,d episodes it was sent (%,d held out): %,d"
                        + " actions, %,d customers kept%n",
                sent,
                openers.size() - sent,
                response.response().actions().size(),
                response.response().keptCustomers());
        Path events = workDir.resolve("events-with-response.jsonl");
        SubscriptionGenerator played = new SubscriptionGenerator(world, response.response());
        writeEvents(played, events);
        Files.createDirectories(out);
        LabelsCsv.write(out.resolve("labels.csv"), played.groundTruth());
        FileReplay replay =
                FileReplay.prepare(
                        events,
                        InputFormat.jsonl,
                        null,
                        job.maxLineChars(),
                        false,
                        workDir,
                        console);
        FileJob run = new FileJob(out, conf, console, showAlerts);
        FileJob.Summary summary =
                run.run(replay.source(), "generator with response", replay.decoder(), 0, 1);
        run.printSummary(summary);
        return new Result(
                response,
                OutputDocuments.readOutcomes(out.resolve(FileJob.OUTCOMES)),
                summary,
                sent,
                openers.size() - sent);
    }

    /** Prints the effect table and, beside it, what the simulated actions truly did. */
    public static void printEffect(PrintStream out, Result r, double confidence) {
        out.println();
        out.println("Effect of acting on the alerts (kizashi effect)");
        EffectTable.print(
                out,
                EffectTable.of(r.outcomes(), confidence, EffectTable.DEFAULT_MIN_ARM),
                confidence);
        List<EpisodeOutcome> first = r.firstEpisodeOutcomes();
        EffectTable.Cell all =
                EffectTable.of(first, confidence, EffectTable.DEFAULT_MIN_ARM).get(0);
        Uplift.Interval i = all.retention();
        out.printf(
                Locale.ROOT,
                "Simulated truth, customers' first episodes (%,d): true uplift %+.1f points;"
                        + " estimated %+.1f [%+.1f, %+.1f]%n",
                first.size(),
                100 * r.trueUplift(first),
                100 * i.estimate(),
                100 * i.lower(),
                100 * i.upper());
    }

    static List<RetentionPolicy.Opener> openers(Path alerts) throws IOException {
        List<RetentionPolicy.Opener> out = new ArrayList<>();
        for (OutputDocuments.AlertDoc a : OutputDocuments.readAlerts(alerts)) {
            if (a.opensEpisode()) {
                out.add(
                        new RetentionPolicy.Opener(
                                a.customerId(),
                                a.alertId(),
                                a.eventTime(),
                                a.channel(),
                                a.action(),
                                a.holdout()));
            }
        }
        return out;
    }

    private static void writeEvents(SubscriptionGenerator world, Path file) throws IOException {
        EventCodec codec = new EventCodec();
        Iterator<String> lines = world.lines(codec::encode);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (lines.hasNext()) {
                w.write(lines.next());
                w.newLine();
            }
        }
    }
}
