package dev.kizashi.cli;

import dev.kizashi.jobs.KizashiOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** Options every job-running command shares: Flink and Kizashi configuration keys. */
final class JobOptions {
    @Option(
            names = {"-c", "--conf"},
            paramLabel = "KEY=VALUE",
            description =
                    "A Kizashi option (kizashi.*, listed in the README) or any Flink configuration"
                            + " key, e.g. -c kizashi.detect.dormant-after=45d. Repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Parallelism of the embedded run (default: ${DEFAULT-VALUE}).")
    int parallelism;

    Configuration toConfiguration() {
        Configuration c = new Configuration();
        conf.forEach(c::setString);
        c.setString("parallelism.default", Integer.toString(parallelism));
        return c;
    }

    static String describeOptions() {
        StringBuilder sb = new StringBuilder();
        for (var o : KizashiOptions.all()) {
            sb.append(o.key()).append(" (default ").append(o.defaultValue()).append(")\n");
        }
        return sb.toString();
    }
}
