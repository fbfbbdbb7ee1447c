package io.dsml.app.cli;

import ai.djl.util.cuda.CudaUtils;
import io.dsml.core.engine.DsmlEngine;
import io.dsml.core.engine.EngineSelection;
import io.dsml.core.inject.Registries;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.data.local.LocalDataset;
import io.dsml.data.locate.DataLocator;
import io.dsml.data.pipeline.ImageDecoder;
import io.dsml.evaluation.compute.Blas;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code dsml doctor}: the set-up on one screen, for bug reports. Exit 0 when the chosen engine
 * starts and computes, else 2 with one last line that says what to do.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Show Java, OS, cores, memory, each engine (version, native library, CPU/CUDA), GPUs, BLAS, "
                + "the JPEG decoder, thread settings and data directories; exit 2 when the chosen engine cannot run.")
public final class DoctorCommand extends ComponentsCommand implements Callable<Integer> {
    private static final List<String> THREAD_VARIABLES =
            List.of("OMP_NUM_THREADS", "MXNET_ENGINE_TYPE", "MXNET_CPU_WORKER_NTHREADS", "OPENBLAS_CORETYPE");
    private static final List<String> THREAD_PROPERTIES =
            List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads");
    private static final List<String> PYTORCH_VARIABLES =
            List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");

    @Override
    public Integer call() {
        PrintStream out = out();
        DsmlEngine chosen = EngineSelection.current();
        machine(out);
        out.println("engine:   " + chosen.key() + " (--engine, engine: in the experiment, "
                + EngineSelection.ENVIRONMENT + "; default mxnet)");
        EngineProbe chosenProbe = null;
        for (DsmlEngine engine : DsmlEngine.values()) {
            EngineProbe probe = EngineProbe.of(engine);
            describe(out, probe);
            if (engine == chosen) {
                chosenProbe = probe;
            }
        }
        gpus(out, chosenProbe);
        libraries(out);
        threads(out);
        data(out, registries);
        if (!chosenProbe.usable()) {
            err().println("dsml: the " + chosen.djlName() + " engine cannot run (" + chosenProbe.problem() + "); "
                    + remedy(chosen));
            return 2;
        }
        return 0;
    }

