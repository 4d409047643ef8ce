package dev.kizashi.dashboards.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every HTML page of the project shares: escaping and writing a self-contained file. */
public final class HtmlPages {
    private HtmlPages() {}

    /** Text safe inside an element or a double-quoted attribute. */
    public static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** Writes a page (UTF-8), creating its folder. */
    public static void write(Path file, String html) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }
}
