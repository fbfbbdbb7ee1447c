package io.dsml.backbones.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/** Factory methods for the units the large backbones are made of, all in DJL blocks. */
public final class Layers {
    private Layers() {}

    /** A square convolution. */
    public static Conv2d conv(int filters, int kernel, int stride, int pad, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optBias(bias)
                .build();
    }

    /**
     * Convolution then {@link FreezableBatchNorm}.
     *
     * @param bias whether the convolution has its own bias (Caffe's BN-Inception does; ResNet's
     *     does not, since BatchNorm's shift makes it redundant)
     */
    public static SequentialBlock convBn(int filters, int kernel, int stride, int pad, boolean bias) {
        return new SequentialBlock()
                .add(conv(filters, kernel, stride, pad, bias))
                .add(new FreezableBatchNorm());
    }

    /** Convolution without bias, BatchNorm with the given epsilon, ReLU (torchvision's BasicConv2d). */
    public static SequentialBlock convBnRelu(int filters, int kernel, int stride, int pad, float epsilon) {
        return new SequentialBlock()
                .add(conv(filters, kernel, stride, pad, false))
                .add(new FreezableBatchNorm(epsilon))
                .add(relu());
    }

    /** Convolution, BatchNorm, ReLU. */
    public static SequentialBlock convBnRelu(int filters, int kernel, int stride, int pad, boolean bias) {
        return convBn(filters, kernel, stride, pad, bias).add(relu());
    }

    /** Convolution with bias, ReLU: the original GoogLeNet's unit. */
    public static SequentialBlock convRelu(int filters, int kernel, int stride, int pad) {
        return new SequentialBlock()
                .add(conv(filters, kernel, stride, pad, true))
                .add(relu());
    }

    /** ReLU. */
    public static Block relu() {
        return new ShapedBlocks.Relu();
    }

    /** Square max pooling; {@code ceil} keeps a last partial window, as Caffe does. */
    public static Block maxPool(int kernel, int stride, int pad, boolean ceil) {
        return new ShapedBlocks.Pooling(true, kernel, stride, pad, ceil);
    }

    /** Square average pooling; padded positions count as zeros, as in Caffe. */
    public static Block avgPool(int kernel, int stride, int pad, boolean ceil) {
        return new ShapedBlocks.Pooling(false, kernel, stride, pad, ceil);
    }

    /** Branches applied to the same input, outputs concatenated along channels (an Inception module). */
    public static ParallelBlock concat(List<Block> branches) {
        return new ShapedBlocks.Concat(branches);
    }

    /** {@code relu(main(x) + shortcut(x))}: a residual unit. */
    public static ParallelBlock residual(Block main, Block shortcut) {
        return new ShapedBlocks.Residual(main, shortcut);
    }
}
