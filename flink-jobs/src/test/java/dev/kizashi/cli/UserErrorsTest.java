package dev.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every user error ends in one line on stderr (two for a usage error: the hint) and a non-zero exit
 * code, never a stack trace; {@code --debug} shows the stack trace.
 */
class UserErrorsTest {
    @TempDir Path dir;

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static void assertNoStackTrace(CliRun.Result r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(r.out()).doesNotContain("\tat ");
    }

    /** One error line, then picocli's hint; exit code 2. */
    private static void assertUsageError(CliRun.Result r, String command, String messagePart) {
        assertNoStackTrace(r);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(lines(r.err())).as(r.err()).hasSize(2);
        assertThat(lines(r.err()).get(0)).startsWith(command + ": ").contains(messagePart);
        assertThat(lines(r.err()).get(1))
                .isEqualTo("Try '" + command + " --help' for more information.");
    }

    private static void assertOneLineError(CliRun.Result r, String command, String messagePart) {
        assertNoStackTrace(r);
        assertThat(r.code()).as(r.err()).isNotZero();
        assertThat(lines(r.err())).as(r.err()).hasSize(1);
        assertThat(lines(r.err()).get(0)).startsWith(command + ": ").contains(messagePart);
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertUsageError(CliRun.kizashi("run", "--no-such-flag"), "kizashi run", "--no-such-flag");
        assertUsageError(CliRun.kizashi("--no-such-flag"), "kizashi", "--no-such-flag");
    }

    @Test
    void effectWithoutOutcomesOrWithABadConfidenceIsOneLine() throws Exception {
        assertOneLineError(
                CliRun.kizashi("effect", "--from", dir.resolve("nothing").toString()),
                "kizashi effect",
                "no outcomes at");
        assertOneLineError(
                CliRun.kizashi("effect", "--from", dir.toString(), "--confidence", "2"),
                "kizashi effect",
                "--confidence must be between 0 and 1");
        assertOneLineError(
                CliRun.kizashi(
                        "run",
                        "--events",
                        java.nio.file.Files.writeString(dir.resolve("e.jsonl"), "\n").toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "-c",
                        "kizashi.control.share=1.5"),
                "kizashi run",
                "kizashi.control.share must be between 0 and 1");
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertUsageError(
                CliRun.kizashi("bench", "--duration", "ten minutes"),
                "kizashi bench",
                "ten minutes");
    }

    @Test
    void aMissingEventsFileIsOneLine() {
        Path missing = dir.resolve("nonexistent.jsonl");
        assertOneLineError(
                CliRun.kizashi("run", "--events", missing.toString()),
                "kizashi run",
                missing.toString());
    }

    /** A week of orders: no month end 28 days after the first day to cut the training at. */
    private Path shortHistory() throws IOException {
        Path log = dir.resolve("week.csv");
        Files.write(
                log,
                List.of(
                        "customer,date,amount",
                        "c1,2024-01-01,10",
                        "c2,2024-01-02,20",
                        "c1,2024-01-05,15",
                        "c3,2024-01-07,30"));
        return log;
    }

    private String[] fitShortHistory(String... extra) throws IOException {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "fit",
                                "--events",
                                shortHistory().toString(),
                                "--format",
                                "csv",
                                "--until",
                                "2024-01-08",
                                "--out",
                                dir.resolve("model.json").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void aHistoryTooShortToFitIsOneLineAndExitCode1() throws IOException {
        CliRun.Result r = CliRun.kizashi(fitShortHistory());
        assertOneLineError(r, "kizashi fit", "cut-off");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void aFileWithNoEventsIsOneLine() throws IOException {
        Path empty = Files.write(dir.resolve("empty.csv"), List.of("customer,date"));
        CliRun.Result r =
                CliRun.kizashi(
                        "fit",
                        "--events",
                        empty.toString(),
                        "--format",
                        "csv",
                        "--until",
                        "2024-01-08",
                        "--out",
                        dir.resolve("model.json").toString());
        assertOneLineError(r, "kizashi fit", "no events in " + empty);
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void debugShowsTheStackTraceAnywhereOnTheLine() throws IOException {
        CliRun.Result after = CliRun.kizashi(fitShortHistory("--debug"));
        assertThat(after.code()).isEqualTo(1);
        assertThat(after.err()).contains("\tat ").contains("IllegalArgumentException");
        assertThat(lines(after.err()).get(lines(after.err()).size() - 1))
                .startsWith("kizashi fit: ")
                .contains("cut-off");

        String[] args = fitShortHistory();
        String[] before = new String[args.length + 1];
        before[0] = "--debug";
        System.arraycopy(args, 0, before, 1, args.length);
        assertThat(CliRun.kizashi(before).err()).contains("\tat ");
    }

    @Test
    void theUserErrorIsFoundInsideAFlinkJobFailure() {
        Exception job =
                new JobExecutionException(
                        new JobID(),
                        "Job execution failed.",
                        new JobException(
                                "Recovery is suppressed by NoRestartBackoffTimeStrategy",
                                new IOException("no events in shop.csv")));
        assertThat(Kizashi.message(Kizashi.userError(job))).isEqualTo("no events in shop.csv");

        assertThat(
                        Kizashi.message(
                                Kizashi.userError(
                                        new IllegalStateException(
                                                new UncheckedIOException(
                                                        new NoSuchFileException("model.json"))))))
                .isEqualTo("no such file: model.json");
        assertThat(
                        Kizashi.message(
                                new UncheckedIOException(
                                        "cannot read model model.json",
                                        new NoSuchFileException("model.json"))))
                .isEqualTo("cannot read model model.json: no such file: model.json");
        assertThat(Kizashi.userError(new NullPointerException("x"))).isNull();
    }

    @Test
    void anUnexpectedErrorIsOneLineThatPointsToDebug() {
        StringWriter err = new StringWriter();
        CommandLine cl = Kizashi.commandLine().setErr(new PrintWriter(err));
        CommandLine.ParseResult parsed = cl.parseArgs("generate");
        int code =
                Kizashi.executionError(
                        new NullPointerException("something was null"),
                        cl.getSubcommands().get("generate"),
                        parsed);
        assertThat(code).isEqualTo(1);
        assertThat(lines(err.toString()))
                .containsExactly(
                        "kizashi generate: unexpected error: NullPointerException: something was"
                                + " null (run with --debug for the stack trace)");
    }
}
