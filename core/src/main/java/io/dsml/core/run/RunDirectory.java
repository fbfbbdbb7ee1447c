package io.dsml.core.run;

import io.dsml.core.error.DsmlException;
import io.dsml.core.files.AtomicFile;
import io.dsml.core.files.IoFailure;
import io.dsml.core.files.PathComponent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's directory, {@code runs/<experiment>/<timestamp>/}, created or opened for a run, a
 * resume, a share of a grid or a report; its layout and files are its {@link #store()}. Files that
 * represent results are written atomically (temporary file, then rename), so an interrupted run
 * never leaves a half-written result that looks complete.
 */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates {@code base/<experiment>/<timestamp>[-n]/}.
     *
     * @throws DsmlException if {@code experiment} is not a plain directory name (see {@link PathComponent})
     */
    public static RunDirectory create(Path base, String experiment) {
        PathComponent.require("name", experiment);
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

    /**
     * The run directory at exactly {@code dir}, created if missing: several processes (job-array
     * shares, Spark executors) may open it at once, each training its own cells.
     */
    public static RunDirectory shared(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DsmlException(dir + ": cannot create run directory: " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new DsmlException(dir + ": run directory is not writable");
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

    /**
     * An existing run directory, to report on: it must hold a run's {@code config.yaml} or
     * {@code cells/}, so that nothing (not even a lock file) is written into another directory.
     */
    public static RunDirectory existingRun(Path dir) {
        RunDirectory directory = existing(dir);
        if (!directory.store().looksLikeRun()) {
            throw new DsmlException(dir + ": not a run directory (it has neither " + RunStore.CONFIG + " nor "
                    + RunStore.CELLS + "/); give a directory runs/<experiment>/<timestamp>");
        }
        return directory;
    }

    /**
     * Removes this run directory, which this process created, when a start failed before any cell
     * left a checkpoint or a result: an empty run directory would only look like a run.
     */
    public void discardIfNothingToResume() {
        if (store().holdsCellState()) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // the failure that led here is what the user must see; the directory stays
        }
    }

    public Path root() {
        return root;
    }

    /** The names and files of this run directory. */
    public RunStore store() {
        return RunStore.at(root);
    }

    /** The directory of one cell, created if needed; the id must be a plain directory name. */
    public Path cellDir(String cellId) {
        return store().createCell(cellId).dir();
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

    /**
     * Writes {@code content} to {@code file} unless the file exists, atomically even when several
     * processes race: the content goes to a private temporary file that is then hard-linked to
     * the name, which fails if the name exists (a rename would replace it).
     *
     * @return {@code null} if this call wrote the file or it already held {@code content};
     *     otherwise the file's differing content, left untouched
     */
    public static String writeOnce(Path file, String content) {
        Path tmp = privateTemporary(file);
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.createLink(file, tmp);
                return null;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                String existing = Files.readString(file, StandardCharsets.UTF_8);
                return existing.equals(content) ? null : existing;
            } catch (UnsupportedOperationException e) {
                // no hard links on this file system: the first writer creates the name
                try {
                    Files.copy(tmp, file);
                    return null;
                } catch (java.nio.file.FileAlreadyExistsException exists) {
                    String existing = Files.readString(file, StandardCharsets.UTF_8);
                    return existing.equals(content) ? null : existing;
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot write: " + IoFailure.reason(e));
        }
    }

    /** A temporary name of this process and thread: processes sharing a run directory never collide. */
    private static Path privateTemporary(Path file) {
        return AtomicFile.temporaryOf(file);
    }
}
