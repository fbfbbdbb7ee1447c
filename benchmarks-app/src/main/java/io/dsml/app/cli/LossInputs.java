package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The validated inputs of {@code dsml loss}: embeddings E [n, d], labels L [n] and optional class
 * state C [classes, d]. Every check fails with a {@link DsmlException} whose one line names the
 * file and what is wrong.
 *
 * @param embeddings E, row-major
 * @param n rows of E
 * @param d columns of E
 * @param labels L
 * @param classes C's rows if given, else the largest label + 1 (a long: label 2^31 - 1 implies
 *     2^31 classes)
 * @param centers C, row-major, or {@code null}
 */
record LossInputs(float[] embeddings, int n, int d, int[] labels, long classes, float[] centers) {
    /**
     * The most values one engine array can hold: MXNet (built without large-tensor support, as
     * DJL ships it) counts an array's elements in a signed 32-bit int, and a larger shape fails
     * deep inside the engine.
     */
    static final long ENGINE_ARRAY_LIMIT = Integer.MAX_VALUE;

    /** Reads and checks the three files ({@code centersPath} may be null). */
    static LossInputs read(Path embeddingsPath, Path labelsPath, Path centersPath) {
        NpyInputs.Matrix e = NpyInputs.matrix(embeddingsPath, "embeddings [n, d]");
        int[] labels = NpyInputs.labels(labelsPath, e.rows(), embeddingsPath);
        requireNonNegative(labels, labelsPath);
        if (centersPath == null) {
            long classes = Arrays.stream(labels).max().orElse(0) + 1L;
            return new LossInputs(e.data(), e.rows(), e.cols(), labels, classes, null);
        }
        NpyInputs.Matrix c = NpyInputs.matrix(centersPath, "class state [classes, d]");
        if (c.cols() != e.cols()) {
            throw new DsmlException(centersPath + ": shape [" + c.rows() + ", " + c.cols() + "] has " + c.cols()
                    + " columns, but the embeddings have d = " + e.cols());
        }
        requireLabelsBelow(labels, c.rows(), labelsPath, centersPath);
        return new LossInputs(e.data(), e.rows(), e.cols(), labels, c.rows(), c.data());
    }

    /**
     * Checks that a pair or triplet loss has something to learn from: at least two classes and at
     * least one positive pair.
     */
    void requirePairs(String lossName, Path labelsPath) {
        long distinct = Arrays.stream(labels).distinct().count();
        if (distinct < 2) {
            throw new DsmlException(
                    labelsPath + ": the " + lossName + " loss needs at least two classes, got " + distinct);
        }
        if (distinct == labels.length) {
            throw new DsmlException(labelsPath + ": the " + lossName
                    + " loss needs a positive pair (two samples of one class), but every label occurs once");
        }
    }

    /**
     * Checks, before anything is allocated, that the arrays the loss will create fit in the
     * engine: the class state [classes, d] and the per-sample class scores [n, classes] of a loss
     * with class state, the [n, n] pair matrices of a pair or triplet loss.
     *
     * @param classState whether the loss has per-class state (proxies, weights, means, centers)
     */
    void requireAllocatable(String lossName, boolean classState, boolean pairs, Path embeddingsPath, Path labelsPath) {
        if (classState) {
            String source = centers != null
                    ? "the class state given with --centers has " + classes + " classes"
                    : "label " + (classes - 1) + " implies " + classes + " classes (class indices 0.." + (classes - 1)
                            + ")";
            requireFits(
                    labelsPath + ": " + source + "; the " + lossName + " class state [" + classes + ", " + d + "]",
                    classes * d,
                    RENUMBER);
            requireFits(
                    labelsPath + ": " + source + "; the " + lossName + " class scores [" + n + ", " + classes + "]",
                    n * classes,
                    RENUMBER);
        }
        if (pairs) {
            requireFits(
                    embeddingsPath + ": " + n + " embeddings; the " + lossName + " pair matrix [" + n + ", " + n + "]",
                    (long) n * n,
                    "evaluate fewer embeddings at a time");
        }
    }

    private static final String RENUMBER = "renumber the labels 0..C-1";

    private static void requireFits(String what, long values, String remedy) {
        if (values > ENGINE_ARRAY_LIMIT) {
            throw new DsmlException(what + " would hold " + values + " values, more than the engine's "
                    + ENGINE_ARRAY_LIMIT + " per array; " + remedy);
        }
    }

    private static void requireNonNegative(int[] labels, Path labelsPath) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DsmlException(
                        labelsPath + ": element " + i + " is " + labels[i] + "; labels must be class indices >= 0");
            }
        }
    }

    private static void requireLabelsBelow(int[] labels, int classes, Path labelsPath, Path centersPath) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new DsmlException(labelsPath + ": element " + i + " is label " + labels[i] + ", but "
                        + centersPath + " holds " + classes + " classes");
            }
        }
    }
}
