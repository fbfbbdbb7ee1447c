package io.dsml.evaluation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An array read from a NumPy {@code .npy} file: its dtype descriptor (one of {@code <f4 <f8 <i4
 * <i8 |u1}), C-order shape and raw little-endian element bytes. Convert with {@link #asFloats()}
 * or {@link #asInts()}.
 *
 * @param source where the array came from, used in error messages
 * @param descr the NumPy dtype descriptor, e.g. {@code "<f4"}
 * @param shape the dimensions (copied; the accessor returns a copy); empty for a scalar
 * @param bytes the elements, little-endian, C order (not copied)
 */
public record NpyArray(String source, String descr, int[] shape, byte[] bytes) {
    /** Validates that the byte count matches shape and dtype. */
    public NpyArray {
        shape = shape.clone();
        long expected = elementCount(shape) * Npy.itemSize(descr);
        if (expected != bytes.length) {
            throw new IllegalArgumentException("%s: %d data bytes, but shape %s of %s needs %d"
                    .formatted(source, bytes.length, Arrays.toString(shape), descr, expected));
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Total number of elements (product of the shape). */
    public int size() {
        return (int) elementCount(shape);
    }

    /** The product of the dimensions; throws ArithmeticException if it overflows 64 bits. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The elements as floats ({@code <f8} and 64-bit integers are rounded to nearest float). */
    public float[] asFloats() {
        ByteBuffer buf = buffer();
        float[] out = new float[size()];
        switch (descr) {
            case "<f4" -> buf.asFloatBuffer().get(out);
            case "<f8" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) buf.getDouble();
                }
            }
            case "<i4" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = buf.getInt();
                }
            }
            case "<i8" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = buf.getLong();
                }
            }
            default -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Byte.toUnsignedInt(buf.get());
                }
            }
        }
        return out;
    }

    /**
     * The elements as ints.
     *
     * @throws IllegalArgumentException naming the file and element if a value is not an integer or
     *     does not fit in an int (e.g. labels saved as float with a fractional part)
     */
    public int[] asInts() {
        ByteBuffer buf = buffer();
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (descr) {
                case "<i4" -> buf.getInt();
                case "<i8" -> toInt(buf.getLong(), i);
                case "<f4" -> toInt(buf.getFloat(), i);
                case "<f8" -> toInt(buf.getDouble(), i);
                default -> Byte.toUnsignedInt(buf.get());
            };
        }
        return out;
    }

    private int toInt(double v, int index) {
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "%s: element %d is %s, not an integer that fits in int32".formatted(source, index, v));
        }
        return (int) v;
    }

    private int toInt(long v, int index) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "%s: element %d is %d, outside the int32 range".formatted(source, index, v));
        }
        return (int) v;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
