package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.dsml.core.model.Scalars;

/**
 * Masked reductions for mining on the device, where MXNet has no topK, gather or scatter: a
 * masked-out entry is pushed to -BIG (or +BIG) so that it never wins a max (or min), and a
 * 0/1 mask becomes the one-hot of its first 1 by a running count (a matMul with a triangle).
 */
final class Masks {
    /** Far beyond any closeness (cosines in [-1, 1], negated distances in [-2, 0]). */
    private static final float BIG = 1e30f;

    private Masks() {}

    /** The maximum of {@code values} over the entries where {@code mask} is 1, per row [B, 1]; -BIG if none. */
    static NDArray maxWhere(NDArray values, NDArray mask) {
        return values.mul(mask).add(Scalars.mul(mask.sub(1f), BIG)).max(new int[] {1}, true);
    }

    /** The minimum of {@code values} over the entries where {@code mask} is 1, per row [B, 1]; +BIG if none. */
    static NDArray minWhere(NDArray values, NDArray mask) {
        return values.mul(mask).sub(Scalars.mul(mask.sub(1f), BIG)).min(new int[] {1}, true);
    }

    /** 0/1 [B, M] of the entries where {@code mask} is 1 and {@code values} equals its row's {@code extreme}. */
    static NDArray equalWhere(NDArray values, NDArray mask, NDArray extreme) {
        return values.eq(extreme).toType(DataType.FLOAT32, false).mul(mask);
    }

    /** For a 0/1 matrix [B, M], the one-hot [B, M] of each row's first 1 (ties go to the lowest index). */
    static NDArray firstOnes(NDArray ones) {
        int m = Math.toIntExact(ones.getShape().get(1));
        NDManager manager = ones.getManager();
        NDArray index = manager.arange(m).toType(DataType.FLOAT32, false);
        // upTo[j, k] = 1 for j <= k: ones.matMul(upTo) counts the 1s up to column k.
        NDArray upTo = index.expandDims(1).lte(index.expandDims(0)).toType(DataType.FLOAT32, false);
        NDArray runningCount = ones.matMul(upTo);
        return runningCount.eq(1f).toType(DataType.FLOAT32, false).mul(ones);
    }
}
