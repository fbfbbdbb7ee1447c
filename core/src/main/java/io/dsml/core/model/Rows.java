package io.dsml.core.model;

import ai.djl.ndarray.NDArray;

/** Row-wise operations on [n, d] arrays that several losses and heads share. */
public final class Rows {
    /** The floor under a row's norm, as in torch.nn.functional.normalize. */
    public static final float NORM_EPSILON = 1e-12f;

    private Rows() {}

    /**
     * Each row divided by its L2 norm (floored at {@link #NORM_EPSILON}): points on S^{d-1}. As
     * torch's {@code F.normalize}, an all-zero row becomes 0 with a finite gradient.
     */
    public static NDArray l2Normalize(NDArray rows) {
        return rows.div(norms(rows));
    }

    /**
     * The L2 norm of each row, floored at {@link #NORM_EPSILON}: [n, 1]. The floor is applied to
     * the squared norm, before the square root: the derivative of {@code sqrt} (and of the
     * engine's {@code norm}) at 0 is 0/0, which the floor's zero gradient would multiply into
     * NaN rather than cancel, so a zero row would get a NaN gradient.
     */
    public static NDArray norms(NDArray rows) {
        return Scalars.maximum(rows.square().sum(new int[] {1}, true), NORM_EPSILON * NORM_EPSILON)
                .sqrt();
    }
}
