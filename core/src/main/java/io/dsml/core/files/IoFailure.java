package io.dsml.core.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * Says in words why an I/O operation failed. Java's exceptions often carry only a path as their
 * message ({@code NoSuchFileException: /x/y}), which reads like a crash when printed alone.
 */
public final class IoFailure {
    private IoFailure() {}

    /** The reason, e.g. "no such file or directory", "permission denied", "No space left on device". */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (read-only?)";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return e instanceof java.io.EOFException ? "the file ends too early" : "I/O error";
        }
        return e.getMessage();
    }

    /** Whether the failure means the location cannot be written (read-only or no permission). */
    public static boolean notWritable(Throwable e) {
        return e instanceof AccessDeniedException
                || e instanceof ReadOnlyFileSystemException
                || (e instanceof FileSystemException fs
                        && fs.getReason() != null
                        && fs.getReason().contains("Read-only file system"));
    }
}
