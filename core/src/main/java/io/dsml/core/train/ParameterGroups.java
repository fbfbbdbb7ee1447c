package io.dsml.core.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.train.optim.LearningRates.Group;
import java.util.HashMap;
import java.util.Map;

/**
 * Which group each parameter of a {@link TrainingBlock} belongs to, for per-group learning rates
 * and the head-only warm-up: the embedding model's first block is the backbone, its other blocks
 * the head (embedding layer, BatchNorm), and the loss's parameters (proxies, classifier weights,
 * centres) the loss group. Read from the block tree, not from parameter names.
 */
final class ParameterGroups {
    private ParameterGroups() {}

    static Map<String, Group> of(TrainingBlock block) {
        Map<String, Group> groups = new HashMap<>();
        var children = block.embedder().getChildren();
        for (int i = 0; i < children.size(); i++) {
            put(groups, children.get(i).getValue(), i == 0 ? Group.BACKBONE : Group.HEAD);
        }
        if (children.isEmpty()) {
            put(groups, block.embedder(), Group.HEAD);
        }
        put(groups, block.loss(), Group.LOSS);
        return groups;
    }

    private static void put(Map<String, Group> groups, Block block, Group group) {
        for (Parameter p : block.getParameters().values()) {
            groups.put(p.getId(), group);
        }
    }
}
