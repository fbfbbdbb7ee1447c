package io.dsml.core.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class ResumableAdamTest {
    private static final float[][] GRADIENTS = {
        {0.3f, -0.2f, 0.1f}, {0.1f, 0.4f, -0.3f}, {-0.5f, 0.2f, 0.2f}, {0.05f, -0.1f, 0.6f}
    };

    /**
     * torch.optim.AdamW(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1) and
     * torch.optim.Adam(lr=0.01, weight_decay=0.1), PyTorch 1.13 in float64, from w = [0.5, -1.25,
     * 2.0] after the four gradients above.
     */
    private static final double[] TORCH_ADAMW = {0.4821241657, -1.2468822279, 1.9817726406};

    private static final double[] TORCH_ADAM_L2 = {0.4806372378, -1.2385989522, 1.9711668027};

    @Test
    void decoupledDecayMatchesPytorchAdamW() {
        assertThat(run(true)).containsExactly(toFloats(TORCH_ADAMW), within(2e-6f));
    }

    @Test
    void l2DecayMatchesPytorchAdam() {
        assertThat(run(false)).containsExactly(toFloats(TORCH_ADAM_L2), within(2e-6f));
    }

    private static float[] run(boolean decoupled) {
        try (NDManager manager = NDManager.newBaseManager();
                ResumableAdam adam = new ResumableAdam(LearningRates.constant(0.01f), 0.1f, decoupled)) {
            NDArray weight = manager.create(new float[] {0.5f, -1.25f, 2.0f});
            for (float[] g : GRADIENTS) {
                adam.update("w", weight, manager.create(g));
            }
            return weight.toFloatArray();
        }
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
