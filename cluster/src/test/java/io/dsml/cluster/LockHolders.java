package io.dsml.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which process holds a POSIX lock on a file, read from Linux's {@code /proc/locks}. */
final class LockHolders {
    private LockHolders() {}

    /** The pid holding a lock on {@code file}, or {@code null}. */
    static Long pidHolding(Path file) {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                // "1: POSIX  ADVISORY  WRITE 12345 fd:01:4194 0 EOF"
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 5 && fields[1].equals("POSIX") && !fields[0].equals("->")) {
                    String[] device = fields[5].split(":");
                    if (device.length == 3 && Long.parseLong(device[2]) == inode) {
                        return Long.parseLong(fields[4]);
                    }
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
