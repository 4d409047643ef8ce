package dev.kizashi.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared CDNOW files, skipping the calling test when they are absent. */
public final class CdnowFiles {
    private CdnowFiles() {}

    public static Path require(String name) {
        Path dir = CdnowEvaluation.locateCdnowDir().orElse(null);
        assumeTrue(dir != null, "shared/data/cdnow not found above the working directory");
        Path f = dir.resolve(name);
        assumeTrue(Files.isRegularFile(f), f + " is missing");
        return f;
    }
}
