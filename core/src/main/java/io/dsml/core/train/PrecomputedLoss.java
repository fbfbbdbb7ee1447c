package io.dsml.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * DJL's {@code Trainer} wants a {@link Loss}; in dsml the loss is computed inside the {@link
 * io.dsml.core.model.TrainingBlock}, whose first output already is the loss value.
 */
final class PrecomputedLoss extends Loss {
    PrecomputedLoss() {
        super("metric-loss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return predictions.head();
    }
}
