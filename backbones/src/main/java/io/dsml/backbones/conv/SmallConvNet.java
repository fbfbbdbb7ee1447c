package io.dsml.backbones.conv;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;

/**
 * The paper's small CNNs for its classification claim: {@code depth} blocks of 3x3 convolution
 * (padding 1), BatchNorm, ReLU and 2x2 max pooling, the i-th with {@code baseChannels * 2^(i-1)}
 * filters, then flattened. On 28x28 inputs, conv-1..conv-4 give 6272, 3136, 1152 and 256
 * features with the default 32 base channels.
 */
public final class SmallConvNet {
    private SmallConvNet() {}

    /**
     * Builds the network.
     *
     * @throws DsmlException if the input is too small for {@code depth} poolings
     */
    public static SequentialBlock build(int depth, int baseChannels, ImageShape input) {
        int side = Math.min(input.height(), input.width());
        if (side >> depth < 1) {
            throw new DsmlException("conv-" + depth + " needs inputs of at least " + (1 << depth) + "x" + (1 << depth)
                    + " pixels, got " + input.height() + "x" + input.width());
        }
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            net.add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(baseChannels << i)
                            .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return net.add(Blocks.batchFlattenBlock());
    }
}
