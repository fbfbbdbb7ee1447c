package io.dsml.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;

/**
 * The optimizer step for one device on MXNet, without DJL's parameter server.
 *
 * <p>Why: DJL's {@code Trainer.step()} on MXNet goes through a KVStore. Per parameter and step it
 * calls {@code MXKVStorePushPull}, which calls back into Java (JNA) to run the optimizer on the
 * store's own copy of the weight, waits for that update to finish (DJL closes the callback's
 * arrays, which waits on them), and copies the result back into the weight. With one device there
 * is nothing to reduce, so this applies the optimizer to the weight and its gradient directly,
 * as DJL's {@code LocalParameterServer} (the PyTorch engine's path) does; the numbers are the same
 * fused update on the same arrays. Several devices, and other engines, keep {@code
 * trainer.step()}. {@code -Ddsml.directUpdate=false} turns this off, for comparison.
 */
final class DirectUpdate {
    private final Optimizer optimizer;
    private final List<Parameter> trainable;

    private DirectUpdate(Optimizer optimizer, List<Parameter> trainable) {
        this.optimizer = optimizer;
        this.trainable = trainable;
    }

    /** The direct step for {@code trainer}, or {@code null} where {@code trainer.step()} is needed. */
    static DirectUpdate of(Trainer trainer, Optimizer optimizer) {
        boolean mxnet = "MXNet".equals(trainer.getManager().getEngine().getEngineName());
        boolean enabled = !"false".equals(System.getProperty("dsml.directUpdate"));
        if (!mxnet || !enabled || trainer.getDevices().length != 1) {
            return null;
        }
        List<Parameter> trainable = trainer.getModel().getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
        return new DirectUpdate(optimizer, trainable);
    }

    /** Updates every trainable parameter from its gradient. */
    void step() {
        for (Parameter parameter : trainable) {
            NDArray weight = parameter.getArray();
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(parameter.getId(), weight, gradient);
            }
        }
    }
}
