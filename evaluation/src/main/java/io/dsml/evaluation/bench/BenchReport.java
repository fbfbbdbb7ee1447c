package io.dsml.evaluation.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one benchmark run measured.
 *
 * @param n rows
 * @param dim dimension
 * @param k largest Recall@K (the search depth)
 * @param classes distinct labels (also the k of k-means)
 * @param seed data and k-means seed
 * @param blas the BLAS implementation used (JNIBLAS = native OpenBLAS, otherwise pure Java)
 * @param threads worker threads
 * @param generateSeconds time to generate the data
 * @param retrievalSeconds exact kNN search plus retrieval metrics
 * @param clusteringSeconds k-means plus NMI/AMI (0 if not requested)
 * @param peakHeapBytes peak heap use during the evaluation: the sum of each heap pool's peak, an
 *     upper bound on the true simultaneous peak
 * @param maxHeapBytes the JVM's maximum heap ({@code -Xmx})
 * @param metrics the metric values
 * @param loneQueries queries excluded for having no other item of their class
 */
public record BenchReport(
        int n,
        int dim,
        int k,
        int classes,
        long seed,
        String blas,
        int threads,
        double generateSeconds,
        double retrievalSeconds,
        double clusteringSeconds,
        long peakHeapBytes,
        long maxHeapBytes,
        LinkedHashMap<String, Double> metrics,
        int loneQueries) {

    /** Total evaluation time, excluding data generation. */
    public double evaluationSeconds() {
        return retrievalSeconds + clusteringSeconds;
    }

    /** A short human-readable summary, one item per line. */
    public String toText() {
        String values = metrics.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "  %-16s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
        return String.format(
                Locale.ROOT,
                """
        dsml evaluation benchmark: n=%d dim=%d k=%d classes=%d seed=%d
        blas=%s threads=%d
        generate    %8.2f s
        retrieval   %8.2f s  (exact %d-NN + recall/precision/MAP@R)
        clustering  %8.2f s  (k-means k=%d + NMI/AMI)
        evaluation  %8.2f s
        peak heap   %8.1f MiB of %.1f MiB max
        lone queries %d
        %s""",
                n,
                dim,
                k,
                classes,
                seed,
                blas,
                threads,
                generateSeconds,
                retrievalSeconds,
                k,
                clusteringSeconds,
                classes,
                evaluationSeconds(),
                peakHeapBytes / 1048576.0,
                maxHeapBytes / 1048576.0,
                loneQueries,
                values);
    }

    /** One JSON object (flat, no external library needed). */
    public String toJson() {
        String values = metrics.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "\"%s\": %.10g", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "{\"n\": %d, \"dim\": %d, \"k\": %d, \"classes\": %d, "
                        + "\"seed\": %d, \"blas\": \"%s\", \"threads\": %d, \"generate_s\": %.3f, "
                        + "\"retrieval_s\": %.3f, \"clustering_s\": %.3f, \"peak_heap_bytes\": %d, "
                        + "\"max_heap_bytes\": %d, \"lone_queries\": %d, \"metrics\": {%s}}",
                n,
                dim,
                k,
                classes,
                seed,
                blas,
                threads,
                generateSeconds,
                retrievalSeconds,
                clusteringSeconds,
                peakHeapBytes,
                maxHeapBytes,
                loneQueries,
                values);
    }
}
