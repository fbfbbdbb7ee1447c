package io.dsml.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on one cell of a run directory ({@link CellFiles#lock()}), held while the cell
 * trains, so that two processes sharing a run directory (job-array shares, a retried or
 * speculative Spark task) never train the same cell at once. It is an operating-system file lock
 * (POSIX {@code fcntl}, which NFS supports through its lock manager): the kernel releases it when
 * the holder dies, even by SIGKILL, so a killed process never leaves a stale lock behind.
 */
final class CellLock implements AutoCloseable {
    /**
     * Lock files this JVM holds. POSIX drops all of a process's locks on a file when any of its
     * descriptors of that file is closed, so a second thread must never open the file at all.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;

    private CellLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The lock, or {@code null} if another process or thread holds it. */
    static CellLock tryAcquire(CellFiles cell) {
        Path file = cell.lock().toAbsolutePath().normalize();
        if (!HELD_HERE.add(file)) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new CellLock(file, channel);
            }
        } catch (OverlappingFileLockException e) {
            // cannot happen while HELD_HERE guards the file; treated as held
        } catch (IOException e) {
            HELD_HERE.remove(file);
            closeQuietly(channel);
            throw new UncheckedIOException(file + ": cannot lock the cell", e);
        }
        closeQuietly(channel);
        HELD_HERE.remove(file);
        return null;
    }

    @Override
    public void close() {
        closeQuietly(channel); // closing the channel releases the lock
        HELD_HERE.remove(file);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
