package io.dsml.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: a Master and a Worker, each its own JVM
 * started from the test class path, the Worker launching executor JVMs as on any cluster. The
 * Worker can be started in its own mount namespace with one directory mounted read-only, so that
 * its executors cannot write where the driver can.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path home;
    private final int port;
    private final Process master;
    private final Process worker;

    private StandaloneCluster(Path home, int port, Process master, Process worker) {
        this.home = home;
        this.port = port;
        this.master = master;
        this.worker = worker;
    }

    /**
     * Starts a Master and a Worker with {@code cores} cores.
     *
     * @param readOnlyForExecutors a directory the Worker and its executors see read-only, or
     *     {@code null}
     */
    static StandaloneCluster start(Path home, int cores, Path readOnlyForExecutors) throws Exception {
        // The Worker builds executor command lines from SPARK_HOME/jars; the executors get
        // everything from spark.executor.extraClassPath (the test class path), so it is empty.
        Files.createDirectories(home.resolve("spark-home/jars"));
        Files.createDirectories(home.resolve("work"));
        int port = freePort();
        Process master = java(
                home.resolve("master.log"),
                List.of(),
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--webui-port",
                Integer.toString(freePort()));
        List<String> prefix = readOnlyForExecutors == null
                ? List.of()
                : List.of(
                        "unshare",
                        "-m",
                        "sh",
                        "-c",
                        "mount --bind \"$0\" \"$0\" && mount -o remount,ro,bind \"$0\" && exec \"$@\"",
                        readOnlyForExecutors.toString());
        Process worker = java(
                home.resolve("worker.log"),
                prefix,
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--cores",
                Integer.toString(cores),
                "--memory",
                "4g",
                "--work-dir",
                home.resolve("work").toString(),
                "--webui-port",
                Integer.toString(freePort()),
                "spark://127.0.0.1:" + port);
        StandaloneCluster cluster = new StandaloneCluster(home, port, master, worker);
        cluster.awaitLog(home.resolve("worker.log"), "Successfully registered with master", 180);
        return cluster;
    }

    /** Whether this machine lets a process have its own mount namespace (root, or user namespaces). */
    static boolean mountNamespacesWork() {
        try {
            Process p = new ProcessBuilder("unshare", "-m", "true")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** The executor JVMs the Worker is running now. */
    List<ProcessHandle> executors() {
        return worker.toHandle()
                .descendants()
                .filter(p ->
                        p.parent().map(parent -> parent.pid() == worker.pid()).orElse(false))
                .toList();
    }

    /** Whether {@code pid} is an executor JVM of this cluster's Worker (its direct child). */
    boolean isExecutor(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(ProcessHandle::parent)
                .map(parent -> parent.pid() == worker.pid())
                .orElse(false);
    }

    /** Every executor's stderr so far (work/app-*&#47;N/stderr). */
    String executorLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(home.resolve("work"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr"))
                    .toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private void awaitLog(Path log, String line, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!worker.isAlive() || !master.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("the standalone cluster did not start: " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static Process java(Path log, List<String> prefix, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dlogback.configurationFile="
                + StandaloneCluster.class
                        .getResource("/spark-daemons-logback.xml")
                        .getPath());
        command.addAll(List.of(System.getProperty("dsml.spark.java.options", "").split(" ")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .put("SPARK_HOME", log.getParent().resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : List.of(worker, master)) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : List.of(worker, master)) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
