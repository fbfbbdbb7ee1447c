package io.dsml.backbones.inception;

import ai.djl.nn.Block;
import io.dsml.backbones.layers.InputTransform;
import io.dsml.backbones.pretrained.PretrainableBackboneFactory;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.ImageShape;
import java.util.List;
import java.util.Optional;

/**
 * Registers torchvision's GoogLeNet ({@link GoogLeNet.Layout#TORCHVISION}) as {@code
 * googlenet-torchvision}: hyperparameter {@code transform_input} (true, as torchvision's {@code
 * googlenet(weights=...)} sets it for its ImageNet weights) plus the shared ones, {@code
 * freeze_stages} 0..4. Its {@code weights} may be torchvision's state_dict file itself.
 */
public final class GoogLeNetTorchvisionFactory extends PretrainableBackboneFactory {
    public GoogLeNetTorchvisionFactory() {
        super(
                "googlenet-torchvision",
                "GoogLeNet as torchvision builds it (BatchNorm, 3x3 in the \"5x5\" branch), for its ImageNet weights");
    }

    @Override
    protected List<ParamSpec> architectureParams() {
        return List.of(ParamSpec.flag(
                "transform_input",
                true,
                "map ImageNet-normalised input to (p - 0.5) / 0.5, as torchvision does for its ported weights"));
    }

    @Override
    protected int stageCount() {
        return 4;
    }

    @Override
    protected StagedNetwork build(Params params, ImageShape input) {
        return GoogLeNet.build(GoogLeNet.Layout.TORCHVISION, input);
    }

    @Override
    protected Optional<Block> architectureInputTransform(Params params) {
        return params.getBoolean("transform_input")
                ? Optional.of(InputTransform.torchvisionGoogLeNet())
                : Optional.empty();
    }

    @Override
    protected Optional<LayerTable> layerTable(Params params) {
        return Optional.of(GoogLeNet.torchvisionNames());
    }
}
