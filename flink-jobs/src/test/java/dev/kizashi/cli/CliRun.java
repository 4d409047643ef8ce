package dev.kizashi.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the launcher's command line in this JVM and captures what it prints. */
final class CliRun {
    record Result(int code, String out) {}

    private CliRun() {}

    static Result kizashi(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Kizashi()).execute(args);
            return new Result(code, console.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
