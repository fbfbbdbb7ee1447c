package io.dsml.backbones.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.dsml.core.error.DsmlException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a foreign weights file into an initialised dsml backbone, by name through the
 * architecture's {@link LayerTable}. Every tensor is checked before any array is written: a file
 * that does not fit changes nothing and fails with one line naming the first tensor that does not
 * fit (missing, of another shape, or left over), or the first NaN or infinite value.
 */
public final class WeightsImport {
    private WeightsImport() {}

    /**
     * Loads {@code file} into {@code net}.
     *
     * @param net an initialised backbone built by the architecture {@code table} describes
     * @param arch the backbone's name, for messages
     * @throws DsmlException if the file is unreadable, refused, or does not fit
     */
    public static void load(Block net, Path file, LayerTable table, String arch) {
        Map<String, SourceTensor> tensors = SourceWeights.read(file);
        List<Pair<Parameter, String>> plan = table.assign(net.getParameters());
        String where = "weights " + file + " do not fit " + arch + ": ";
        Set<String> used = new HashSet<>();
        for (Pair<Parameter, String> p : plan) {
            Shape expected = p.getKey().getShape();
            SourceTensor tensor = tensors.get(p.getValue());
            if (tensor == null) {
                throw new DsmlException(where + "the file has no tensor " + p.getValue() + " (expected "
                        + SourceTensor.describe(expected.getShape()) + ")");
            }
            if (!fits(tensor.shape(), expected.getShape())) {
                throw new DsmlException(
                        where + "tensor " + p.getValue() + " is " + SourceTensor.describe(tensor.shape()) + ", " + arch
                                + " expects " + SourceTensor.describe(expected.getShape()));
            }
            requireFinite(file, tensor);
            used.add(p.getValue());
        }
        for (String name : tensors.keySet()) {
            if (!used.contains(name)) {
                throw new DsmlException(where + "the file's tensor " + name + " "
                        + SourceTensor.describe(tensors.get(name).shape()) + " has no place in " + arch);
            }
        }
        for (Pair<Parameter, String> p : plan) {
            p.getKey().getArray().set(FloatBuffer.wrap(tensors.get(p.getValue()).values()));
        }
    }

    /**
     * Refuses a NaN or infinite weight. torch propagates it into NaN features; dsml's backbones
     * would not (MXNet's relu and max pooling turn NaN into numbers), so loading it would give
     * finite, wrong features without a sign.
     */
    private static void requireFinite(Path file, SourceTensor tensor) {
        float[] values = tensor.values();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new DsmlException("weights " + file + ": tensor " + tensor.name() + " holds " + values[i]
                        + " at element " + i + " of " + SourceTensor.describe(tensor.shape())
                        + "; weights must be finite");
            }
        }
    }

    /**
     * Equal shapes, or a vector stored with extra unit dimensions, e.g. the TSN BN-Inception
     * file's BatchNorm tensors of shape (1, C) for dsml's (C).
     */
    static boolean fits(long[] found, long[] expected) {
        if (java.util.Arrays.equals(found, expected)) {
            return true;
        }
        if (expected.length != 1) {
            return false;
        }
        long count = 1;
        for (long d : found) {
            count *= d;
        }
        long longest = java.util.Arrays.stream(found).max().orElse(1);
        return count == expected[0] && longest == expected[0];
    }
}
