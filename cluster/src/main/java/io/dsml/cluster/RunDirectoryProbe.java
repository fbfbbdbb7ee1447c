package io.dsml.cluster;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Before any cell starts: every executor must see the run directory the driver created (a shared
 * POSIX path: NFS, Lustre, a mounted volume) and be able to write in it. The driver leaves a marker
 * file there; probe tasks, spread over the executors, look for it and create and delete a file.
 * Hadoop file systems (hdfs://, s3a://) are not supported: cells write with java.nio.
 */
final class RunDirectoryProbe {
    private RunDirectoryProbe() {}

    static void check(JavaSparkContext spark, Path runDir) {
        String marker = ".dsml-driver-" + UUID.randomUUID();
        Path markerFile = runDir.resolve(marker);
        try {
            Files.writeString(markerFile, "written by the driver to check that executors see this directory\n");
        } catch (IOException e) {
            throw new DsmlException(runDir + ": the driver cannot write the run directory: " + e.getMessage());
        }
        try {
            int probes = Math.max(2, spark.defaultParallelism());
            String dir = runDir.toString();
            List<String> problems = spark.parallelize(
                            IntStream.range(0, probes).boxed().toList(), probes)
                    .map(i -> probe(dir, marker))
                    .filter(problem -> !problem.isEmpty())
                    .distinct()
                    .collect();
            if (!problems.isEmpty()) {
                throw new DsmlException("run directory " + runDir + ": " + problems.get(0)
                        + "; the run directory must be on storage every executor sees and can write");
            }
        } finally {
            try {
                Files.deleteIfExists(markerFile);
            } catch (IOException ignored) {
                // a leftover marker is harmless
            }
        }
    }

    /** Empty if this executor sees the marker and can write beside it, else what is wrong. */
    static String probe(String runDir, String marker) {
        String where = host() + " (pid " + ProcessHandle.current().pid() + ")";
        Path dir = Path.of(runDir);
        if (!Files.exists(dir.resolve(marker))) {
            return "the executor on " + where + " does not see the driver's files in it";
        }
        Path mine = dir.resolve(".dsml-probe-" + UUID.randomUUID());
        try {
            Files.writeString(mine, "probe\n");
            Files.delete(mine);
            return "";
        } catch (IOException e) {
            return "the executor on " + where + " cannot write in it (" + e + ")";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
