package io.dsml.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code dsml bench train} measured, as text for people or JSON for scripts
 * ({@code benchmarks/train/torch_compare.py}).
 *
 * @param data the training split's size and image shape
 * @param engine engine name, version and device
 * @param phases one entry per path and round
 */
public record TrainReport(TrainBenchmark.Settings settings, String data, String engine,
        List<TrainBenchmark.Phase> phases) {
    /** Environment variables that change how the engine runs, as they were at start. */
    private static final List<String> ENVIRONMENT = List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
            "MXNET_ENGINE_TYPE", "MXNET_MKLDNN_ENABLED", "MXNET_CPU_WORKER_NTHREADS", "MXNET_OMP_MAX_THREADS",
            "MXNET_USE_OPERATOR_TUNING");

    /** Median images per second of one path over the rounds. */
    public double medianImagesPerSecond(String path) {
        List<Double> values = new ArrayList<>();
        phases.stream().filter(p -> p.path().equals(path)).forEach(p -> values.add(p.imagesPerSecond()));
        values.sort(null);
        int n = values.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** dsml's throughput deficit against the raw loop: 1 - dsml / raw (positive = dsml slower). */
    public double overhead() {
        return 1 - medianImagesPerSecond("dsml") / medianImagesPerSecond("raw-djl");
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        for (String key : ENVIRONMENT) {
            String value = System.getenv(key);
            if (value != null) {
                env.put(key, value);
            }
        }
        String threads = System.getProperty(NativeEnv.THREADS_PROPERTY);
        if (threads != null) {
            env.put("OMP_NUM_THREADS", threads);
        }
        return env;
    }

    /** A table for people. */
    public String toText() {
        TrainBenchmark.Settings s = settings;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "bench train: %s + %s, batch %d, %d timed steps after %d warm-up, %d round(s)%n", s.backbone(),
                s.loss(), s.batch(), s.steps(), s.warmup(), s.rounds()));
        out.append(String.format(Locale.ROOT, "data: %s (%s); engine: %s; %d cores; env %s%n", s.dataset(), data,
                engine, Runtime.getRuntime().availableProcessors(), environment()));
        out.append(String.format(Locale.ROOT, "%-5s %-8s %6s %9s %10s %13s%n", "round", "path", "steps", "seconds",
                "images/s", "peak RSS MiB"));
        for (TrainBenchmark.Phase p : phases) {
            out.append(String.format(Locale.ROOT, "%-5d %-8s %6d %9.3f %10.1f %13.0f%n", p.round(), p.path(),
                    p.steps(), p.seconds(), p.imagesPerSecond(), p.peakRssMiB()));
        }
        out.append(String.format(Locale.ROOT,
                "median images/s: dsml %.1f, raw DJL %.1f; dsml overhead %.1f%% (target <= 5%%)%n",
                medianImagesPerSecond("dsml"), medianImagesPerSecond("raw-djl"), 100 * overhead()));
        return out.toString();
    }

    /** One JSON object, keys stable for scripts. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{");
        out.append(String.format(Locale.ROOT,
                "\"backbone\":\"%s\",\"loss\":\"%s\",\"batch\":%d,\"steps\":%d,\"warmup\":%d,\"rounds\":%d,",
                settings.backbone(), settings.loss(), settings.batch(), settings.steps(), settings.warmup(),
                settings.rounds()));
        out.append(String.format(Locale.ROOT, "\"dataset\":\"%s\",\"engine\":\"%s\",\"cores\":%d,",
                settings.dataset(), engine, Runtime.getRuntime().availableProcessors()));
        out.append("\"env\":{");
        List<String> env = new ArrayList<>();
        environment().forEach((k, v) -> env.add("\"" + k + "\":\"" + v + "\""));
        out.append(String.join(",", env)).append("},\"phases\":[");
        List<String> items = new ArrayList<>();
        for (TrainBenchmark.Phase p : phases) {
            items.add(String.format(Locale.ROOT,
                    "{\"round\":%d,\"path\":\"%s\",\"steps\":%d,\"seconds\":%.4f,\"images_per_second\":%.2f,"
                            + "\"peak_rss_mib\":%.1f}",
                    p.round(), p.path(), p.steps(), p.seconds(), p.imagesPerSecond(), p.peakRssMiB()));
        }
        out.append(String.join(",", items)).append("],");
        out.append(String.format(Locale.ROOT,
                "\"dsml_images_per_second\":%.2f,\"raw_djl_images_per_second\":%.2f,\"overhead\":%.4f}",
                medianImagesPerSecond("dsml"), medianImagesPerSecond("raw-djl"), overhead()));
        return out.toString();
    }
}
