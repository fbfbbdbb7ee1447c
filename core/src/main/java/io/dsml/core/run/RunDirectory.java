package io.dsml.core.run;

import io.dsml.core.error.DsmlException;
import io.dsml.core.files.AtomicFile;
import io.dsml.core.files.IoFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            throw new DsmlException(dir + ": cannot create run directory: " + IoFailure.reason(e));
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
            throw new DsmlException(dir + ": cannot create the cell's directory: " + IoFailure.reason(e));
        }
        return dir;
    }

    /**
     * Writes {@code content} to {@code file} through a temporary file and an atomic rename; a
     * failure (disk full, read-only) leaves no temporary file and the old file as it was.
     *
     * @throws DsmlException naming the file and the reason
     */
    public static void writeAtomically(Path file, String content) {
        AtomicFile.write(file, "file", out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }
}
