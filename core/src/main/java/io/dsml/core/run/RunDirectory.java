package io.dsml.core.run;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's directory, {@code runs/<experiment>/<timestamp>/}: the resolved config, one
 * sub-directory per cell ({@code cells/<cell-id>/metrics.jsonl}, {@code result.json}) and the
 * aggregated results. Files that represent results are written atomically (temporary file, then
 * rename), so an interrupted run never leaves a half-written result that looks complete.
 */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates {@code base/<experiment>/<timestamp>[-n]/}. */
    public static RunDirectory create(Path base, String experiment) {
        String stamp = LocalDateTime.now().format(STAMP);
        Path dir = base.resolve(experiment).resolve(stamp);
        for (int n = 2; Files.exists(dir); n++) {
            dir = base.resolve(experiment).resolve(stamp + "-" + n);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DsmlException(dir + ": cannot create run directory: " + e.getMessage());
        }
        return new RunDirectory(dir);
    }

    /** An existing run directory, to resume. */
    public static RunDirectory existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DsmlException(dir + ": no such run directory");
        }
        return new RunDirectory(dir);
    }

    public Path root() {
        return root;
    }

    /** The directory of one cell, created if needed. */
    public Path cellDir(String cellId) {
        Path dir = root.resolve("cells").resolve(cellId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes {@code content} to {@code file} through a temporary file and an atomic rename. */
    public static void writeAtomically(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
