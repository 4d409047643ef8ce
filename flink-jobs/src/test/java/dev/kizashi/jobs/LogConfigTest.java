package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

/** The launcher's log configuration ({@code flink-jobs/conf/log4j2.properties}). */
class LogConfigTest {

    /**
     * Where {@code ./kizashi} points {@code -Dlog4j2.configurationFile}; tests run in flink-jobs.
     */
    private static final Path LAUNCHER_CONFIG = Path.of("conf", "log4j2.properties");

    private static Configuration load(Path file) throws Exception {
        assertThat(file).isRegularFile();
        LoggerContext context = new LoggerContext("log-config-test");
        try (var in = Files.newInputStream(file)) {
            Configuration c =
                    new PropertiesConfigurationFactory()
                            .getConfiguration(context, new ConfigurationSource(in, file.toFile()));
            c.initialize();
            return c;
        }
    }

    private static Level level(Configuration c, String logger) {
        return c.getLoggerConfig(logger).getLevel();
    }

    @Test
    void changelogRegistryWarningsAreSilencedAndTheRestStaysAtWarn() throws Exception {
        Configuration c = load(LAUNCHER_CONFIG);
        // "state is not in tracking": hundreds of lines per `kizashi bench` run.
        assertThat(level(c, "org.apache.flink.changelog.fs.TaskChangelogRegistryImpl"))
                .isEqualTo(Level.ERROR);
        assertThat(c.getRootLogger().getLevel()).isEqualTo(Level.WARN);
        // Only that class: the rest of the changelog backend and Flink still warn.
        assertThat(level(c, "org.apache.flink.changelog.fs.FsStateChangelogWriter"))
                .isEqualTo(Level.WARN);
        assertThat(level(c, "org.apache.flink.state.changelog.ChangelogKeyedStateBackend"))
                .isEqualTo(Level.WARN);
        assertThat(level(c, "org.apache.flink.runtime.taskmanager.Task")).isEqualTo(Level.WARN);
        assertThat(level(c, "dev.kizashi")).isEqualTo(Level.WARN);
    }
}
