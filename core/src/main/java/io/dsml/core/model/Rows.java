package io.dsml.core.model;

import ai.djl.ndarray.NDArray;

/** Row-wise operations on [n, d] arrays that several losses and heads share. */
public final class Rows {
    /** The floor under a row's norm, as in torch.nn.functional.normalize. */
    public static final float NORM_EPSILON = 1e-12f;

    private Rows() {}

    /** Each row divided by its L2 norm (floored at {@link #NORM_EPSILON}): points on S^{d-1}. */
    public static NDArray l2Normalize(NDArray rows) {
        NDArray norms = rows.norm(new int[] {1}, true).maximum(NORM_EPSILON);
        return rows.div(norms);
    }
}
