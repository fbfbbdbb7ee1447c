package io.dsml.backbones.layers;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;

/**
 * The spatial size of the feature maps at one point of a network, followed layer by layer while
 * the network is built. A window larger than its padded input is refused here, before any array
 * exists, because MXNet rejects it and PyTorch computes an empty map; so is a concatenation whose
 * branches disagree in size.
 *
 * @param arch the architecture's name, for messages
 * @param input the network's input
 * @param height map height at this point
 * @param width map width at this point
 */
public record Geometry(String arch, ImageShape input, int height, int width) {

    /** The geometry of the input itself. */
    public static Geometry of(String arch, ImageShape input) {
        return new Geometry(arch, input, input.height(), input.width());
    }

    /** After a convolution (floor rounding, like every framework's). */
    public Geometry conv(String layer, int kernel, int stride, int pad) {
        return window(layer, kernel, stride, pad, false);
    }

    /**
     * After a pooling window.
     *
     * @param ceil Caffe's rounding (GoogLeNet, BN-Inception), which keeps a last partial window
     */
    public Geometry pool(String layer, int kernel, int stride, int pad, boolean ceil) {
        return window(layer, kernel, stride, pad, ceil);
    }

    /**
     * Checks that the branches of a concatenation end with the same map size.
     *
     * @throws TooSmallException if they do not (BN-Inception on a map of odd size)
     */
    public Geometry requireSame(String layer, Geometry other) {
        if (height != other.height || width != other.width) {
            throw new TooSmallException(arch + ": input " + describe(input) + " does not fit: at " + layer
                    + " the strided branches give " + height + "x" + width + " and " + other.height + "x"
                    + other.width + " maps (an odd-sized map cannot be halved both ways)");
        }
        return this;
    }

    private Geometry window(String layer, int kernel, int stride, int pad, boolean ceil) {
        int h = outSize(layer, height, kernel, stride, pad, ceil);
        int w = outSize(layer, width, kernel, stride, pad, ceil);
        return new Geometry(arch, input, h, w);
    }

    private int outSize(String layer, int size, int kernel, int stride, int pad, boolean ceil) {
        int span = size + 2 * pad - kernel;
        if (span < 0) {
            throw new TooSmallException(arch + ": input " + describe(input) + " is too small: at " + layer
                    + " the map is " + height + "x" + width + ", smaller than its " + kernel + "x" + kernel
                    + " window");
        }
        int out = (ceil ? Math.floorDiv(span + stride - 1, stride) : span / stride) + 1;
        // A last window starting inside the padding is dropped (PyTorch's and MXNet's rule).
        if (ceil && pad > 0 && (out - 1) * stride >= size + pad) {
            out--;
        }
        return out;
    }

    /** {@code CxHxW}, as the command line spells an input. */
    public static String describe(ImageShape shape) {
        return shape.channels() + "x" + shape.height() + "x" + shape.width();
    }

    /** An input the architecture cannot process; the factory adds the smallest valid size. */
    public static final class TooSmallException extends DsmlException {
        private static final long serialVersionUID = 1L;

        public TooSmallException(String message) {
            super(message);
        }
    }
}
