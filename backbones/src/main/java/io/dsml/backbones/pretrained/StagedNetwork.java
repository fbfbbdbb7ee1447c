package io.dsml.backbones.pretrained;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.dsml.core.model.GlobalPooling;
import java.util.List;

/**
 * A backbone as its stages, lowest first (the stem, then each group of blocks that shares a
 * resolution), followed by global average pooling. Freezing works stage by stage.
 *
 * @param stages the stages in forward order
 * @param features channels of the last stage, F of the pooled output
 */
public record StagedNetwork(List<Block> stages, int features) {
    public StagedNetwork {
        stages = List.copyOf(stages);
    }

    /** The backbone block: the stages in sequence, then {@link GlobalPooling} (average). */
    public SequentialBlock assemble() {
        return assemble(List.of());
    }

    /**
     * The backbone block with parameter-free input transforms in front (see {@code
     * InputTransform}), applied in order.
     */
    public SequentialBlock assemble(List<Block> inputTransforms) {
        SequentialBlock net = new SequentialBlock();
        inputTransforms.forEach(net::add);
        stages.forEach(net::add);
        return net.add(new GlobalPooling(GlobalPooling.Mode.AVG));
    }
}
