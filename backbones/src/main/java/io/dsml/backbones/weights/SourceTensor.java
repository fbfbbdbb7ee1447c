package io.dsml.backbones.weights;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One tensor of a weights file, converted to float32 in C order.
 *
 * @param name the tensor's key in the file, e.g. {@code layer1.0.conv1.weight}
 * @param shape its dimensions (empty for a scalar)
 * @param values its elements, row-major
 */
public record SourceTensor(String name, long[] shape, float[] values) {
    public SourceTensor {
        shape = shape.clone();
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (count != values.length) {
            throw new IllegalArgumentException(
                    name + ": shape " + describe(shape) + " holds " + count + " values, got " + values.length);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as PyTorch prints it: {@code (64, 3, 7, 7)}. */
    public static String describe(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
