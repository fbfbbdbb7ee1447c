package io.dsml.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Detects weights that became NaN or infinite, at an epoch's end. A step's loss can still be finite
 * while the update it triggers overflows (a huge weight decay, say); the epoch-end class-state
 * refresh and the evaluation then compute on NaN and failed in ways that aborted the whole run.
 * Caught here, the cell is marked diverged and the run goes on with the next cell.
 */
final class WeightCheck {
    private WeightCheck() {}

    /**
     * @throws DivergenceException naming the first non-finite parameter
     */
    static void requireFinite(Block block, NDManager manager, int epoch) {
        try (NDManager scope = manager.newSubManager()) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray array = p.getValue().getArray();
                // NaN and infinities survive a sum; one scalar per parameter crosses to the host.
                NDArray sum = array.sum();
                sum.attach(scope);
                float value =
                        sum.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
                if (!Float.isFinite(value)) {
                    throw new DivergenceException(
                            "weights became NaN or infinite in epoch " + epoch + " (parameter " + p.getKey() + ")");
                }
            }
        }
    }
}
