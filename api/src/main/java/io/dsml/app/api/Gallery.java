package io.dsml.app.api;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import io.dsml.evaluation.compute.Vectors;
import io.dsml.evaluation.knn.KnnSearch;
import io.dsml.evaluation.knn.NeighbourBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings to search, each with a name (its image's path, or {@code #row}). Rows are stored
 * L2-normalised, so scores are cosines whatever the model emitted. Immutable.
 */
public final class Gallery {
    private final float[] unit;
    private final int size;
    private final int dim;
    private final List<String> names;

    /**
     * @param embeddings {@code size} rows of {@code dim} floats
     * @param names one per row, or {@code null} for {@code #0, #1, ...}
     */
    public Gallery(float[] embeddings, int size, int dim, List<String> names) {
        if (size < 1 || dim < 1) {
            throw new DsmlException(
                    "the gallery is empty (" + size + " x " + dim + " embeddings): there is nothing to search");
        }
        if (embeddings.length != size * dim) {
            throw new IllegalArgumentException("need size x dim floats");
        }
        requireFinite(embeddings, dim, "the gallery embedding");
        if (names != null && names.size() != size) {
            throw new DsmlException("the gallery has " + size + " embeddings but " + names.size() + " names");
        }
        this.unit = Vectors.normalizedCopy(embeddings, size, dim);
        this.size = size;
        this.dim = dim;
        List<String> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(names == null ? "#" + i : names.get(i));
        }
        this.names = List.copyOf(all);
    }

    /**
     * Reads a float32 [n, d] {@code .npy} file and, if given, a text file with one name (path) per
     * row, as {@code dsml embed --out E.npy --paths-out P.txt} writes them.
     */
    public static Gallery read(Path npy, Path namesFile) {
        NpyArray array;
        try {
            array = Npy.read(npy);
        } catch (IOException e) {
            throw new DsmlException(npy + ": unreadable .npy file: " + e.getMessage());
        }
        if (array.shape().length != 2) {
            throw new DsmlException(npy + ": expected a 2-D [n, d] array of embeddings, got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        List<String> names = null;
        if (namesFile != null) {
            try {
                names = Files.readAllLines(namesFile);
            } catch (IOException e) {
                throw new DsmlException(namesFile + ": unreadable: " + io.dsml.core.files.IoFailure.reason(e));
            }
            if (names.size() != array.shape()[0]) {
                throw new DsmlException(
                        namesFile + ": " + names.size() + " lines for " + array.shape()[0] + " embeddings in " + npy);
            }
        }
        float[] data;
        try {
            data = array.asFloats();
        } catch (RuntimeException e) {
            throw new DsmlException(npy + ": " + e.getMessage());
        }
        if (array.shape()[0] == 0 || array.shape()[1] == 0) {
            throw new DsmlException(npy + ": the gallery is empty (" + array.shape()[0] + " x " + array.shape()[1]
                    + " embeddings): there is nothing to search");
        }
        requireFinite(data, array.shape()[1], npy + ": embedding");
        return new Gallery(data, array.shape()[0], array.shape()[1], names);
    }

    /** Refuses NaN and infinite values, as {@code dsml evaluate} does: they would rank first or last. */
    private static void requireFinite(float[] rows, int dim, String what) {
        for (int i = 0; i < rows.length; i++) {
            if (!Float.isFinite(rows[i])) {
                throw new DsmlException("%s row %d has a non-finite value (%s at column %d)"
                        .formatted(what, i / dim, rows[i], i % dim));
            }
        }
    }

    public int size() {
        return size;
    }

    public int dim() {
        return dim;
    }

    /** The name of row {@code index}. */
    public String name(int index) {
        return names.get(index);
    }

    /**
     * The {@code k} rows most similar to {@code query} by cosine (fewer if the gallery is smaller),
     * best first.
     *
     * @throws DsmlException when {@code query} has another dimension
     */
    public List<Hit> search(float[] query, int k) {
        if (query.length != dim) {
            throw new DsmlException("the gallery has embeddings of dimension " + dim + ", the query " + query.length);
        }
        requireFinite(query, dim, "the query embedding");
        int kk = Math.min(k, size);
        NeighbourBlock block =
                new KnnSearch(kk, 1).searchAll(Vectors.normalizedCopy(query, 1, dim), 1, unit, size, dim, false);
        List<Hit> hits = new ArrayList<>(kk);
        for (int j = 0; j < kk; j++) {
            int index = block.indices()[j];
            hits.add(new Hit(j + 1, index, names.get(index), block.scores()[j]));
        }
        return hits;
    }

    /**
     * One search result.
     *
     * @param rank 1 for the best
     * @param index the gallery row
     * @param name the row's name (path)
     * @param score the cosine similarity
     */
    public record Hit(int rank, int index, String name, float score) {}
}
