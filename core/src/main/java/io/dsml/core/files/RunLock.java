package io.dsml.core.files;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lock on a run directory ({@code .lock} inside it, an OS file lock), held while a process
 * trains in or writes results to it: exclusive for a process that owns the directory (a run, a
 * resume, a report), shared for the processes that share it on purpose (job-array shares and
 * Spark drivers with {@code --run-dir}, which lock each cell on their own), so that a resume or a
 * report is refused while shares train, and a share while a resume runs. A second process (or a second command in the same
 * JVM) that tries to use the directory meanwhile fails at once with one clear line, instead of
 * interleaving its logs and checkpoints with the first's. The OS drops the lock when the holder
 * dies, even by SIGKILL, so a killed run can always be resumed.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside the run directory. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, or fails.
     *
     * @throws DsmlException if another process holds it, or the directory cannot be written
     */
    public static RunLock acquire(Path runDirectory) {
        return acquire(runDirectory, false);
    }

    /**
     * Takes the lock shared with other sharing processes, or fails while a process holds it
     * exclusively.
     *
     * @throws DsmlException if another process holds it exclusively, or the directory cannot be written
     */
    public static RunLock acquireShared(Path runDirectory) {
        return acquire(runDirectory, true);
    }

    private static RunLock acquire(Path runDirectory, boolean shared) {
        Path file = runDirectory.resolve(FILE);
        FileChannel channel;
        try {
            // a shared lock needs a channel open for reading
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new DsmlException(runDirectory + ": cannot use this run directory: " + IoFailure.reason(e)
                    + (IoFailure.notWritable(e) ? "; a run directory must be writable to train or report in it" : ""));
        }
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DsmlException(runDirectory + ": cannot lock this run directory: " + IoFailure.reason(e));
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new DsmlException(runDirectory + ": another dsml process is using this run directory (it holds "
                    + file.getFileName() + "); wait for it to finish, or stop it, then try again");
        }
        return new RunLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel; nothing else to release
        }
    }
}
