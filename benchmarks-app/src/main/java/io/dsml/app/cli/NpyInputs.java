package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads the .npy inputs of the commands that work on given arrays ({@code dsml evaluate}, {@code
 * dsml loss}), turning every problem into one {@link DsmlException} line naming the file.
 */
public final class NpyInputs {
    private static final Set<String> FLOAT_TYPES = Set.of("<f4", "<f8");

    private NpyInputs() {}

    /** A row-major [rows, cols] matrix of finite floats. */
    public record Matrix(float[] data, int rows, int cols) {}

    /**
     * Reads a 2-D array of finite floats.
     *
     * @param what how to name the array in messages, e.g. {@code embeddings [n, d]}
     */
    public static Matrix matrix(Path file, String what) {
        NpyArray array = read(file);
        int[] shape = array.shape();
        if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
            throw new DsmlException(file + ": expected " + what + ", got shape " + Arrays.toString(shape));
        }
        if (!FLOAT_TYPES.contains(array.descr())) {
            throw new DsmlException(file + ": expected float32 values, got dtype " + array.descr());
        }
        float[] values = array.asFloats();
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new DsmlException(file + ": row " + k / shape[1] + ", column " + k % shape[1] + " is " + values[k]
                        + "; values must be finite");
            }
        }
        return new Matrix(values, shape[0], shape[1]);
    }

    /** Reads a 1-D array of integer labels and checks it has one label per row of {@code rowsFile}. */
    public static int[] labels(Path file, int rows, Path rowsFile) {
        NpyArray array = read(file);
        if (array.shape().length != 1) {
            throw new DsmlException(file + ": expected labels [n], got shape " + Arrays.toString(array.shape()));
        }
        int[] labels;
        try {
            labels = array.asInts();
        } catch (IllegalArgumentException e) {
            throw new DsmlException(withFile(file, e) + "; labels must be integers");
        }
        if (labels.length != rows) {
            throw new DsmlException(
                    file + ": " + labels.length + " labels, but " + rowsFile + " has " + rows + " rows");
        }
        return labels;
    }

    /** Embeddings and labels as an {@link EmbeddingSet}. */
    public static EmbeddingSet embeddingSet(Path embeddings, Path labels) {
        Matrix m = matrix(embeddings, "embeddings [n, d]");
        return new EmbeddingSet(m.data(), m.rows(), m.cols(), labels(labels, m.rows(), embeddings));
    }

    private static NpyArray read(Path file) {
        try {
            return Npy.read(file);
        } catch (NoSuchFileException e) {
            throw new DsmlException(file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new DsmlException(withFile(file, e));
        }
    }

    /** The exception's message, prefixed with the file unless it already names it. */
    private static String withFile(Path file, Exception e) {
        if (e instanceof java.io.IOException failure) {
            // NoSuchFileException's message is the bare path: say what is wrong with it
            return file + ": " + io.dsml.core.files.IoFailure.reason(failure);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.contains(file.toString()) ? message : file + ": " + message;
    }
}
