package io.dsml.core.export;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Where and with what a cell was trained, for the run report: the source commit, the engine and
 * its native library, the JVM and the machine. Written as {@code provenance.json} next to the
 * model when the cell finishes. Unknown values (no git, no /proc/cpuinfo) are {@code "unknown"}.
 *
 * @param finishedAt when the cell finished (ISO-8601, UTC)
 * @param gitCommit {@code git rev-parse HEAD} in the working directory
 * @param gitDirty whether {@code git status --porcelain} listed changes to tracked files
 * @param djlVersion DJL's version
 * @param engine the engine's name
 * @param engineVersion the engine's native library version
 * @param devices the devices training ran on
 * @param java the JVM's vendor and version
 * @param os name, version and architecture
 * @param cpu the processor model
 * @param cores available processors
 * @param maxHeapMiB the JVM's maximum heap
 * @param host the host name
 */
public record Provenance(
        String finishedAt,
        String gitCommit,
        boolean gitDirty,
        String djlVersion,
        String engine,
        String engineVersion,
        String devices,
        String java,
        String os,
        String cpu,
        int cores,
        long maxHeapMiB,
        String host) {
    /** The file's name inside the model directory. */
    public static final String FILE = "provenance.json";

    private static final String UNKNOWN = "unknown";

    /** Collects the values for this process now. */
    public static Provenance collect() {
        Engine engine = Engine.getInstance();
        String status = git("status", "--porcelain", "--untracked-files=no");
        return new Provenance(
                Instant.now().toString(),
                orUnknown(git("rev-parse", "HEAD")),
                status != null && !status.isBlank(),
                orUnknown(Engine.getDjlVersion()),
                engine.getEngineName(),
                orUnknown(engine.getVersion()),
                Arrays.toString(engine.getDevices()),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                hostName());
    }

    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }
}
