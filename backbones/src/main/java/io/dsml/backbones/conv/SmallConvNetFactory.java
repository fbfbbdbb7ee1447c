package io.dsml.backbones.conv;

import ai.djl.nn.Block;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.ImageShape;
import java.util.List;

/** Registers {@link SmallConvNet} of one depth as {@code conv-<depth>}. */
public final class SmallConvNetFactory implements BackboneFactory {
    private final int depth;

    public SmallConvNetFactory(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1");
        }
        this.depth = depth;
    }

    @Override
    public String name() {
        return "conv-" + depth;
    }

    @Override
    public String description() {
        return depth + " x (3x3 conv, BatchNorm, ReLU, 2x2 max-pool), flattened";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("base_channels", 32, 1, 1024, "filters of the first convolution; doubled per layer"));
    }

    @Override
    public Block create(Params params, ImageShape input) {
        return SmallConvNet.build(depth, params.getInt("base_channels"), input);
    }
}
