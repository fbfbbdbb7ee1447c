package io.dsml.evaluation.bench;

import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.EvaluationResult;
import io.dsml.evaluation.Evaluator;
import io.dsml.evaluation.Metric;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import io.dsml.evaluation.compute.Blas;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Times a full evaluation (exact kNN retrieval metrics, then k-means NMI/AMI) on data from
 * {@link ClusteredData}, in this JVM. The CLI's {@code dsml bench evaluate --n N --dim D --k K
 * [--classes C]} calls {@link #run(int, int, int, int, long)}.
 *
 * <p>Recall is reported at K = 1, 10, 100, ... below {@code k}, and at {@code k} itself, so the
 * search depth is {@code k} (or the largest class, if larger, for R-Precision and MAP@R).
 */
public final class EvaluationBenchmark {
    /** File names used by {@code --export} and {@code --npy}. */
    public static final String EMBEDDINGS_FILE = "embeddings.npy";

    public static final String LABELS_FILE = "labels.npy";

    private EvaluationBenchmark() {}

    /**
     * Generates clustered data and evaluates every metric on it.
     *
     * @param classes number of classes; {@code <= 0} picks {@link #defaultClasses(int)}
     */
    public static BenchReport run(int n, int dim, int k, int classes, long seed) {
        return run(n, dim, k, classes, seed, EnumSet.allOf(Metric.class));
    }

    /** As {@link #run(int, int, int, int, long)} for a chosen subset of metrics. */
    public static BenchReport run(int n, int dim, int k, int classes, long seed, Set<Metric> metrics) {
        int c = classes > 0 ? classes : defaultClasses(n);
        long t0 = System.nanoTime();
        EmbeddingSet set = ClusteredData.generate(n, dim, c, ClusteredData.DEFAULT_NOISE, seed);
        double generate = seconds(t0);
        return evaluate(set, k, seed, metrics, generate);
    }

    /** SOP's ratio of rows to classes (60,502 / 11,316), at least one class. */
    public static int defaultClasses(int n) {
        return Math.max(1, (int) Math.round(n * 11316.0 / 60502.0));
    }

    /** Recall K values: 1, 10, 100, ... below {@code k}, then {@code k}. */
    static int[] recallKs(int k) {
        List<Integer> ks = new ArrayList<>();
        for (long p = 1; p < k; p *= 10) {
            ks.add((int) p);
        }
        ks.add(k);
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Evaluates an existing set (e.g. read from .npy) and times it. */
    public static BenchReport evaluate(
            EmbeddingSet set, int k, long seed, Set<Metric> metrics, double generateSeconds) {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        Set<Metric> retrieval = metrics.stream()
                .filter(Metric::isRetrieval)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Metric.class)));
        Set<Metric> clustering = EnumSet.copyOf(metrics);
        clustering.removeAll(retrieval);
        int threads = Runtime.getRuntime().availableProcessors();
        LinkedHashMap<String, Double> values = new LinkedHashMap<>();
        resetPeaks();
        double retrievalSeconds = 0;
        int lone = 0;
        if (!retrieval.isEmpty()) {
            long t = System.nanoTime();
            EvaluationResult r = Evaluator.builder()
                    .metrics(retrieval)
                    .recallAt(recallKs(k))
                    .threads(threads)
                    .seed(seed)
                    .build()
                    .evaluate(set);
            retrievalSeconds = seconds(t);
            values.putAll(r.values());
            lone = r.loneQueries();
        }
        double clusteringSeconds = 0;
        if (!clustering.isEmpty()) {
            long t = System.nanoTime();
            values.putAll(Evaluator.builder()
                    .metrics(clustering)
                    .threads(threads)
                    .seed(seed)
                    .build()
                    .evaluate(set)
                    .values());
            clusteringSeconds = seconds(t);
        }
        return new BenchReport(
                set.n(),
                set.dim(),
                k,
                set.classCount(),
                seed,
                Blas.implementation(),
                threads,
                generateSeconds,
                retrievalSeconds,
                clusteringSeconds,
                peakHeap(),
                Runtime.getRuntime().maxMemory(),
                values,
                lone);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
                .toList();
    }

    private static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /**
     * {@code --n N --dim D --k K [--classes C] [--seed S] [--metrics a,b] [--json]}, or
     * {@code --export DIR} to write the generated data as .npy instead of evaluating it, or
     * {@code --npy DIR} to evaluate {@code DIR/embeddings.npy} and {@code DIR/labels.npy}. Bad
     * arguments print one line and exit with status 2.
     */
    public static void main(String[] args) {
        try {
            Args a = Args.parse(args);
            if (a.export != null) {
                export(a);
                return;
            }
            BenchReport report = a.npy != null
                    ? evaluate(load(a.npy), a.k, a.seed, a.metrics, 0)
                    : run(a.n, a.dim, a.k, a.classes, a.seed, a.metrics);
            System.out.println(a.json ? report.toJson() : report.toText());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void export(Args a) throws IOException {
        int classes = a.classes > 0 ? a.classes : defaultClasses(a.n);
        EmbeddingSet set = ClusteredData.generate(a.n, a.dim, classes, ClusteredData.DEFAULT_NOISE, a.seed);
        Files.createDirectories(a.export);
        Npy.writeFloat(a.export.resolve(EMBEDDINGS_FILE), set.data(), set.n(), set.dim());
        Npy.writeInt(a.export.resolve(LABELS_FILE), set.labels(), set.n());
        System.out.println("wrote " + a.export.resolve(EMBEDDINGS_FILE) + " and " + LABELS_FILE);
    }

    /** Reads {@code dir/embeddings.npy} ([n, dim]) and {@code dir/labels.npy} ([n]). */
    static EmbeddingSet load(Path dir) throws IOException {
        NpyArray x = Npy.read(dir.resolve(EMBEDDINGS_FILE));
        if (x.shape().length != 2) {
            throw new IllegalArgumentException(dir.resolve(EMBEDDINGS_FILE)
                    + ": expected a 2-d array [n, dim], got shape " + Arrays.toString(x.shape()));
        }
        int[] labels = Npy.read(dir.resolve(LABELS_FILE)).asInts();
        return new EmbeddingSet(x.asFloats(), x.shape()[0], x.shape()[1], labels);
    }

    /** Minimal flag parsing for the stand-alone main (the dsml CLI has its own). */
    private static final class Args {
        int n = 60502;
        int dim = 512;
        int k = 1000;
        int classes;
        long seed;
        boolean json;
        Path export;
        Path npy;
        Set<Metric> metrics = EnumSet.allOf(Metric.class);

        static Args parse(String[] args) {
            Args a = new Args();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--json")) {
                    a.json = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String v = args[++i];
                switch (flag) {
                    case "--n" -> a.n = positive(flag, v);
                    case "--dim" -> a.dim = positive(flag, v);
                    case "--k" -> a.k = positive(flag, v);
                    case "--classes" -> a.classes = positive(flag, v);
                    case "--seed" -> a.seed = Long.parseLong(v);
                    case "--export" -> a.export = Path.of(v);
                    case "--npy" -> a.npy = Path.of(v);
                    case "--metrics" ->
                        a.metrics = Arrays.stream(v.split(","))
                                .map(Metric::parse)
                                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Metric.class)));
                    default ->
                        throw new IllegalArgumentException("unknown option " + flag
                                + " (valid: --n --dim --k --classes --seed --metrics --json --export --npy)");
                }
            }
            return a;
        }

        private static int positive(String flag, String v) {
            try {
                int x = Integer.parseInt(v);
                if (x >= 1) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " needs a positive integer, got '" + v + "'");
        }
    }
}
