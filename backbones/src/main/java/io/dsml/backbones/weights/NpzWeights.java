package io.dsml.backbones.weights;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives ({@code numpy.savez}, compressed or not): each entry {@code
 * NAME.npy} is the tensor {@code NAME}, read by evaluation's {@link Npy} (float32/64, int32/64,
 * uint8, C order). An entry name that appears twice is refused: {@link ZipFile} would read the
 * first entry's data for both.
 */
final class NpzWeights {
    private NpzWeights() {}

    /** The archive's arrays, in entry order. */
    static Map<String, SourceTensor> read(Path file, ZipFile zip) throws IOException {
        Map<String, SourceTensor> tensors = new LinkedHashMap<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String entryName = entry.getName();
            if (!entryName.endsWith(".npy")) {
                throw new DsmlException(file + ": entry " + entryName + " is not a .npy array");
            }
            String name = entryName.substring(0, entryName.length() - ".npy".length());
            if (tensors.containsKey(name)) {
                throw new DsmlException(file + ": entry " + entryName + " appears twice");
            }
            NpyArray array;
            try (InputStream in = zip.getInputStream(entry)) {
                array = Npy.read(in, file + "!" + entryName);
            } catch (IOException ex) {
                throw new DsmlException(ex.getMessage());
            }
            long[] shape = java.util.Arrays.stream(array.shape()).asLongStream().toArray();
            tensors.put(name, new SourceTensor(name, shape, array.asFloats()));
        }
        return tensors;
    }
}