    private static void machine(PrintStream out) {
        out.println("java:     " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.home") + ")");
        out.println("os:       " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        out.println("cores:    " + Runtime.getRuntime().availableProcessors() + " available; cgroup CPU quota: "
                + cpuQuota());
        out.println(
                "memory:   " + meminfo("MemTotal") + " total, " + meminfo("MemAvailable") + " available; JVM heap max "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB; cgroup limit: "
                        + firstLine(Path.of("/sys/fs/cgroup/memory.max"), "none found"));
    }

    /** cgroup v2's cpu.max ("max 100000" or "QUOTA PERIOD"), else v1's quota and period. */
    static String cpuQuota() {
        String v2 = firstLine(Path.of("/sys/fs/cgroup/cpu.max"), null);
        if (v2 != null) {
            return quota(v2.split("\\s+"));
        }
        String quota = firstLine(Path.of("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), null);
        String period = firstLine(Path.of("/sys/fs/cgroup/cpu/cpu.cfs_period_us"), null);
        return quota == null || period == null ? "none found" : quota(new String[] {quota, period});
    }

    private static String quota(String[] quotaAndPeriod) {
        if (quotaAndPeriod.length < 2 || quotaAndPeriod[0].equals("max") || quotaAndPeriod[0].equals("-1")) {
            return "unlimited";
        }
        double cpus = Double.parseDouble(quotaAndPeriod[0]) / Double.parseDouble(quotaAndPeriod[1]);
        return String.format("%.2f CPUs (%s/%s us)", cpus, quotaAndPeriod[0], quotaAndPeriod[1]);
    }

    private static void describe(PrintStream out, EngineProbe probe) {
        DsmlEngine engine = probe.engine();
        String name = String.format("  %-8s ", engine.key());
        if (!probe.usable()) {
            out.println(name + "NOT USABLE: " + probe.problem());
        } else {
            out.println(name + probe.version() + ", " + probe.flavor() + ", " + probe.gpus() + " GPU(s), library "
                    + (probe.nativeLibrary() == null ? "unknown" : probe.nativeLibrary()));
        }
        if (engine == DsmlEngine.PYTORCH) {
            for (String variable : PYTORCH_VARIABLES) {
                String value = System.getenv(variable);
                String property = System.getProperty(variable);
                out.println("           " + variable
                        + (value != null ? " = " + value : property != null ? " = " + property + " (dsml)" : " unset"));
            }
        }
    }

    private static void gpus(PrintStream out, EngineProbe chosen) {
        String driver = firstLine(Path.of("/proc/driver/nvidia/version"), null);
        out.println("cuda:     driver " + (driver == null ? "none (/proc/driver/nvidia/version absent)" : driver));
        out.println("          CUDA runtime visible to DJL: " + CudaUtils.getGpuCount() + " GPU(s)"
                + (CudaUtils.hasCuda() ? ", CUDA " + CudaUtils.getCudaVersionString() : ""));
        if (chosen.usable() && chosen.gpus() == 0) {
            out.println("          the chosen engine sees no GPU: " + whyNoGpu(driver != null, chosen));
        }
    }

    private static String whyNoGpu(boolean driver, EngineProbe chosen) {
        if (!driver) {
            return "no NVIDIA driver on this machine";
        }
        if (chosen.engine() == DsmlEngine.MXNET) {
            return "dsml's MXNet is the CPU build; use --engine pytorch with a CUDA libtorch";
        }
        if ("cpu".equals(chosen.flavor())) {
            return "its libtorch is a CPU build; set PYTORCH_LIBRARY_PATH to a CUDA libtorch 2.7.1's lib/"
                    + (Boolean.getBoolean("ai.djl.offline") ? " (DJL is offline: it downloads none)" : "");
        }
        return "CUDA_VISIBLE_DEVICES=" + System.getenv("CUDA_VISIBLE_DEVICES");
    }

    private static void libraries(PrintStream out) {
        out.println("blas:     " + Blas.implementation() + (Blas.isNative() ? " (native)" : " (pure Java: slower)"));
        out.println("jpeg:     " + ImageDecoder.jpegDecoder());
        out.println("offline:  ai.djl.offline=" + System.getProperty("ai.djl.offline", "false"));
    }

    private static void threads(PrintStream out) {
        out.println("threads:  " + io.dsml.core.engine.ThreadSettings.describe());
        out.println("malloc:   " + io.dsml.core.engine.AllocatorSettings.describe());
        out.println("          free memory returned at each epoch's end by "
                + io.dsml.core.engine.FreeMemoryRelease.describe());
        StringBuilder line = new StringBuilder("          ");
        for (String variable : THREAD_VARIABLES) {
            line.append(' ')
                    .append(variable)
                    .append('=')
                    .append(Optional.ofNullable(System.getenv(variable)).orElse("unset"));
        }
        for (String property : THREAD_PROPERTIES) {
            line.append(' ').append(property).append('=').append(System.getProperty(property, "unset"));
        }
        out.println(line);
    }

    private static void data(PrintStream out, Registries registries) {
        String env = System.getenv(DataLocator.DATA_ENV);
        out.println("data:     $" + DataLocator.DATA_ENV + (env == null || env.isBlank() ? " unset" : " = " + env));
        for (Map.Entry<String, DatasetProvider> e : registries.datasets().all().entrySet()) {
            if (e.getValue() instanceof LocalDataset local) {
                out.println(String.format("  %-22s ", e.getKey())
                        + local.find(null)
                                .map(dir -> "present: " + dir)
                                .orElse("absent; searched " + local.searchPath(null)));
            }
        }
    }

    private static String remedy(DsmlEngine engine) {
        return engine == DsmlEngine.PYTORCH
                ? "check PYTORCH_LIBRARY_PATH names a libtorch 2.7.1 lib/ folder (or unset it to use the bundled "
                        + "CPU one), or run with --engine mxnet"
                : "run with --engine pytorch, or rebuild with ./mvnw -B -q install -DskipTests -pl benchmarks-app -am";
    }

    private static String meminfo(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith(key + ":"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024 + " MiB")
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String firstLine(Path file, String otherwise) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? otherwise : lines.get(0).strip();
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }
}
