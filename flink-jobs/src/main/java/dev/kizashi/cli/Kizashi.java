package dev.kizashi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.util.SerializedThrowable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code kizashi} command line: run the churn detector embedded, generate data, replay logs.
 *
 * <p>Errors end in one line on stderr and a non-zero exit code, never a stack trace (see {@link
 * #commandLine()}); {@code --debug} shows the stack trace.
 */
@Command(
        name = "kizashi",
        mixinStandardHelpOptions = true,
        version = "kizashi 0.1.0",
        description = "Kizashi (兆し) — real-time churn detection on Apache Flink.",
        footer = {
            "",
            "Also: ./kizashi stack up|down|status|logs  (a local Kafka and Elasticsearch, no Docker)"
        },
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            GenerateCommand.class,
            ProduceCommand.class,
            TailCommand.class,
            EsCommand.class,
            FitCommand.class,
            EvaluateCommand.class,
            EvaluateAlertsCommand.class,
            ReportCommand.class,
            EffectCommand.class,
            DashboardsCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Kizashi implements Runnable {

    /** Exit code of an error that is not a usage error (usage errors exit with 2). */
    static final int EXIT_ERROR = 1;

    static final String DEBUG = "--debug";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = DEBUG,
            scope = ScopeType.INHERIT,
            description = "On an error, print its stack trace (normally: one line).")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling; the launcher and the tests execute this. */
    public static CommandLine commandLine() {
        return new CommandLine(new Kizashi())
                .setParameterExceptionHandler(Kizashi::usageError)
                .setExecutionExceptionHandler(Kizashi::executionError);
    }

    // ---------------------------------------------------------------- errors

    /**
     * A bad flag or value (picocli's parse errors, or a {@link ParameterException} a command
     * throws): {@code kizashi CMD: message} and picocli's hint line, exit code 2.
     */
    static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (List.of(args).contains(DEBUG)) {
            e.printStackTrace(err);
        }
        String line = oneLine(e.getMessage());
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + line);
        err.printf(Locale.ROOT, "Try '%s --help' for more information.%n", name);
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * An exception out of a command. A user error found in it or its causes (a file that cannot be
     * read, a bad value, a history that does not fit, ...): {@code kizashi CMD: message}, exit code
     * 1. Anything else: one line saying so and that {@code --debug} shows the stack trace.
     */
    static int executionError(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = debugRequested(parsed);
        if (debug) {
            e.printStackTrace(err);
        }
        String name = cmd.getCommandSpec().qualifiedName();
        Throwable user = userError(e);
        if (user instanceof ParameterException p) {
            // thrown by a command after parsing: a usage error like the parser's
            return usageError(p, debug ? new String[] {DEBUG} : new String[0]);
        }
        if (user != null) {
            err.println(name + ": " + message(user));
        } else {
            String what = e.getClass().getSimpleName();
            String text = e.getMessage() == null ? what : what + ": " + oneLine(e.getMessage());
            err.println(
                    name
                            + ": unexpected error: "
                            + text
                            + (debug ? "" : " (run with --debug for the stack trace)"));
        }
        err.flush();
        return cmd.getExitCodeExceptionMapper() != null
                ? cmd.getExitCodeExceptionMapper().getExitCode(e)
                : EXIT_ERROR;
    }

    private static boolean debugRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The user error in {@code e} or its causes (e.g. a Flink {@code JobExecutionException} around
     * an {@link IOException}), outermost first; {@code null} if there is none.
     */
    static Throwable userError(Throwable e) {
        for (Throwable t : causes(e)) {
            if (isUserError(t)) {
                return t;
            }
        }
        return null;
    }

    private static boolean isUserError(Throwable t) {
        if (t instanceof SerializedThrowable s) {
            // a failure that came back from a job without its class
            return isUserErrorClass(s.getOriginalErrorClassName());
        }
        return t instanceof ParameterException
                || t instanceof IOException
                || t instanceof UncheckedIOException
                || t instanceof IllegalArgumentException
                || t instanceof DateTimeException;
    }

    private static boolean isUserErrorClass(String className) {
        try {
            Class<?> c = Class.forName(className, false, Kizashi.class.getClassLoader());
            return IOException.class.isAssignableFrom(c)
                    || UncheckedIOException.class.isAssignableFrom(c)
                    || IllegalArgumentException.class.isAssignableFrom(c)
                    || DateTimeException.class.isAssignableFrom(c);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code e} and its causes, each once. */
    private static List<Throwable> causes(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, true) == null; t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    /**
     * What to tell the user about {@code t}, on one line: its message, and its cause's when that
     * says more (an {@link UncheckedIOException} around the {@link IOException} that says why).
     */
    static String message(Throwable t) {
        String own = describe(t);
        Throwable cause = t.getCause();
        if (cause != null && cause != t && isUserError(cause)) {
            String more = message(cause);
            if (own == null || own.contains(more) || own.equals(oneLine(cause.toString()))) {
                return more;
            }
            if (!more.contains(own)) {
                return own + ": " + more;
            }
            return more;
        }
        return own != null ? own : t.getClass().getSimpleName();
    }

    private static String describe(Throwable t) {
        if (t instanceof FileSystemException f && f.getFile() != null) {
            String file = f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
            String reason = f.getReason();
            if (t instanceof NoSuchFileException) {
                return "no such file: " + file;
            }
            if (t instanceof AccessDeniedException) {
                return "permission denied: " + file;
            }
            if (t instanceof FileAlreadyExistsException) {
                return "already exists: " + file;
            }
            if (t instanceof NotDirectoryException) {
                return "not a directory: " + file;
            }
            return reason != null ? file + ": " + oneLine(reason) : "cannot access " + file;
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? null : oneLine(m);
    }

    /** {@code text} with its line breaks and indentation folded into single spaces. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
