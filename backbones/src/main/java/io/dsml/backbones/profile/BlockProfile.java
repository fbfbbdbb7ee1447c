package io.dsml.backbones.profile;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import io.dsml.core.spi.ImageShape;

/**
 * Size and cost of a network for one image.
 *
 * <p>Conventions: {@code parameters} counts learned values only (weights, biases, BatchNorm scale
 * and shift), not BatchNorm's running statistics, as torchvision's and the papers' counts do.
 * {@code flops} is 2 x the multiply-accumulates of every convolution and linear layer for one
 * image (batch 1); BatchNorm, activations, pooling and residual additions are not counted (well
 * under 1% for these networks). Papers that quote "FLOPs" for ResNet-50 (4.1 G) quote
 * multiply-accumulates: divide ours by 2 to compare.
 *
 * @param parameters learned parameters
 * @param frozen how many of them are frozen (no gradient)
 * @param flops floating-point operations of one forward pass, 2 x MACs
 * @param output the output shape for a batch of one
 */
public record BlockProfile(long parameters, long frozen, long flops, Shape output) {

    /** Multiply-accumulates of one forward pass. */
    public long macs() {
        return flops / 2;
    }

    /**
     * Initialises {@code block} for one image of {@code input} (this also loads pretrained
     * weights, so a bad file fails here) and measures it. The block's arrays are released
     * afterwards: profile a fresh block, not one that is about to be trained.
     */
    public static BlockProfile measure(Block block, ImageShape input) {
        Shape batch = input.batchShape(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, batch);
            return of(block, batch);
        }
    }

    /** Measures an already initialised block whose input was {@code batchOfOne}. */
    public static BlockProfile of(Block block, Shape batchOfOne) {
        long params = 0;
        long frozen = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            params += p.getShape().size();
            frozen += p.requiresGradient() ? 0 : p.getShape().size();
        }
        Shape output = block.getOutputShapes(new Shape[] {batchOfOne})[0];
        return new BlockProfile(params, frozen, 2 * macs(block), output);
    }

    /** Multiply-accumulates of the convolution and linear layers in {@code block}'s tree. */
    static long macs(Block block) {
        if (block instanceof Convolution conv) {
            Shape in = conv.getInputShapes()[0];
            Shape out = conv.getOutputShapes(new Shape[] {in})[0];
            long perOutput =
                    in.get(1) / conv.getGroups() * conv.getKernelShape().size();
            return out.size() / in.get(0) * perOutput;
        }
        if (block instanceof Linear linear) {
            Shape in = linear.getInputShapes()[0];
            Shape out = linear.getOutputShapes(new Shape[] {in})[0];
            return out.size() / in.get(0) * in.get(in.dimension() - 1);
        }
        long total = 0;
        for (Block child : block.getChildren().values()) {
            total += macs(child);
        }
        return total;
    }
}
