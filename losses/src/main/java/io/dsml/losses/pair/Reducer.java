package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.dsml.core.model.Scalars;
import java.util.List;

/**
 * How a pair or triplet loss turns its per-element losses into one number, as pytorch-metric-
 * learning's reducers. Every element comes with a weight, how often the miner chose it (0 for
 * elements it did not choose), so the losses of all elements are computed as one array on the
 * device and the chosen ones counted with their multiplicity.
 */
public enum Reducer {
    /** {@code AvgNonZeroReducer}: the mean over the chosen elements with a positive loss (0 if none). */
    AVG_NON_ZERO("avg-non-zero") {
        @Override
        NDArray denominator(NDArray losses, NDArray weights) {
            return weights.mul(losses.gt(0).toType(DataType.FLOAT32, false)).sum();
        }
    },
    /** {@code MeanReducer}: the mean over the chosen elements (0 if none). */
    MEAN("mean") {
        @Override
        NDArray denominator(NDArray losses, NDArray weights) {
            return weights.sum();
        }
    },
    /** {@code SumReducer}: the sum over the chosen elements. */
    SUM("sum") {
        @Override
        NDArray denominator(NDArray losses, NDArray weights) {
            return null;
        }
    };

    private final String id;

    Reducer(String id) {
        this.id = id;
    }

    /** The name in configs ({@code reducer: mean}). */
    public String id() {
        return id;
    }

    /** Every name, for the {@code reducer} hyperparameter's choices. */
    public static List<String> ids() {
        return Choices.ids(values(), Reducer::id);
    }

    /** The reducer by its name. */
    public static Reducer byId(String id) {
        return Choices.byId(values(), Reducer::id, id, "reducer");
    }

    /**
     * The reduced loss, a scalar.
     *
     * @param losses per-element losses, finite everywhere (also where the weight is 0)
     * @param weights non-negative multiplicities of the same shape
     */
    public NDArray reduce(NDArray losses, NDArray weights) {
        NDArray total = losses.mul(weights).sum();
        NDArray count = denominator(losses, weights);
        return count == null ? total : total.div(Scalars.maximum(count, 1f));
    }

    /** What the weighted sum is divided by (floored at 1), or null for none. */
    abstract NDArray denominator(NDArray losses, NDArray weights);
}
