package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the .npy inputs of the commands that work on given embeddings ({@code dsml evaluate},
 * {@code dsml loss}), turning every problem into one {@link DsmlException} line naming the file.
 */
public final class NpyInputs {
    private NpyInputs() {}

    /** A float32 [n, d] matrix. */
    public record Matrix(float[] data, int rows, int cols) {}

    /** Reads a 2-D array of floats. */
    public static Matrix matrix(Path file, String what) {
        NpyArray array = read(file);
        int[] shape = array.shape();
        if (shape.length != 2) {
            throw new DsmlException(file + ": " + what + " must be 2-D [n, d], got shape " + java.util.Arrays.toString(shape));
        }
        try {
            return new Matrix(array.asFloats(), shape[0], shape[1]);
        } catch (IllegalArgumentException e) {
            throw new DsmlException(file + ": " + e.getMessage());
        }
    }

    /** Reads a 1-D array of integer labels and checks it has {@code rows} entries. */
    public static int[] labels(Path file, int rows, Path rowsFile) {
        NpyArray array = read(file);
        if (array.shape().length != 1) {
            throw new DsmlException(file + ": labels must be 1-D [n], got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        int[] labels;
        try {
            labels = array.asInts();
        } catch (IllegalArgumentException e) {
            throw new DsmlException(file + ": " + e.getMessage());
        }
        if (labels.length != rows) {
            throw new DsmlException(file + ": " + labels.length + " labels, but " + rowsFile + " has " + rows + " rows");
        }
        return labels;
    }

    /** Embeddings and labels as an {@link EmbeddingSet}; NaN/Inf rows are reported by file. */
    public static EmbeddingSet embeddingSet(Path embeddings, Path labels) {
        Matrix m = matrix(embeddings, "embeddings");
        int[] y = labels(labels, m.rows(), embeddings);
        try {
            return new EmbeddingSet(m.data(), m.rows(), m.cols(), y);
        } catch (IllegalArgumentException e) {
            throw new DsmlException(embeddings + ": " + e.getMessage());
        }
    }

    private static NpyArray read(Path file) {
        try {
            return Npy.read(file);
        } catch (NoSuchFileException e) {
            throw new DsmlException(file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new DsmlException(file + ": " + e.getMessage());
        }
    }
}
