package dev.kizashi.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the launcher's command line ({@link Kizashi#commandLine()}, with its error handling) in this
 * JVM and captures what it prints on stdout and stderr.
 */
final class CliRun {
    record Result(int code, String out, String err) {}

    private CliRun() {}

    static Result kizashi(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            // stderr is also passed on, so a failing test's log still shows it
            System.setErr(new PrintStream(tee(errors, originalErr), true, StandardCharsets.UTF_8));
            int code = Kizashi.commandLine().execute(args);
            System.out.flush();
            System.err.flush();
            return new Result(
                    code,
                    console.toString(StandardCharsets.UTF_8),
                    errors.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int c) throws IOException {
                a.write(c);
                b.write(c);
            }

            @Override
            public void write(byte[] bytes, int off, int len) throws IOException {
                a.write(bytes, off, len);
                b.write(bytes, off, len);
            }

            @Override
            public void flush() throws IOException {
                a.flush();
                b.flush();
            }
        };
    }
}
