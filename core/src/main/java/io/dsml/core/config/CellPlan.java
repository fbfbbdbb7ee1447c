package io.dsml.core.config;

import io.dsml.core.params.Params;

/**
 * One cell of an experiment's grid with its components resolved: the backbone and the loss with
 * every hyperparameter (declared defaults filled in), and the seed. The run plans, trains and
 * exports cells by it; the model export describes a trained cell from it.
 *
 * @param id the cell's id, also its directory under {@code cells/}
 * @param fold the class-disjoint fold the cell trains and selects on ({@code evaluation.folds}),
 *     or {@link #NO_FOLD}
 */
public record CellPlan(
        String id,
        ComponentConfig backbone,
        Params backboneParams,
        ComponentConfig loss,
        Params lossParams,
        long seed,
        int fold) {
    /** The fold of a cell of an experiment without cross-validation. */
    public static final int NO_FOLD = -1;

    /** A cell of an experiment without cross-validation. */
    public CellPlan(
            String id,
            ComponentConfig backbone,
            Params backboneParams,
            ComponentConfig loss,
            Params lossParams,
            long seed) {
        this(id, backbone, backboneParams, loss, lossParams, seed, NO_FOLD);
    }

    /** Whether the cell is one fold of a cross-validation. */
    public boolean hasFold() {
        return fold != NO_FOLD;
    }

    /** The same cell under another id (a run directory made by an older dsml keeps its ids). */
    public CellPlan withId(String otherId) {
        return new CellPlan(otherId, backbone, backboneParams, loss, lossParams, seed, fold);
    }
}
