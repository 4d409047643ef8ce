package dev.kizashi.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code kizashi dashboards load|export}: imports the Kibana saved objects ({@code
 * dashboards/saved-objects/kizashi.ndjson}) into Kibana, or exports the dashboard back into that
 * file. Runs {@code dashboards/kibana.sh}, which holds the HTTP calls.
 */
@Command(
        name = "dashboards",
        mixinStandardHelpOptions = true,
        description =
                "Kibana saved objects: `load --kibana URL [--space S]` imports the dashboard"
                        + " 「解約予兆ダッシュボード」 and its data views (overwrite, idempotent);"
                        + " `export --kibana URL [--space S] [--file F]` writes it back into"
                        + " dashboards/saved-objects/kizashi.ndjson, normalised. Kibana credentials:"
                        + " KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD.")
final class DashboardsCommand implements Callable<Integer> {
    static final String SCRIPT = "dashboards/kibana.sh";

    @Parameters(
            index = "0",
            paramLabel = "load|export",
            description = "What to do: load or export.")
    String action;

    @Unmatched List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!action.equals("load") && !action.equals("export")) {
            System.err.println("kizashi dashboards: expected load or export, got " + action);
            return 2;
        }
        Path script = locateScript();
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), action));
        cmd.addAll(rest);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }

    /** {@value #SCRIPT} from KIZASHI_HOME, else from the working directory upwards. */
    static Path locateScript() {
        String home = System.getenv("KIZASHI_HOME");
        if (home != null && Files.isRegularFile(Path.of(home, SCRIPT))) {
            return Path.of(home, SCRIPT);
        }
        Path d = Path.of("").toAbsolutePath();
        while (d != null) {
            if (Files.isRegularFile(d.resolve(SCRIPT))) {
                return d.resolve(SCRIPT);
            }
            d = d.getParent();
        }
        throw new IllegalStateException(
                SCRIPT + " not found: run from the Kizashi checkout or set KIZASHI_HOME");
    }
}
