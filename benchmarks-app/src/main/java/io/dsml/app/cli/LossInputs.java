package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * The validated inputs of {@code dsml loss}: embeddings E [n, d], labels L [n] and optional class
 * state C [classes, d]. Every check fails with a {@link DsmlException} whose one line names the
 * file and what is wrong.
 *
 * @param embeddings E, row-major
 * @param n rows of E
 * @param d columns of E
 * @param labels L
 * @param classes C's rows if given, else the largest label + 1
 * @param centers C, row-major, or {@code null}
 */
record LossInputs(float[] embeddings, int n, int d, int[] labels, int classes, float[] centers) {
    private static final Set<String> FLOAT_TYPES = Set.of("<f4", "<f8");

    /** Reads and checks the three files ({@code centersPath} may be null). */
    static LossInputs read(Path embeddingsPath, Path labelsPath, Path centersPath) {
        NpyArray e = load(embeddingsPath);
        int[] shape = requireMatrix(e, "embeddings [n, d]");
        float[] embeddings = finiteFloats(e, shape[1]);
        int[] labels = integerLabels(load(labelsPath));
        if (labels.length != shape[0]) {
            throw new DsmlException(labelsPath + ": " + labels.length + " labels, but " + embeddingsPath + " has "
                    + shape[0] + " rows");
        }
        if (centersPath == null) {
            int classes = Arrays.stream(labels).max().orElse(0) + 1;
            return new LossInputs(embeddings, shape[0], shape[1], labels, classes, null);
        }
        NpyArray c = load(centersPath);
        int[] centersShape = requireMatrix(c, "class state [classes, d]");
        if (centersShape[1] != shape[1]) {
            throw new DsmlException(centersPath + ": shape " + Arrays.toString(centersShape) + " has " + centersShape[1]
                    + " columns, but the embeddings have d = " + shape[1]);
        }
        requireLabelsBelow(labels, centersShape[0], labelsPath, centersPath);
        return new LossInputs(embeddings, shape[0], shape[1], labels, centersShape[0], finiteFloats(c, shape[1]));
    }

    /**
     * Checks that a pair or triplet loss has something to learn from: at least two classes and at
     * least one positive pair.
     */
    void requirePairs(String lossName, Path labelsPath) {
        long distinct = Arrays.stream(labels).distinct().count();
        if (distinct < 2) {
            throw new DsmlException(labelsPath + ": the " + lossName + " loss needs at least two classes, got "
                    + distinct);
        }
        if (distinct == labels.length) {
            throw new DsmlException(labelsPath + ": the " + lossName
                    + " loss needs a positive pair (two samples of one class), but every label occurs once");
        }
    }

    private static NpyArray load(Path path) {
        try {
            return Npy.read(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DsmlException(path + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new DsmlException(message.contains(path.toString()) ? message : path + ": " + message);
        }
    }

    private static int[] requireMatrix(NpyArray array, String what) {
        int[] shape = array.shape();
        if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
            throw new DsmlException(array.source() + ": expected " + what + ", got shape " + Arrays.toString(shape));
        }
        if (!FLOAT_TYPES.contains(array.descr())) {
            throw new DsmlException(array.source() + ": expected float32 values, got dtype " + array.descr());
        }
        return shape;
    }

    private static float[] finiteFloats(NpyArray array, int columns) {
        float[] values = array.asFloats();
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new DsmlException(array.source() + ": row " + k / columns + ", column " + k % columns + " is "
                        + values[k] + "; values must be finite");
            }
        }
        return values;
    }

    private static int[] integerLabels(NpyArray array) {
        int[] shape = array.shape();
        if (shape.length != 1) {
            throw new DsmlException(array.source() + ": expected labels [n], got shape " + Arrays.toString(shape));
        }
        int[] labels;
        try {
            labels = array.asInts();
        } catch (IllegalArgumentException e) {
            throw new DsmlException(e.getMessage() + "; labels must be integers");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DsmlException(array.source() + ": element " + i + " is " + labels[i]
                        + "; labels must be class indices >= 0");
            }
        }
        return labels;
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
