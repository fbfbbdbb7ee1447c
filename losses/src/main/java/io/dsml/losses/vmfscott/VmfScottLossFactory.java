package io.dsml.losses.vmfscott;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/**
 * Registers {@link VmfScottLoss} as {@code vmf-scott}. Defaults follow Scott et al.'s reference
 * configuration (10 samples, kappa confidence 0.4, temperature initialised at t = 0), with the
 * temperature learned as in their paper.
 */
public final class VmfScottLossFactory extends LossFactory.Declared {
    public VmfScottLossFactory() {
        super(
                "vmf-scott",
                "Scott et al. 2021 vMF loss: embedding norm = concentration, vMF class weights, "
                        + "Monte-Carlo samples, learned temperature (use embedding.normalize: false)",
                List.of(
                        ParamSpec.integer("samples", 10, 1, null, "Monte-Carlo samples of each embedding's vMF"),
                        ParamSpec.flag("learn_temperature", true, "train the temperature t (beta = exp(-t))"),
                        ParamSpec.real("initial_temperature", 0, null, null, "t at the start (beta = exp(-t))"),
                        ParamSpec.real(
                                "kappa_confidence",
                                0.4,
                                0.0,
                                1.0,
                                "sets the fixed embedding scale so initial concentrations match this confidence"),
                        ParamSpec.real(
                                "z_kappa_mult",
                                0,
                                0.0,
                                null,
                                "the fixed embedding scale c itself (0: from kappa_confidence and the first batch)"),
                        ParamSpec.integer("seed", 0, 0, null, "seed of the Monte-Carlo samples")),
                VmfScottLossFactory::build);
    }

    private static MetricLoss build(Params params, LossShape shape) {
        double confidence = params.getDouble("kappa_confidence");
        if (!(confidence > 0 && confidence < 1)) {
            throw new io.dsml.core.error.DsmlException(
                    "vmf-scott: kappa_confidence must lie strictly between 0 and 1, got " + confidence);
        }
        return new VmfScottLoss(
                shape.classes(),
                shape.embeddingDim(),
                params.getInt("samples"),
                params.getBoolean("learn_temperature"),
                params.getDouble("initial_temperature"),
                confidence,
                params.getDouble("z_kappa_mult"),
                params.getInt("seed"),
                null);
    }
}
