package io.dsml.core.config;

import io.dsml.core.params.Params;

/**
 * One cell of an experiment's grid with its components resolved: the backbone and the loss with
 * every hyperparameter (declared defaults filled in), and the seed. The run plans, trains and
 * exports cells by it; the model export describes a trained cell from it.
 *
 * @param id the cell's id, also its directory under {@code cells/}
 */
public record CellPlan(
        String id,
        ComponentConfig backbone,
        Params backboneParams,
        ComponentConfig loss,
        Params lossParams,
        long seed) {
    /** The same cell under another id (a run directory made by an older dsml keeps its ids). */
    public CellPlan withId(String otherId) {
        return new CellPlan(otherId, backbone, backboneParams, loss, lossParams, seed);
    }
}
