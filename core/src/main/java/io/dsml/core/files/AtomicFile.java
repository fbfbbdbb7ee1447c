package io.dsml.core.files;

import io.dsml.core.error.DsmlException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file atomically: the content goes to {@code NAME.<pid>.<thread>.tmp} (private to
 * the writer, so processes sharing a run directory never collide), is forced to the disk, and is
 * renamed over {@code NAME}. A kill leaves either the old file or the new one; a failure (disk
 * full, read-only directory) removes the temporary file and leaves the old file as it was.
 */
public final class AtomicFile {
    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /** The temporary file this process and thread write {@code file} through. */
    public static Path temporaryOf(Path file) {
        return file.resolveSibling(file.getFileName() + "."
                + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".tmp");
    }

    /**
     * Writes {@code content} to {@code file}.
     *
     * @param what how to name the file in a message, e.g. "checkpoint"
     * @throws DsmlException naming the file and the reason, if it cannot be written
     */
    public static void write(Path file, String what, Content content) {
        Path tmp = temporaryOf(file);
        try {
            writeForced(tmp, content);
            moveInto(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new DsmlException(
                    file + ": cannot write the " + what + ": " + IoFailure.reason(e)
                            + (Files.exists(file) ? " (the previous one is kept)" : ""),
                    e);
        }
    }

    /** Writes {@code content} to {@code tmp} and forces it to the disk. */
    static void writeForced(Path tmp, Content content) throws IOException {
        try (FileChannel channel = FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
            content.writeTo(out);
            out.flush();
            channel.force(true); // on the disk before the rename makes it the file
        }
    }

    /** Renames {@code tmp} over {@code file}, atomically where the file system can. */
    static void moveInto(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes the temporary files of {@code file} that writers killed mid-write left behind (a
     * SIGKILL gives no chance to clean up): only names of the form {@link #temporaryOf}, beside
     * {@code file}. Call it only while no other writer of {@code file} can be running (under the
     * lock that guards its writers).
     *
     * @return how many were deleted
     */
    public static int removeStaleTemporaries(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(file.getFileName().toString()) + "\\.\\d+\\.\\d+\\.tmp");
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (java.util.stream.Stream<Path> siblings = Files.list(dir)) {
            for (Path sibling : siblings.toList()) {
                if (ours.matcher(sibling.getFileName().toString()).matches() && Files.isRegularFile(sibling)) {
                    Files.deleteIfExists(sibling);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new DsmlException(dir + ": cannot remove the temporary files of " + file.getFileName()
                    + " left by a killed run: " + IoFailure.reason(e));
        }
        return removed;
    }

    static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // nothing more can be done; the original failure is what the user must see
        }
    }
}
