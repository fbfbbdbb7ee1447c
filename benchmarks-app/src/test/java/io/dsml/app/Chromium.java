package io.dsml.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for tests: renders a local page with a fresh profile, no network services
 * and a virtual-time budget (so the page's load handlers have run), and returns the DOM or a
 * screenshot.
 */
final class Chromium {
    static final String ABSENT = "chromium not found (set DSML_CHROMIUM or install the Debian package"
            + " 'chromium'): the report's browser test is skipped";

    private Chromium() {}

    /** {@code $DSML_CHROMIUM}, else the first of chromium / chromium-browser on the usual paths. */
    static Path find() {
        String configured = System.getenv("DSML_CHROMIUM");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.addAll(List.of(
                Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"), Path.of("/snap/bin/chromium")));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        System.err.println(ABSENT);
        return null;
    }

    static String dumpDom(Path chromium, Path page, Path profile) throws Exception {
        return new String(
                run(chromium, profile, List.of("--dump-dom", page.toUri().toString())), StandardCharsets.UTF_8);
    }

    static Path screenshot(Path chromium, Path page, Path profile, Path dir) throws Exception {
        Path file = dir.resolve("report-screenshot.png");
        run(
                chromium,
                profile,
                List.of(
                        "--screenshot=" + file,
                        "--window-size=1280,4200",
                        page.toUri().toString()));
        if (!Files.isRegularFile(file)) {
            throw new IOException("chromium wrote no screenshot " + file);
        }
        return file;
    }

    private static byte[] run(Path chromium, Path profile, List<String> args) throws Exception {
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--virtual-time-budget=10000",
                "--user-data-dir=" + profile));
        command.addAll(args);
        Path log = profile.resolve("chromium.log");
        Process process =
                new ProcessBuilder(command).redirectError(log.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish within 90 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("chromium exited with " + process.exitValue() + ": " + Files.readString(log));
        }
        return out;
    }
}
