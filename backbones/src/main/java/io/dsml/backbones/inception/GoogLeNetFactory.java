package io.dsml.backbones.inception;

import io.dsml.backbones.pretrained.PretrainableBackboneFactory;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.ImageShape;
import java.util.List;

/**
 * Registers {@link GoogLeNet} as {@code googlenet}: hyperparameter {@code batch_norm} (false) plus
 * the shared {@code weights}, {@code freeze_bn} and {@code freeze_stages} (0..4).
 */
public final class GoogLeNetFactory extends PretrainableBackboneFactory {
    public GoogLeNetFactory() {
        super("googlenet", "GoogLeNet / Inception v1 (the paper's retrieval backbone), no auxiliary heads");
    }

    @Override
    protected List<ParamSpec> architectureParams() {
        return List.of(ParamSpec.flag(
                "batch_norm",
                false,
                "BatchNorm after every convolution, 5x5 kernels kept (torchvision's layout: googlenet-torchvision)"));
    }

    @Override
    protected int stageCount() {
        return 4;
    }

    @Override
    protected StagedNetwork build(Params params, ImageShape input) {
        return GoogLeNet.build(params.getBoolean("batch_norm"), input);
    }
}
