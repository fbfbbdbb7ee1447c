package io.dsml.evaluation;

import io.dsml.evaluation.compute.Vectors;
import io.dsml.evaluation.knn.KnnSearch;

/** Classification accuracy helpers. Ties go to the lower class index. */
public final class Classification {
    private Classification() {}

    /**
     * Accuracy of the row-wise argmax of a row-major {@code [n, classes]} score matrix (logits or
     * probabilities) against {@code labels} in {@code [0, classes)}.
     *
     * @throws IllegalArgumentException on shape mismatch, a non-finite score or a label out of range
     */
    public static double argmaxAccuracy(float[] scores, int n, int classes, int[] labels) {
        checkShape(scores, n, classes, "score");
        checkLabels(labels, n, classes);
        return accuracy(argmax(scores, n, classes), labels);
    }

    /**
     * The fraction of {@code predicted} classes equal to {@code labels}: the one definition of
     * classification accuracy in dsml, whether the predictions come from an argmax over scores on
     * the host ({@link #argmaxAccuracy}) or on the engine (the training harness's evaluation).
     *
     * @throws IllegalArgumentException if the arrays are null, empty or of different lengths
     */
    public static double accuracy(int[] predicted, int[] labels) {
        if (predicted == null || labels == null || predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException(
                    "accuracy needs as many predictions as labels, at least one; got %s and %s"
                            .formatted(
                                    predicted == null ? "null" : predicted.length,
                                    labels == null ? "null" : labels.length));
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** Row-wise argmax of a row-major {@code [n, classes]} matrix; ties go to the lower index. */
    private static int[] argmax(float[] scores, int n, int classes) {
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                float s = scores[i * classes + c];
                if (!Float.isFinite(s)) {
                    throw new IllegalArgumentException(
                            "score row %d has a non-finite value (%s at class %d)".formatted(i, s, c));
                }
                if (s > scores[i * classes + best[i]]) {
                    best[i] = c;
                }
            }
        }
        return best;
    }

    /**
     * The class of the nearest mean direction for each embedding: {@code argmax_c mu_c . z} with
     * both the embeddings and the means L2-normalised (the vMF classification rule). Computed with
     * the blocked exact search, so memory stays bounded for many classes.
     *
     * @param means row-major {@code [classes, dim]}
     */
    public static int[] nearestMeanDirection(float[] embeddings, int n, int dim, float[] means, int classes) {
        checkShape(embeddings, n, dim, "embedding");
        checkShape(means, classes, dim, "mean");
        checkFinite(embeddings, dim, "embedding");
        checkFinite(means, dim, "mean");
        float[] z = Vectors.normalizedCopy(embeddings, n, dim);
        float[] mu = Vectors.normalizedCopy(means, classes, dim);
        return new KnnSearch(1, Runtime.getRuntime().availableProcessors())
                .searchAll(z, n, mu, classes, dim, false)
                .indices();
    }

    /**
     * Checks a {@code [n, classes]} score matrix and its labels: shape, finite scores, labels in
     * range.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    static void checkScores(float[] scores, int n, int classes, int[] labels) {
        checkShape(scores, n, classes, "score");
        checkFinite(scores, classes, "score");
        checkLabels(labels, n, classes);
    }

    private static void checkShape(float[] a, int rows, int cols, String what) {
        if (a == null) {
            throw new IllegalArgumentException(what + " matrix must not be null");
        }
        if (rows < 1 || cols < 1 || (long) rows * cols != a.length) {
            throw new IllegalArgumentException(
                    "%s matrix has %d values, expected %d x %d".formatted(what, a.length, rows, cols));
        }
    }

    private static void checkFinite(float[] a, int cols, String what) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IllegalArgumentException(
                        "%s row %d has a non-finite value (%s at column %d)".formatted(what, i / cols, a[i], i % cols));
            }
        }
    }

    private static void checkLabels(int[] labels, int n, int classes) {
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException(
                    "label count %s does not match the %d rows".formatted(labels == null ? "null" : labels.length, n));
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label %d of row %d is outside [0, %d)".formatted(labels[i], i, classes));
            }
        }
    }
}
