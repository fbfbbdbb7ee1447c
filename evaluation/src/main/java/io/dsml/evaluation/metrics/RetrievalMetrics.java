package io.dsml.evaluation.metrics;

import io.dsml.evaluation.knn.NeighbourBlock;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-query retrieval scores, filled block by block (possibly from several threads, each writing
 * only its own queries) and averaged in query order so the result does not depend on scheduling.
 */
public final class RetrievalMetrics {
    /** Which metrics to compute. {@code rCap <= 0} means R is not capped. */
    public record Config(int[] recallKs, boolean precisionAt1, boolean rPrecision, boolean mapAtR, int rCap) {
        boolean needsR() {
            return rPrecision || mapAtR;
        }
    }

    /**
     * Means over the {@code counted} non-lone queries; {@code recall[j]} belongs to
     * {@code recallKs[j]}.
     */
    public record Result(
            double[] recall, double precisionAt1, double rPrecision, double mapAtR, int loneQueries, int counted) {}

    private final Config config;
    private final int[] queryLabels;
    private final int[] galleryLabels;
    private final int[] relevant;
    private final int[] firstMatch;
    private final double[] rPrecision;
    private final double[] mapAtR;

    /**
     * @param sameSource queries and gallery are the same set (each query's own row is not counted
     *     in its R)
     */
    public RetrievalMetrics(Config config, int[] queryLabels, int[] galleryLabels, boolean sameSource) {
        this.config = config;
        this.queryLabels = queryLabels;
        this.galleryLabels = galleryLabels;
        this.relevant = relevantCounts(queryLabels, galleryLabels, sameSource, config.rCap());
        int n = queryLabels.length;
        this.firstMatch = new int[n];
        this.rPrecision = new double[n];
        this.mapAtR = new double[n];
    }

    /** R per query: gallery items with the query's label, minus the query itself, capped. */
    static int[] relevantCounts(int[] queryLabels, int[] galleryLabels, boolean sameSource, int cap) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int label : galleryLabels) {
            counts.merge(label, 1, Integer::sum);
        }
        int[] r = new int[queryLabels.length];
        for (int q = 0; q < r.length; q++) {
            int c = counts.getOrDefault(queryLabels[q], 0) - (sameSource ? 1 : 0);
            r[q] = cap > 0 ? Math.min(c, cap) : c;
        }
        return r;
    }

    /** Neighbours needed per query: the largest recall K, the largest R, at least 1. */
    public int neededK() {
        int k = 1;
        for (int kk : config.recallKs()) {
            k = Math.max(k, kk);
        }
        if (config.needsR()) {
            for (int r : relevant) {
                k = Math.max(k, r);
            }
        }
        return k;
    }

    /** Records the ranked neighbours of one block of queries. */
    public void add(NeighbourBlock block) {
        for (int q = 0; q < block.count(); q++) {
            int query = block.firstQuery() + q;
            if (relevant[query] > 0) {
                score(query, block.indices(), q * block.k(), block.k());
            }
        }
    }

    private void score(int query, int[] nn, int off, int k) {
        int label = queryLabels[query];
        int r = relevant[query];
        int first = k;
        int hitsInR = 0;
        double precisionSum = 0;
        for (int i = 0; i < k; i++) {
            if (galleryLabels[nn[off + i]] != label) {
                continue;
            }
            first = Math.min(first, i);
            if (i < r) {
                hitsInR++;
                precisionSum += (double) hitsInR / (i + 1);
            }
        }
        firstMatch[query] = first;
        rPrecision[query] = (double) hitsInR / r;
        mapAtR[query] = precisionSum / r;
    }

    /** Averages over non-lone queries, in query order. */
    public Result result() {
        int[] ks = config.recallKs();
        double[] recall = new double[ks.length];
        double p1 = 0;
        double rp = 0;
        double map = 0;
        int counted = 0;
        for (int q = 0; q < relevant.length; q++) {
            if (relevant[q] <= 0) {
                continue;
            }
            counted++;
            for (int j = 0; j < ks.length; j++) {
                recall[j] += firstMatch[q] < ks[j] ? 1 : 0;
            }
            p1 += firstMatch[q] == 0 ? 1 : 0;
            rp += rPrecision[q];
            map += mapAtR[q];
        }
        int denominator = Math.max(1, counted);
        for (int j = 0; j < ks.length; j++) {
            recall[j] /= denominator;
        }
        return new Result(
                recall, p1 / denominator, rp / denominator, map / denominator, relevant.length - counted, counted);
    }
}
