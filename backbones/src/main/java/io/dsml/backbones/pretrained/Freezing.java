package io.dsml.backbones.pretrained;

import ai.djl.nn.Block;
import io.dsml.backbones.layers.FreezableBatchNorm;

/**
 * Freezes parts of a backbone before it is initialised; frozen parameters get no gradient, so
 * every optimizer leaves them as loaded.
 */
public final class Freezing {
    private Freezing() {}

    /**
     * Applies the {@code freeze_bn} and {@code freeze_stages} options.
     *
     * @param freezeBatchNorm freeze every BatchNorm's statistics, scale and shift
     * @param frozenStages how many stages, from the stem up, to freeze entirely (weights and
     *     BatchNorm statistics, as mmdetection's {@code frozen_stages})
     */
    public static void apply(StagedNetwork net, boolean freezeBatchNorm, int frozenStages) {
        for (int i = 0; i < frozenStages; i++) {
            Block stage = net.stages().get(i);
            stage.freezeParameters(true);
            freezeBatchNorms(stage);
        }
        if (freezeBatchNorm) {
            net.stages().forEach(Freezing::freezeBatchNorms);
        }
    }

    /** Freezes every {@link FreezableBatchNorm} in {@code block}'s tree. */
    public static void freezeBatchNorms(Block block) {
        if (block instanceof FreezableBatchNorm norm) {
            norm.freeze();
        }
        block.getChildren().values().forEach(Freezing::freezeBatchNorms);
    }
}
