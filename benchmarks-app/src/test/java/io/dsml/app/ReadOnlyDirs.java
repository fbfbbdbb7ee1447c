package io.dsml.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a directory unwritable for a test: by its mode, or, for root (whom modes do not stop), with
 * the immutable attribute ({@code chattr +i}).
 */
final class ReadOnlyDirs {
    private ReadOnlyDirs() {}

    /** Whether {@code dir} is now unwritable; false if neither way works on this machine. */
    static boolean make(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!canCreateIn(dir)) {
                return true;
            }
            Process chattr = new ProcessBuilder("chattr", "+i", dir.toString())
                    .redirectErrorStream(true)
                    .start();
            return chattr.waitFor() == 0 && !canCreateIn(dir);
        } catch (IOException | InterruptedException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Makes {@code dir} writable again. */
    static void undo(Path dir) throws IOException {
        try {
            new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // no chattr: the mode below is all there is to undo
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
