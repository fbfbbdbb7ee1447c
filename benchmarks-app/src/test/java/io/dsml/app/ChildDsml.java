package io.dsml.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@code dsml} in a child JVM on the test class path (kill, signal and sharing tests). */
final class ChildDsml {
    private ChildDsml() {}

    /**
     * @param workDir the child's working directory (where a crashing JVM leaves its hs_err file), or
     *     {@code null} for this process's
     * @param log where the child's standard output and error go
     * @param jvmOptions extra JVM options, e.g. {@code -Xmx1g}
     * @param args dsml's arguments
     */
    static Process start(Path workDir, Path log, List<String> jvmOptions, List<String> args) throws Exception {
        return start(workDir, log, jvmOptions, args, Map.of());
    }

    /** As {@link #start(Path, Path, List, List)}, with {@code environment} added to the child's. */
    static Process start(
            Path workDir, Path log, List<String> jvmOptions, List<String> args, Map<String, String> environment)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dai.djl.offline=true");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Dsml.class.getName()));
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Runs dsml in a child JVM to its end (at most 15 minutes, else the child is killed and the
     * test fails) and returns its exit code; its output is in {@code log}.
     */
    static int run(Path log, List<String> args) throws Exception {
        return run(log, args, Map.of());
    }

    /** As {@link #run(Path, List)}, with {@code environment} added to the child's. */
    static int run(Path log, List<String> args, Map<String, String> environment) throws Exception {
        Process child = start(null, log, List.of(), args, environment);
        if (!child.waitFor(15, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("dsml " + String.join(" ", args) + " did not finish in 15 minutes");
        }
        return child.exitValue();
    }
}
