package dev.kizashi.dashboards;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the report tests. If no browser is installed and the tests run as root with
 * apt-get available, installs Debian's {@code chromium}; otherwise the calling test is skipped with
 * a message.
 */
public final class Chromium {
    private static final List<String> FLAGS =
            List.of(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run");
    private static Path binary;

    private Chromium() {}

    /** The browser, installing it if allowed; skips the test when there is none. */
    public static synchronized Path require() {
        if (binary == null) {
            binary = find();
            if (binary == null && canInstall()) {
                install();
                binary = find();
            }
        }
        Assumptions.assumeTrue(
                binary != null,
                "headless Chromium is not installed (apt-get install chromium); the report's browser check is skipped");
        return binary;
    }

    private static Path find() {
        for (String name :
                List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static boolean canInstall() {
        return "root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    }

    private static void install() {
        try {
            System.out.println("installing Debian's chromium for the report test (apt-get) ...");
            run(List.of("apt-get", "update", "-qq"), 600);
            run(
                    List.of(
                            "env",
                            "DEBIAN_FRONTEND=noninteractive",
                            "apt-get",
                            "install",
                            "-y",
                            "-qq",
                            "chromium",
                            "fonts-noto-cjk"),
                    900);
        } catch (IOException e) {
            System.out.println("could not install chromium: " + e.getMessage());
        }
    }

    /** The DOM after the page's scripts ran. */
    public static String dumpDom(Path html, Path workDir) throws IOException {
        List<String> cmd = command(workDir);
        cmd.add("--virtual-time-budget=5000");
        cmd.add("--dump-dom");
        cmd.add(html.toUri().toString());
        return run(cmd, 120);
    }

    /** A PNG of the page. */
    public static Path screenshot(Path html, Path png, Path workDir, int width, int height)
            throws IOException {
        List<String> cmd = command(workDir);
        cmd.add("--virtual-time-budget=5000");
        cmd.add("--hide-scrollbars");
        cmd.add("--window-size=" + width + "," + height);
        cmd.add("--screenshot=" + png.toAbsolutePath());
        cmd.add(html.toUri().toString());
        run(cmd, 120);
        return png;
    }

    private static List<String> command(Path workDir) throws IOException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> cmd = new ArrayList<>();
        cmd.add(require().toString());
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + profile);
        return cmd;
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws IOException {
        Path err = Files.createTempFile("chromium", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(
                        cmd + " exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
