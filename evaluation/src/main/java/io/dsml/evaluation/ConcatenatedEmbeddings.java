package io.dsml.evaluation;

import io.dsml.evaluation.compute.Vectors;
import java.util.Arrays;
import java.util.List;

/**
 * The concatenated evaluation of Musgrave, Belongie and Lim, <i>A Metric Learning Reality Check</i>
 * (ECCV 2020): the k models of a class-disjoint cross-validation (one per fold) embed the same
 * samples, and the k embeddings of each sample are joined into one vector (4 folds x 128 dimensions
 * = 512), which is evaluated like a single model's.
 *
 * <p>Definition, as powerful-benchmarker's {@code MetaConcatenateEmbeddings} does it with MLRC's
 * {@code normalize_embeddings: True}: each model's embedding of a sample is L2-normalised
 * <em>before</em> concatenation, so every model weighs the same whatever the scale of its
 * embeddings; the cosine of two concatenated rows is then the mean of the k models' cosines. (The
 * {@link Evaluator} normalises the joined row again, which divides it by sqrt(k) and changes no
 * ranking.) A zero row of a part stays zero, as in {@link Evaluator}.
 */
public final class ConcatenatedEmbeddings {
    private ConcatenatedEmbeddings() {}

    /**
     * Row i of the result is [a_i / |a_i|, b_i / |b_i|, ...] for parts a, b, ... of the same samples
     * in the same order; its dimension is the sum of theirs.
     *
     * @throws IllegalArgumentException if there are no parts, or they differ in rows or labels
     */
    public static EmbeddingSet concatenate(List<EmbeddingSet> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("concatenation needs at least one embedding set");
        }
        EmbeddingSet first = parts.get(0);
        int n = first.n();
        int dim = 0;
        for (int p = 0; p < parts.size(); p++) {
            EmbeddingSet part = parts.get(p);
            if (part.n() != n || !Arrays.equals(part.labels(), first.labels())) {
                throw new IllegalArgumentException(("embedding set %d (%d rows) does not embed the same samples with"
                                + " the same labels as embedding set 0 (%d rows)")
                        .formatted(p, part.n(), n));
            }
            dim += part.dim();
        }
        float[] joined = new float[n * dim];
        int column = 0;
        for (EmbeddingSet part : parts) {
            float[] unit = Vectors.normalizedCopy(part.data(), n, part.dim());
            for (int i = 0; i < n; i++) {
                System.arraycopy(unit, i * part.dim(), joined, i * dim + column, part.dim());
            }
            column += part.dim();
        }
        return new EmbeddingSet(joined, n, dim, first.labels());
    }

    /** Evaluates the concatenation of {@code parts}, each query against all other rows. */
    public static EvaluationResult evaluate(Evaluator evaluator, List<EmbeddingSet> parts) {
        return evaluator.evaluate(concatenate(parts));
    }

    /**
     * Evaluates the concatenation of the query parts against that of the gallery parts; part j of
     * both is model j's.
     *
     * @throws IllegalArgumentException if the two lists differ in length
     */
    public static EvaluationResult evaluate(
            Evaluator evaluator, List<EmbeddingSet> queryParts, List<EmbeddingSet> galleryParts) {
        if (queryParts.size() != galleryParts.size()) {
            throw new IllegalArgumentException("%d models embedded the queries but %d the gallery"
                    .formatted(queryParts.size(), galleryParts.size()));
        }
        return evaluator.evaluate(concatenate(queryParts), concatenate(galleryParts));
    }
}
