package dev.kizashi.cli;

import static dev.kizashi.profile.CustomerProfile.DAY_MS;

import dev.kizashi.connectors.LineDecoder;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.fit.ProfileModelFitter;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.score.model.BgNbd;
import dev.kizashi.score.model.ChurnFeatures;
import dev.kizashi.score.model.ChurnModelFile;
import dev.kizashi.score.model.ProfileFeatures;
import dev.kizashi.wire.DecodeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kizashi fit}: fits the churn model (BG/NBD + calibrated layer) from an event log. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        description =
                "Fit the churn model on a history (data up to --until only) and write the model"
                        + " file the job loads with -c kizashi.score.model=FILE.")
final class FitCommand implements Callable<Integer> {

    @Mixin HistoryInput input;

    @Option(
            names = "--until",
            required = true,
            paramLabel = "DATE",
            description = "Last day of data used (inclusive, UTC); later events are ignored.")
    LocalDate until;

    @Option(
            names = "--horizon-days",
            defaultValue = "90",
            paramLabel = "N",
            description =
                    "Scoring horizon: the score is P(churn within N days). Training label windows"
                            + " are min(N, until - cut-off) days (default: ${DEFAULT-VALUE}).")
    int horizonDays;

    @Option(
            names = "--cutoffs",
            split = ",",
            paramLabel = "DATE",
            description =
                    "Training cut-offs (comma-separated days before --until). Default: the last"
                            + " month ends (up to six, after 28 days of data) leaving min(horizon,"
                            + " 40% of the span) days of labels.")
    List<LocalDate> cutoffs;

    @Option(
            names = "--features",
            defaultValue = "all",
            paramLabel = "LIST",
            description =
                    "all | purchase | comma-separated feature names. Features constant in the"
                            + " training rows are dropped (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(
            names = "--l2",
            defaultValue = "1.0",
            description = "L2 penalty of the calibrator (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(
            names = "--out",
            defaultValue = "model.json",
            paramLabel = "FILE",
            description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input.events)) {
            System.err.println("kizashi fit: no such file: " + input.events);
            return 2;
        }
        long t0 = System.nanoTime();
        Log log = readLog(input.events, input.format, input.csvMapping);
        ProfileModelFitter.Result r =
                fit(log, until, horizonDays, cutoffs, featureList(features), l2);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        r.model().write(out);
        printSummary(System.out, log, r);
        System.out.printf(
                Locale.ROOT, "model written to %s (%.1f s)%n", out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** A log read into memory, in event-time order. */
    record Log(Path file, List<CustomerEvent> events, long lines, long deadLetters) {
        LocalDate firstDay() {
            return day(events.get(0).ts());
        }

        LocalDate lastDay() {
            return day(events.get(events.size() - 1).ts());
        }
    }

    static LocalDate day(long ts) {
        return LocalDate.ofEpochDay(Math.floorDiv(ts, DAY_MS));
    }

    /** Reads and decodes a whole log (the same decoders as the job) and sorts it by event time. */
    static Log readLog(Path file, InputFormat format, String csvMapping) throws IOException {
        LineDecoder decoder = format.decoder(csvMapping, 64 * 1024);
        String origin = file.getFileName().toString();
        List<CustomerEvent> out = new ArrayList<>();
        long lines = 0;
        long bad = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                DecodeResult d = decoder.decode(new SourceLine(origin, lines, line));
                if (d == null) {
                    continue;
                }
                if (d.isOk()) {
                    out.add(d.event());
                } else {
                    bad++;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no events in " + file);
        }
        out.sort(Comparator.comparingLong(CustomerEvent::ts)); // stable: file order within a ts
        return new Log(file, out, lines, bad);
    }

    static List<String> featureList(String spec) {
        return switch (spec.trim()) {
            case "all" -> ProfileFeatures.NAMES;
            case "purchase" -> ChurnFeatures.NAMES;
            default -> Arrays.stream(spec.split(",")).map(String::trim).toList();
        };
    }

    /** Fits as `kizashi fit` does: label windows min(horizon, until - cut-off). */
    static ProfileModelFitter.Result fit(
            Log log,
            LocalDate until,
            int horizonDays,
            List<LocalDate> cutoffs,
            List<String> features,
            double l2) {
        List<LocalDate> cuts =
                cutoffs == null || cutoffs.isEmpty()
                        ? ProfileModelFitter.defaultCutoffs(log.firstDay(), until, horizonDays)
                        : cutoffs;
        ProfileModelFitter.Options o =
                ProfileModelFitter.Options.of(until, horizonDays, cuts)
                        .withLabelHorizonCap(horizonDays)
                        .withFeatures(features)
                        .withL2(l2);
        return ProfileModelFitter.fit(log.events().iterator(), o);
    }

    static void printSummary(PrintStream out, Log log, ProfileModelFitter.Result r) {
        ChurnModelFile m = r.model();
        out.printf(
                Locale.ROOT,
                "events: %,d lines, %,d decoded (%,d undecodable), %s .. %s%n",
                log.lines(),
                log.events().size(),
                log.deadLetters(),
                log.firstDay(),
                log.lastDay());
        out.printf(
                Locale.ROOT,
                "used: %,d events from %s to %s (%,d duplicates dropped); %,d events after %s"
                        + " ignored%n",
                r.eventsApplied(),
                Instant.ofEpochMilli(r.firstEventTs()),
                Instant.ofEpochMilli(r.lastEventTs()),
                r.duplicates(),
                r.eventsAfterUntil(),
                m.bgnbdFittedThrough());
        BgNbd b = m.bgNbd();
        out.printf(
                Locale.ROOT,
                "scoring BG/NBD (days; summaries as of the end of %s, %,d customers with orders):"
                        + " r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.1f%n",
                m.bgnbdFittedThrough(),
                r.scoringFit().customers(),
                b.r(),
                b.alpha(),
                b.a(),
                b.b(),
                r.scoringFit().logLikelihood());
        for (ProfileModelFitter.CutoffFit c : r.cutoffs()) {
            out.printf(
                    Locale.ROOT,
                    "  cut-off %s: BG/NBD on %,d summaries at the cut-off r=%.4f alpha=%.4f a=%.4f"
                            + " b=%.4f; %,d rows, labels (%s, %s] (%d days), churn rate %.4f%n",
                    c.cutoff(),
                    c.bgnbdCustomers(),
                    c.model().r(),
                    c.model().alpha(),
                    c.model().a(),
                    c.model().b(),
                    c.rows(),
                    c.cutoff(),
                    c.labelWindowEnd(),
                    c.labelHorizonDays(),
                    c.churnRate());
        }
        out.printf(
                Locale.ROOT,
                "calibrator (L2 %.2f): %,d rows, churn rate %.4f, horizon %d days, intercept"
                        + " %.4f%n",
                m.l2(),
                r.rows(),
                r.trainChurnRate(),
                m.horizonDays(),
                m.intercept());
        double[] w = m.weights();
        for (int j = 0; j < w.length; j++) {
            out.printf(Locale.ROOT, "  %-28s %9.4f%n", m.featureNames().get(j), w[j]);
        }
        if (!r.droppedFeatures().isEmpty()) {
            out.println("  constant in training, left out: " + r.droppedFeatures());
        }
    }
}
