package io.dsml.losses.vmf;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.spi.RefreshPeriod;
import java.util.List;

/**
 * Registers {@link VmfLoss} as {@code vmf}. Default kappa = 16: see the losses README for how it
 * was chosen.
 */
public final class VmfLossFactory extends LossFactory.Declared {
    public static final double DEFAULT_KAPPA = 16;
    /** Enough for a rough start; the first epoch's resultants replace it (losses README). */
    public static final int DEFAULT_ONLINE_INITIAL_PER_CLASS = 32;

    public VmfLossFactory() {
        super(
                "vmf",
                "von Mises-Fisher loss with shared concentration; mean directions refreshed from the training set",
                List.of(
                        ParamSpec.positive("kappa", DEFAULT_KAPPA, "shared concentration (inverse temperature)"),
                        ParamSpec.choice(
                                "means",
                                "global",
                                List.of("global", "online", "learned"),
                                "global: full-training-set refresh (the paper); online: from the training pass; learned: by gradient"),
                        ParamSpec.integer(
                                "refresh_epochs", 1, 0, null, "global mode: refresh after every N epochs (0: never)"),
                        ParamSpec.integer(
                                "refresh_iterations",
                                0,
                                0,
                                null,
                                "global mode: refresh after every N steps of the run (0: never)"),
                        ParamSpec.integer(
                                "refresh_per_epoch",
                                1,
                                1,
                                null,
                                "global mode: N evenly spaced refreshes per epoch, the last at its end (1: only the end)"),
                        ParamSpec.integer(
                                "online_initial_per_class",
                                DEFAULT_ONLINE_INITIAL_PER_CLASS,
                                0,
                                null,
                                "online mode: training samples per class for the means before the first step (0: all)")),
                VmfLossFactory::build);
    }

    private static MetricLoss build(Params params, LossShape shape) {
        RefreshPeriod period = new RefreshPeriod(
                params.getInt("refresh_epochs"),
                params.getInt("refresh_iterations"),
                params.getInt("refresh_per_epoch"));
        return new VmfLoss(
                params.getFloat("kappa"),
                MeanDirectionMode.parse(params.getString("means")),
                period,
                shape.classes(),
                shape.embeddingDim(),
                params.getInt("online_initial_per_class"));
    }
}
