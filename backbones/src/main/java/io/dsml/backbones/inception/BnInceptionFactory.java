package io.dsml.backbones.inception;

import io.dsml.backbones.pretrained.PretrainableBackboneFactory;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.ImageShape;
import java.util.List;
import java.util.Optional;

/**
 * Registers {@link BnInception} as {@code bn-inception}, with the shared {@code weights},
 * {@code freeze_bn} and {@code freeze_stages} (0..4).
 */
public final class BnInceptionFactory extends PretrainableBackboneFactory {
    public BnInceptionFactory() {
        super("bn-inception", "BN-Inception (Inception v2, Caffe layout), the metric-learning standard");
    }

    @Override
    protected List<ParamSpec> architectureParams() {
        return List.of();
    }

    @Override
    protected int stageCount() {
        return 4;
    }

    @Override
    protected StagedNetwork build(Params params, ImageShape input) {
        return BnInception.build(input);
    }

    @Override
    protected Optional<LayerTable> layerTable(Params params) {
        return Optional.of(BnInception.pretrainedModelsNames());
    }
}
