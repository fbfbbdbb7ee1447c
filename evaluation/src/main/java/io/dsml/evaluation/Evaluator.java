package io.dsml.evaluation;

import io.dsml.evaluation.clustering.KMeans;
import io.dsml.evaluation.clustering.MutualInformation;
import io.dsml.evaluation.compute.Vectors;
import io.dsml.evaluation.knn.KnnSearch;
import io.dsml.evaluation.metrics.RetrievalMetrics;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes retrieval and clustering metrics for embeddings. Immutable and thread-safe; build one
 * with {@link #builder()}.
 *
 * <p><b>Similarity.</b> Rows are L2-normalised internally (a copy; a zero row stays zero), so
 * neighbours are ranked by cosine similarity, computed exactly in blocks (see
 * {@link io.dsml.evaluation.knn}).
 *
 * <p><b>Self-exclusion.</b> With one set, each query is searched against all other rows: its own
 * row is excluded by index, not by dropping the first hit, so an exact duplicate of the query
 * stays a neighbour (with similarity 1), as it would be in a separate gallery.
 *
 * <p><b>Ties</b> in similarity are broken pessimistically: among exactly equal similarities the
 * gallery items of another class than the query's rank first, then the lower index. So a
 * positive tied with a negative never counts as a hit, and the metrics depend only on the
 * similarities and the labels, not on the order of the rows (all-zero embeddings, whose cosines
 * are all 0, score 0 rather than whatever their row order gives). A brute-force argsort or
 * scikit-learn's {@code NearestNeighbors} leave the order of ties to their sort (index order for
 * a stable one), so they agree with this only where no positive ties with a negative.
 *
 * <p><b>Lone queries</b> (no other gallery item with their class) are excluded from the mean of
 * every retrieval metric and counted in {@link EvaluationResult#loneQueries()}. When every query
 * is lone the retrieval metrics are undefined; when every candidate has the query's class they
 * are trivially 1; NMI and AMI are trivially 1 when every query is a class of its own or all
 * share one class. All of these throw {@link UndefinedMetricException} (see {@link
 * #requireDefined}).
 *
 * <p><b>Clustering.</b> NMI and AMI cluster the (normalised) query rows with k-means,
 * k = number of distinct query labels, and compare clusters to labels.
 */
public final class Evaluator {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private static final String RETRIEVAL_NAMES = "recall, precision_at_1, r_precision and map_at_r";

    private final Set<Metric> metrics;
    private final int[] recallAt;
    private final long seed;
    private final int threads;
    private final int kmeansRestarts;
    private final int kmeansIterations;
    private final boolean spherical;
    private final int rCap;

    private Evaluator(Builder b) {
        this.metrics = EnumSet.copyOf(b.metrics);
        this.recallAt = b.recallAt.clone();
        this.seed = b.seed;
        this.threads = b.threads;
        this.kmeansRestarts = b.kmeansRestarts;
        this.kmeansIterations = b.kmeansIterations;
        this.spherical = b.spherical;
        this.rCap = b.rCap;
    }

    /** A builder with every metric, Recall@{1,2,4,8}, seed 0 and all available processors. */
    /**
     * Loads the system BLAS now, before a deep-learning engine loads its own OpenBLAS, so that both
     * bind to the fast system library (see {@code compute.Blas}). Harmless if called late or twice.
     */
    public static void preloadBlas() {
        io.dsml.evaluation.compute.Blas.preload();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One set: each query against all other rows of the same set, itself excluded. */
    public EvaluationResult evaluate(EmbeddingSet set) {
        requireNonNull(set, "embedding set");
        float[] unit = Vectors.normalizedCopy(set.data(), set.n(), set.dim());
        return evaluate(unit, set.labels(), unit, set.labels(), set.n(), set.n(), set.dim(), true);
    }

    /** Separate query and gallery sets; every gallery row is a candidate for every query. */
    public EvaluationResult evaluate(EmbeddingSet queries, EmbeddingSet gallery) {
        requireNonNull(queries, "query set");
        requireNonNull(gallery, "gallery set");
        if (queries.dim() != gallery.dim()) {
            throw new IllegalArgumentException(
                    "query dimension %d does not match gallery dimension %d".formatted(queries.dim(), gallery.dim()));
        }
        float[] q = Vectors.normalizedCopy(queries.data(), queries.n(), queries.dim());
        float[] g = Vectors.normalizedCopy(gallery.data(), gallery.n(), gallery.dim());
        return evaluate(q, queries.labels(), g, gallery.labels(), queries.n(), gallery.n(), queries.dim(), false);
    }

    /**
     * Checks that every requested metric means something for these labels, each query against
     * the gallery, or against the other samples of one set when {@code galleryLabels} is null.
     *
     * @throws UndefinedMetricException if a retrieval metric is requested and no query has another
     *     sample of its class in the gallery, or every candidate has one class (each ranking is
     *     then all positives); or NMI or AMI is requested and every one of two or more queries has
     *     a class of its own, or all queries have one class
     */
    public void requireDefined(int[] queryLabels, int[] galleryLabels) {
        requireNonNull(queryLabels, "query labels");
        if (metrics.stream().anyMatch(Metric::isRetrieval)) {
            String candidates = galleryLabels == null ? "set" : "gallery";
            if (!anyQueryHasAPositive(queryLabels, galleryLabels)) {
                throw new UndefinedMetricException("no query has another sample of its class in the " + candidates
                        + " (" + queryLabels.length + " queries), so " + RETRIEVAL_NAMES + " are undefined");
            }
            int[] ranked = galleryLabels == null ? queryLabels : galleryLabels;
            if (Arrays.stream(ranked).distinct().count() == 1) {
                throw new UndefinedMetricException("every sample of the " + candidates + " has the same class ("
                        + ranked[0] + "), so " + RETRIEVAL_NAMES + " are trivially 1; give labels of at least"
                        + " two classes");
            }
        }
        long classes = Arrays.stream(queryLabels).distinct().count();
        boolean clustering = metrics.contains(Metric.NMI) || metrics.contains(Metric.AMI);
        if (clustering && queryLabels.length > 1 && classes == queryLabels.length) {
            throw new UndefinedMetricException("every one of the " + queryLabels.length
                    + " queries is a class of its own, so NMI and AMI (k-means with one cluster per class) are"
                    + " trivially 1; leave nmi and ami out of the metrics");
        }
        if (clustering && classes == 1) {
            throw new UndefinedMetricException("all " + queryLabels.length + " queries have the same class ("
                    + queryLabels[0] + "), so NMI and AMI (k-means with one cluster) are trivially 1; leave nmi"
                    + " and ami out of the metrics");
        }
    }

    private static boolean anyQueryHasAPositive(int[] queryLabels, int[] galleryLabels) {
        if (galleryLabels == null) {
            return Arrays.stream(queryLabels).distinct().count() < queryLabels.length;
        }
        java.util.Set<Integer> gallery = new java.util.HashSet<>();
        for (int label : galleryLabels) {
            gallery.add(label);
        }
        return Arrays.stream(queryLabels).anyMatch(gallery::contains);
    }

    private EvaluationResult evaluate(
            float[] q, int[] ql, float[] g, int[] gl, int nq, int ng, int dim, boolean sameSource) {
        requireDefined(ql, sameSource ? null : gl);
        LinkedHashMap<String, Double> values = new LinkedHashMap<>();
        int lone = 0;
        if (metrics.stream().anyMatch(Metric::isRetrieval)) {
            RetrievalMetrics.Result r = retrieval(q, ql, g, gl, nq, ng, dim, sameSource);
            lone = r.loneQueries();
            putRetrieval(values, r);
        }
        if (metrics.contains(Metric.NMI) || metrics.contains(Metric.AMI)) {
            putClustering(values, q, ql, nq, dim);
        }
        return new EvaluationResult(values, lone);
    }

    private RetrievalMetrics.Result retrieval(
            float[] q, int[] ql, float[] g, int[] gl, int nq, int ng, int dim, boolean sameSource) {
        int available = sameSource ? ng - 1 : ng;
        int[] ks = metrics.contains(Metric.RECALL) ? recallAt : new int[0];
        for (int k : ks) {
            if (k > available) {
                throw new IllegalArgumentException(
                        "recall@%d needs %d neighbours but the gallery has only %d candidates per query"
                                .formatted(k, k, available));
            }
        }
        RetrievalMetrics acc = new RetrievalMetrics(
                new RetrievalMetrics.Config(
                        ks,
                        metrics.contains(Metric.PRECISION_AT_1),
                        metrics.contains(Metric.R_PRECISION),
                        metrics.contains(Metric.MAP_AT_R),
                        rCap),
                ql,
                gl,
                sameSource);
        int k = Math.min(acc.neededK(), available);
        if (k < 1) {
            throw new IllegalArgumentException("the gallery has no candidates for retrieval metrics");
        }
        long start = System.nanoTime();
        new KnnSearch(k, threads).search(q, nq, g, ng, dim, sameSource, new KnnSearch.Labels(ql, gl), acc::add);
        RetrievalMetrics.Result r = acc.result();
        LOG.debug(
                "exact {}-NN of {} queries in {} gallery rows: {} ms",
                k,
                nq,
                ng,
                (System.nanoTime() - start) / 1_000_000);
        if (r.loneQueries() > 0) {
            LOG.info("{} of {} queries have no other item of their class and are excluded", r.loneQueries(), nq);
        }
        return r;
    }

    private void putRetrieval(LinkedHashMap<String, Double> values, RetrievalMetrics.Result r) {
        if (metrics.contains(Metric.RECALL)) {
            for (int j = 0; j < recallAt.length; j++) {
                values.put(Metric.RECALL.key() + "@" + recallAt[j], r.recall()[j]);
            }
        }
        putIf(values, Metric.PRECISION_AT_1, r.precisionAt1());
        putIf(values, Metric.R_PRECISION, r.rPrecision());
        putIf(values, Metric.MAP_AT_R, r.mapAtR());
    }

    private void putClustering(LinkedHashMap<String, Double> values, float[] q, int[] labels, int n, int dim) {
        int k = (int) Arrays.stream(labels).distinct().count();
        long start = System.nanoTime();
        KMeans.Result clusters = KMeans.fit(
                q, n, dim, k, new KMeans.Options(kmeansRestarts, kmeansIterations, 1e-4, spherical, seed, threads));
        LOG.debug(
                "k-means k={} on {} rows: {} iterations, {} ms",
                k,
                n,
                clusters.iterations(),
                (System.nanoTime() - start) / 1_000_000);
        if (metrics.contains(Metric.NMI)) {
            values.put(Metric.NMI.key(), MutualInformation.nmi(labels, clusters.assignment()));
        }
        if (metrics.contains(Metric.AMI)) {
            values.put(Metric.AMI.key(), MutualInformation.ami(labels, clusters.assignment()));
        }
    }

    private void putIf(LinkedHashMap<String, Double> values, Metric m, double v) {
        if (metrics.contains(m)) {
            values.put(m.key(), v);
        }
    }

    private static void requireNonNull(Object o, String what) {
        if (o == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
    }

    /** Configures an {@link Evaluator}; every setter validates its argument. */
    public static final class Builder {
        private Set<Metric> metrics = EnumSet.allOf(Metric.class);
        private int[] recallAt = {1, 2, 4, 8};
        private long seed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int kmeansRestarts = 3;
        private int kmeansIterations = 20;
        private boolean spherical;
        private int rCap;

        private Builder() {}

        /** Metrics to compute (default: all). */
        public Builder metrics(Set<Metric> metrics) {
            if (metrics == null || metrics.isEmpty()) {
                throw new IllegalArgumentException("at least one metric is required");
            }
            this.metrics = EnumSet.copyOf(metrics);
            return this;
        }

        /** The K values of Recall@K, each >= 1, duplicates dropped (default 1, 2, 4, 8). */
        public Builder recallAt(int... ks) {
            if (ks == null || ks.length == 0) {
                throw new IllegalArgumentException("recallAt needs at least one K");
            }
            for (int k : ks) {
                if (k < 1) {
                    throw new IllegalArgumentException("recall K must be >= 1, got " + k);
                }
            }
            this.recallAt = Arrays.stream(ks).distinct().toArray();
            return this;
        }

        /** Seed of the k-means initialisation (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Worker threads (default: available processors). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Independent k-means seedings; the lowest objective wins (default 3). */
        public Builder kmeansRestarts(int restarts) {
            if (restarts < 1) {
                throw new IllegalArgumentException("kmeansRestarts must be >= 1, got " + restarts);
            }
            this.kmeansRestarts = restarts;
            return this;
        }

        /** Maximum Lloyd iterations per k-means restart (default 20, as faiss's default). */
        public Builder kmeansIterations(int iterations) {
            if (iterations < 1) {
                throw new IllegalArgumentException("kmeansIterations must be >= 1, got " + iterations);
            }
            this.kmeansIterations = iterations;
            return this;
        }

        /** Spherical k-means (cosine, unit centres) instead of Euclidean (default false). */
        public Builder spherical(boolean spherical) {
            this.spherical = spherical;
            return this;
        }

        /**
         * Caps R for R-Precision and MAP@R at {@code cap} (pytorch-metric-learning's {@code k});
         * 0, the default, means no cap.
         */
        public Builder rCap(int cap) {
            if (cap < 0) {
                throw new IllegalArgumentException("rCap must be >= 0 (0 = no cap), got " + cap);
            }
            this.rCap = cap;
            return this;
        }

        /** Builds the evaluator. */
        public Evaluator build() {
            return new Evaluator(this);
        }
    }
}
