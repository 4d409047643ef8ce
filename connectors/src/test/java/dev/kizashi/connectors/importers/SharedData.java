package dev.kizashi.connectors.importers;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/} (next to the repository) by walking up from the working directory. */
final class SharedData {
    private SharedData() {}

    /** The path of {@code shared/<relative>}, or {@code null} when no ancestor has it. */
    static Path find(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }
}
