package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every typed option is listed in the README with its default. */
class KizashiOptionsDocumentedTest {

    @Test
    void readmeListsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(KizashiOptions.all()).hasSizeGreaterThan(10);
        for (var option : KizashiOptions.all()) {
            assertThat(readme).as(option.key()).contains("`" + option.key() + "`");
            assertThat(option.description().toString()).isNotBlank();
        }
    }

    @Test
    void defaultsBuildAConfig() {
        ChurnJobConfig c = ChurnJobConfig.defaults();
        assertThat(c.detector().dormantAfter().toDays()).isEqualTo(30);
        assertThat(c.outOfOrderness()).isEqualTo(KizashiOptions.OUT_OF_ORDERNESS.defaultValue());
    }
}
