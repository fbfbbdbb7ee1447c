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
public record TrainReport(
        TrainBenchmark.Settings settings, String data, String engine, List<TrainBenchmark.Phase> phases) {
    /** dsml's real training path. */
    public static final String DSML = "dsml";
    /** The hand-written DJL loop with {@code trainer.step()}. */
    public static final String RAW = "raw-djl";
    /**
     * The hand-written DJL loop with a direct optimizer step: on one MXNet device the same
     * arithmetic as dsml; elsewhere dsml steps through the trainer, as {@link #RAW} does.
     */
    public static final String RAW_DIRECT = "raw-direct";

    /** Environment variables that change how the engine runs, as they were at start. */
    private static final List<String> ENVIRONMENT = List.of(
            "OMP_NUM_THREADS",
            "OMP_WAIT_POLICY",
            "GOMP_SPINCOUNT",
            "MXNET_ENGINE_TYPE",
            "MXNET_MKLDNN_ENABLED",
            "MXNET_CPU_WORKER_NTHREADS",
            "MXNET_OMP_MAX_THREADS",
            "MXNET_USE_OPERATOR_TUNING");

    /** Median images per second of one path over the rounds. */
    public double medianImagesPerSecond(String path) {
        return quantile(
                phases.stream()
                        .filter(p -> p.path().equals(path))
                        .map(TrainBenchmark.Phase::imagesPerSecond)
                        .toList(),
                0.5);
    }

    /**
     * dsml's throughput deficit against {@code baseline} within each round, {@code 1 - dsml /
     * baseline} (positive = dsml slower), in round order. A round's runs are adjacent in time, so
     * the machine's slower stretches mostly cancel in these ratios.
     */
    public List<Double> pairedOverheads(String baseline) {
        Map<Integer, Double> dsml = new TreeMap<>();
        Map<Integer, Double> base = new TreeMap<>();
        for (TrainBenchmark.Phase p : phases) {
            if (p.path().equals(DSML)) {
                dsml.put(p.round(), p.imagesPerSecond());
            } else if (p.path().equals(baseline)) {
                base.put(p.round(), p.imagesPerSecond());
            }
        }
        List<Double> out = new ArrayList<>();
        dsml.forEach((round, ips) -> {
            if (base.containsKey(round)) {
                out.add(1 - ips / base.get(round));
            }
        });
        return out;
    }

    /** The median of the paired per-round overheads against {@code baseline}. */
    public double overhead(String baseline) {
        return quantile(pairedOverheads(baseline), 0.5);
    }

    /** The {@code q}-quantile (0..1) of the paired overheads against {@code baseline}. */
    public double overheadQuantile(String baseline, double q) {
        return quantile(pairedOverheads(baseline), q);
    }

    /** Linearly interpolated quantile; NaN for no values. */
    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.size() - 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
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

    /** A figure for people: "-" where the path did not run (NaN). */
    private static String text(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** A JSON number, or {@code null} where the path did not run (NaN is not JSON). */
    private static String json(double value, String format) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, format, value);
    }

    /** A table for people. */
    public String toText() {
        TrainBenchmark.Settings s = settings;
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "bench train: %s + %s, batch %d, %d timed steps after %d warm-up, %d round(s) after %d warm-up"
                        + " round(s), %s%n",
                s.backbone(),
                s.loss(),
                s.batch(),
                s.steps(),
                s.warmup(),
                s.rounds(),
                s.warmupRounds(),
                s.interleaved() ? "paths interleaved step by step" : "paths run one after the other"));
        out.append(String.format(
                Locale.ROOT,
                "data: %s (%s); engine: %s; %d cores; env %s%n",
                s.dataset(),
                data,
                engine,
                Runtime.getRuntime().availableProcessors(),
                environment()));
        out.append(String.format(
                Locale.ROOT,
                "%-5s %-10s %6s %9s %10s %13s%n",
                "round",
                "path",
                "steps",
                "seconds",
                "images/s",
                "peak RSS MiB"));
        for (TrainBenchmark.Phase p : phases) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-5d %-10s %6d %9.3f %10.1f %13.0f%n",
                    p.round(),
                    p.path(),
                    p.steps(),
                    p.seconds(),
                    p.imagesPerSecond(),
                    p.peakRssMiB()));
        }
        out.append(String.format(
                Locale.ROOT,
                "median images/s: dsml %s, raw DJL %s, raw DJL direct step %s%n",
                text(medianImagesPerSecond(DSML)),
                text(medianImagesPerSecond(RAW)),
                text(medianImagesPerSecond(RAW_DIRECT))));
        if (settings.dsmlOnly()) {
            out.append("dsml's path alone (--dsml-only): no raw loops, no overhead figures\n");
            return out.toString();
        }
        for (String baseline : List.of(RAW_DIRECT, RAW)) {
            List<String> paired = new ArrayList<>();
            pairedOverheads(baseline).forEach(o -> paired.add(String.format(Locale.ROOT, "%.1f", 100 * o)));
            out.append(String.format(
                    Locale.ROOT,
                    "dsml overhead vs %s: median %.1f%%, quartiles %.1f%% .. %.1f%% over %d rounds (%s)%n",
                    baseline,
                    100 * overhead(baseline),
                    100 * overheadQuantile(baseline, 0.25),
                    100 * overheadQuantile(baseline, 0.75),
                    paired.size(),
                    String.join(" ", paired)));
        }
        out.append("target: overhead <= 5%; raw-djl steps with trainer.step(), raw-direct applies the optimizer"
                + " directly (as dsml does on one MXNet device)\n");
        return out.toString();
    }

    /** One JSON object, keys stable for scripts. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{");
        out.append(String.format(
                Locale.ROOT,
                "\"backbone\":\"%s\",\"loss\":\"%s\",\"batch\":%d,\"steps\":%d,\"warmup\":%d,\"rounds\":%d,"
                        + "\"warmup_rounds\":%d,\"interleaved\":%b,\"dsml_only\":%b,",
                settings.backbone(),
                settings.loss(),
                settings.batch(),
                settings.steps(),
                settings.warmup(),
                settings.rounds(),
                settings.warmupRounds(),
                settings.interleaved(),
                settings.dsmlOnly()));
        out.append(String.format(
                Locale.ROOT,
                "\"dataset\":\"%s\",\"engine\":\"%s\",\"cores\":%d,",
                settings.dataset(),
                engine,
                Runtime.getRuntime().availableProcessors()));
        out.append("\"env\":{");
        List<String> env = new ArrayList<>();
        environment().forEach((k, v) -> env.add("\"" + k + "\":\"" + v + "\""));
        out.append(String.join(",", env)).append("},\"phases\":[");
        List<String> items = new ArrayList<>();
        for (TrainBenchmark.Phase p : phases) {
            items.add(String.format(
                    Locale.ROOT,
                    "{\"round\":%d,\"path\":\"%s\",\"steps\":%d,\"seconds\":%.4f,\"images_per_second\":%.2f,"
                            + "\"peak_rss_mib\":%.1f}",
                    p.round(),
                    p.path(),
                    p.steps(),
                    p.seconds(),
                    p.imagesPerSecond(),
                    p.peakRssMiB()));
        }
        out.append(String.join(",", items)).append("],");
        out.append(String.format(
                Locale.ROOT,
                "\"dsml_images_per_second\":%s,\"raw_djl_images_per_second\":%s,"
                        + "\"raw_direct_images_per_second\":%s,",
                json(medianImagesPerSecond(DSML), "%.2f"),
                json(medianImagesPerSecond(RAW), "%.2f"),
                json(medianImagesPerSecond(RAW_DIRECT), "%.2f")));
        out.append(overheadJson("overhead", RAW)).append(',').append(overheadJson("overhead_direct", RAW_DIRECT));
        out.append('}');
        return out.toString();
    }

    /** {@code "key":median,"key_q1":..,"key_q3":..,"key_paired":[..]} against {@code baseline}. */
    private String overheadJson(String key, String baseline) {
        List<String> paired = new ArrayList<>();
        pairedOverheads(baseline).forEach(o -> paired.add(String.format(Locale.ROOT, "%.4f", o)));
        return String.format(
                Locale.ROOT,
                "\"%s\":%s,\"%s_q1\":%s,\"%s_q3\":%s,\"%s_paired\":[%s]",
                key,
                json(overhead(baseline), "%.4f"),
                key,
                json(overheadQuantile(baseline, 0.25), "%.4f"),
                key,
                json(overheadQuantile(baseline, 0.75), "%.4f"),
                key,
                String.join(",", paired));
    }
}
