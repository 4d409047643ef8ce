package dev.kizashi.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C (SIGINT) become a request to stop with a savepoint instead of the JVM's
 * shutdown (whose hooks would tear down the embedded cluster under the savepoint); a second one
 * exits at once. The previous handlers come back on {@link #close}.
 */
final class StopSignals implements AutoCloseable {
    final CompletableFuture<String> requested = new CompletableFuture<>();
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final PrintStream err;

    private StopSignals(PrintStream err) {
        this.err = err;
    }

    static StopSignals install(PrintStream err) {
        StopSignals s = new StopSignals(err);
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal signal = new Signal(name);
                s.previous.put(signal, Signal.handle(signal, s::onSignal));
            } catch (IllegalArgumentException e) {
                // not on this platform, or reserved (java -Xrs): the JVM's default stays
            }
        }
        return s;
    }

    private void onSignal(Signal signal) {
        if (!requested.complete("SIG" + signal.getName())) {
            // the savepoint may or may not have completed: latest is whichever is newest
            err.println("kizashi run: stopped at once (resume with --restore latest)");
            System.exit(LiveRun.EXIT_INTERRUPTED);
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
