package io.dsml.backbones.resnet;

import io.dsml.backbones.pretrained.PretrainableBackboneFactory;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.ImageShape;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registers ResNet of one depth as {@code resnet<depth>}, with hyperparameters {@code stem}
 * ({@code imagenet}, the default, or {@code cifar}) and {@code width} (64), plus the shared
 * {@code weights}, {@code freeze_bn} and {@code freeze_stages} (0..5).
 */
public final class ResNetFactory extends PretrainableBackboneFactory {
    private final int depth;

    public ResNetFactory(int depth) {
        super(
                "resnet" + validDepth(depth),
                "ResNet-" + depth + " (" + (depth >= 50 ? "bottleneck" : "basic") + " blocks), global average pooled");
        this.depth = depth;
    }

    private static int validDepth(int depth) {
        new ResNet.Spec(depth, ResNet.Stem.IMAGENET, 64); // throws for a depth ResNet does not define
        return depth;
    }

    @Override
    protected List<ParamSpec> architectureParams() {
        return List.of(
                ParamSpec.choice(
                        "stem",
                        ResNet.Stem.IMAGENET.key(),
                        List.of(ResNet.Stem.IMAGENET.key(), ResNet.Stem.CIFAR.key()),
                        "imagenet: 7x7/2 conv + 3x3/2 max-pool; cifar: one 3x3/1 conv"),
                ParamSpec.integer("width", 64, 1, 1024, "channels of the first stage (64 in the paper)"));
    }

    @Override
    protected int stageCount() {
        return 5;
    }

    @Override
    protected StagedNetwork build(Params params, ImageShape input) {
        return ResNet.build(spec(params), input);
    }

    @Override
    protected Optional<LayerTable> layerTable(Params params) {
        return Optional.of(ResNet.torchvisionNames(spec(params)));
    }

    private ResNet.Spec spec(Params params) {
        ResNet.Stem stem = ResNet.Stem.valueOf(params.getString("stem").toUpperCase(Locale.ROOT));
        return new ResNet.Spec(depth, stem, params.getInt("width"));
    }
}
