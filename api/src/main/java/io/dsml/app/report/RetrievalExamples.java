package io.dsml.app.report;

import io.dsml.evaluation.compute.Vectors;
import io.dsml.evaluation.knn.KnnSearch;
import io.dsml.evaluation.knn.NeighbourBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Retrieval examples of one cell's test embeddings, each query against all other test samples by
 * cosine: the neighbours of a seeded sample of queries (the same sample for every cell with the
 * same test split, so cells can be compared query by query), and the queries with the lowest
 * R-precision among a seeded sample of at most {@link #RANKED_QUERIES} queries (all of them on
 * small test sets), so the cost stays bounded on SOP-sized sets.
 */
final class RetrievalExamples {
    /** Queries whose R-precision is computed to find the worst ones. */
    static final int RANKED_QUERIES = 2000;
    /** The largest R (neighbours per query) computed for R-precision. */
    static final int MAX_R = 1024;

    private RetrievalExamples() {}

    /**
     * One query and its neighbours.
     *
     * @param query the query's row in the test split
     * @param neighbours rows of its nearest other test samples, best first
     * @param cosines their cosine similarities
     * @param rPrecision the query's R-precision, or NaN when not computed
     */
    record Example(int query, int[] neighbours, float[] cosines, double rPrecision) {}

    /** The examples of one cell. */
    record Examples(List<Example> sampled, List<Example> worst, int rankedQueries) {}

    /**
     * @param embeddings {@code n x dim}, any norm (rows are normalised here)
     * @param labels one per row
     * @param sampled how many seeded random queries to show
     * @param worst how many of the lowest-R-precision queries to show
     * @param k neighbours shown per query
     */
    static Examples of(float[] embeddings, int n, int dim, int[] labels, int sampled, int worst, int k, long seed) {
        float[] unit = Vectors.normalizedCopy(embeddings, n, dim);
        int shown = Math.min(k, n - 1);
        int[] sample = sample(n, Math.min(sampled, n), seed);
        List<Example> examples = new ArrayList<>();
        NeighbourBlock block = neighbours(unit, sample, n, dim, shown);
        for (int q = 0; q < sample.length; q++) {
            examples.add(example(sample[q], block, q, shown, Double.NaN));
        }
        int[] ranked = sample(n, Math.min(RANKED_QUERIES, n), seed + 1);
        Arrays.sort(ranked);
        int[] classSize = new int[Arrays.stream(labels).max().orElse(0) + 1];
        for (int label : labels) {
            classSize[label]++;
        }
        int maxR = 0;
        for (int q : ranked) {
            maxR = Math.max(maxR, classSize[labels[q]] - 1);
        }
        int depth = Math.max(shown, Math.min(Math.min(maxR, MAX_R), n - 1));
        NeighbourBlock deep = neighbours(unit, ranked, n, dim, depth);
        List<Example> scored = new ArrayList<>();
        for (int q = 0; q < ranked.length; q++) {
            int r = Math.min(classSize[labels[ranked[q]]] - 1, depth);
            if (r < 1) {
                continue; // a singleton class has no relevant item
            }
            int hits = 0;
            for (int j = 0; j < r; j++) {
                if (labels[deep.indices()[q * depth + j]] == labels[ranked[q]]) {
                    hits++;
                }
            }
            scored.add(example(ranked[q], deep, q, shown, (double) hits / r));
        }
        scored.sort(Comparator.comparingDouble(Example::rPrecision).thenComparingInt(Example::query));
        return new Examples(examples, List.copyOf(scored.subList(0, Math.min(worst, scored.size()))), ranked.length);
    }

    private static Example example(int query, NeighbourBlock block, int row, int shown, double rPrecision) {
        int[] indices = Arrays.copyOfRange(block.indices(), row * block.k(), row * block.k() + shown);
        float[] scores = Arrays.copyOfRange(block.scores(), row * block.k(), row * block.k() + shown);
        return new Example(query, indices, scores, rPrecision);
    }

    /** Neighbours of the given rows among all other rows. */
    private static NeighbourBlock neighbours(float[] unit, int[] rows, int n, int dim, int k) {
        float[] queries = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(unit, rows[i] * dim, queries, i * dim, dim);
        }
        // Search k + 1 and drop the query itself: KnnSearch excludes self only when queries are the
        // gallery row for row.
        int kk = Math.min(k + 1, n);
        NeighbourBlock raw = new KnnSearch(kk, Runtime.getRuntime().availableProcessors())
                .searchAll(queries, rows.length, unit, n, dim, false);
        int[] indices = new int[rows.length * k];
        float[] scores = new float[rows.length * k];
        for (int q = 0; q < rows.length; q++) {
            int out = 0;
            for (int j = 0; j < kk && out < k; j++) {
                int index = raw.indices()[q * kk + j];
                if (index != rows[q]) {
                    indices[q * k + out] = index;
                    scores[q * k + out] = raw.scores()[q * kk + j];
                    out++;
                }
            }
        }
        return new NeighbourBlock(0, rows.length, k, indices, scores);
    }

    /** {@code count} distinct rows of {@code n}, drawn with a seeded partial shuffle. */
    static int[] sample(int n, int count, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, count);
    }
}
