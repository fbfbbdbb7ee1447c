package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.evaluation.EmbeddingSet;
import org.junit.jupiter.api.Test;

class VmfLossTest {
    private static VmfLoss loss(float kappa, int classes, int dim) {
        return new VmfLoss(kappa, MeanDirectionMode.GLOBAL, new RefreshPeriod(1, 0), classes, dim, 0);
    }

    @Test
    void valueMatchesHandComputedCase() {
        // mu_0 = (1,0), mu_1 = (0,1), kappa = 2.
        // e_1 = (3,4) -> z = (0.6, 0.8), label 0: logits (1.2, 1.6), -log p = log(1 + e^0.4).
        // e_2 = (1,0) -> z = (1, 0),     label 1: logits (2, 0),     -log p = log(1 + e^2).
        float[] e = {3, 4, 1, 0};
        float[] mus = {1, 0, 0, 1};
        double expected = (Math.log(1 + Math.exp(0.4)) + Math.log(1 + Math.exp(2))) / 2;
        double value = LossProbe.evaluate(loss(2, 2, 2), e, 2, 2, new int[] {0, 1}, mus, false)
                .loss();
        assertThat(value).isCloseTo(expected, within(1e-5));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 6;
        int d = 4;
        float[] e = FiniteDifferences.random(n * d, 1);
        float[] mus = unitRows(FiniteDifferences.random(3 * d, 2), 3, d);
        int[] labels = {0, 1, 2, 0, 1, 2};
        FiniteDifferences.assertGradientMatches(() -> loss(8, 3, d), e, n, d, labels, mus, 1e-2, 2e-3);
    }

    @Test
    void invariantToRescalingAnEmbedding() {
        float[] e = FiniteDifferences.random(12, 3);
        float[] mus = unitRows(FiniteDifferences.random(6, 4), 2, 3);
        int[] labels = {0, 1, 0, 1};
        double base =
                LossProbe.evaluate(loss(10, 2, 3), e, 4, 3, labels, mus, false).loss();
        float[] scaled = e.clone();
        for (int j = 3; j < 6; j++) {
            scaled[j] *= 7.5f;
        }
        double rescaled = LossProbe.evaluate(loss(10, 2, 3), scaled, 4, 3, labels, mus, false)
                .loss();
        assertThat(rescaled).isCloseTo(base, within(1e-5));
    }

    @Test
    void refreshSetsMeansToNormalisedClassResultants() {
        int n = 50;
        int d = 5;
        int classes = 4;
        float[] e = FiniteDifferences.random(n * d, 5);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        VmfLoss vmf = loss(16, classes, d);
        float[] means;
        try (NDManager manager = NDManager.newBaseManager()) {
            LossProbe.evaluate(manager, vmf, e, n, d, labels, null, false); // initialises, refreshes from E
            means = vmf.meanDirections().getArray().toFloatArray();
        }
        for (int c = 0; c < classes; c++) {
            double[] resultant = new double[d];
            for (int i = 0; i < n; i++) {
                if (labels[i] != c) {
                    continue;
                }
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += e[i * d + j] * e[i * d + j];
                }
                for (int j = 0; j < d; j++) {
                    resultant[j] += e[i * d + j] / Math.sqrt(norm);
                }
            }
            double length =
                    Math.sqrt(java.util.Arrays.stream(resultant).map(v -> v * v).sum());
            for (int j = 0; j < d; j++) {
                assertThat((double) means[c * d + j])
                        .as("mu[%d][%d]", c, j)
                        .isCloseTo(resultant[j] / length, within(1e-5));
            }
        }
    }

    @Test
    void refreshKeepsTheMeanOfAClassWithoutSamples() {
        VmfLoss vmf = loss(16, 3, 2);
        float[] mus = {1, 0, 0.6f, 0.8f, -1, 0};
        try (NDManager manager = NDManager.newBaseManager()) {
            LossProbe.evaluate(manager, vmf, new float[] {1, 1, 2, 2}, 2, 2, new int[] {0, 0}, mus, false);
            vmf.refresh(new EmbeddingSet(new float[] {0, 3, 0, 1}, 2, 2, new int[] {1, 1}));
            // class 1 moved to (0, 1); classes 0 and 2 had no samples and keep their directions.
            assertThat(vmf.meanDirections().getArray().toFloatArray()).containsExactly(1, 0, 0, 1, -1, 0);
        }
    }

    @Test
    void refreshReportsTheMeanAngleItMovedTheDirectionsBy() {
        VmfLoss vmf = loss(16, 3, 2);
        float[] mus = {1, 0, 0.6f, 0.8f, -1, 0};
        try (NDManager manager = NDManager.newBaseManager()) {
            LossProbe.evaluate(manager, vmf, new float[] {1, 1, 2, 2}, 2, 2, new int[] {0, 0}, mus, false);
            vmf.refresh(new EmbeddingSet(new float[] {0, 3, 0, 1}, 2, 2, new int[] {1, 1}));
            // class 1 turned from (0.6, 0.8) to (0, 1), acos(0.8) = 36.87 degrees; 0 and 2 stayed put
            assertThat(vmf.diagnostics().get("mean_direction_change_deg"))
                    .isCloseTo(Math.toDegrees(Math.acos(0.8)) / 3, within(1e-4));
        }
    }

    @Test
    void meanAngleIsZeroForScaledRowsAndSkipsRowsWithoutADirection() {
        // rows: same direction scaled (0), orthogonal (90), opposite (180), a zero row (left out)
        float[] before = {2, 0, 0, 1, 1, 1, 0, 0};
        float[] after = {5, 0, 3, 0, -2, -2, 1, 0};
        assertThat(VmfLoss.meanAngleDegrees(before, after, 4, 2)).isCloseTo(90.0, within(1e-9));
        assertThat(VmfLoss.meanAngleDegrees(new float[] {0, 0}, new float[] {1, 0}, 1, 2))
                .isNaN();
    }

    @Test
    void classifiesByNearestMeanDirection() {
        VmfLoss vmf = loss(4, 3, 2);
        float[] mus = {1, 0, 0, 1, -0.6f, -0.8f};
        try (NDManager manager = NDManager.newBaseManager()) {
            LossProbe.evaluate(manager, vmf, new float[] {1, 0, 0, 1}, 2, 2, new int[] {0, 1}, mus, false);
            // (5, 1) is nearest mu_0; (0.1, 9) nearest mu_1; (-3, -5) nearest mu_2 despite its length.
            NDArray z = manager.create(new float[] {5, 1, 0.1f, 9, -3, -5}, new Shape(3, 2));
            NDArray scores = vmf.classifier().orElseThrow().scores(new ParameterStore(manager, false), z);
            assertThat(scores.argMax(1).toLongArray()).containsExactly(0, 1, 2);
        }
    }

    @Test
    void onlineModePublishesResultantsOfTheTrainingPass() {
        VmfLoss vmf = new VmfLoss(16, MeanDirectionMode.ONLINE, RefreshPeriod.onlyAtStart(), 2, 2, 0);
        float[] mus = {1, 0, 0, 1};
        float[] e = {0, 2, 0, 4, 3, 0, -1, 0.1f};
        float[] means;
        try (NDManager manager = NDManager.newBaseManager()) {
            LossProbe.evaluate(manager, vmf, e, 4, 2, new int[] {1, 1, 0, 0}, mus, false); // training-mode forward
            vmf.onEpochEnd();
            means = vmf.meanDirections().getArray().toFloatArray();
        }
        // class 1: (0,1) + (0,1) -> (0,1); class 0: (1,0) + (-0.995, 0.0995) -> normalised.
        double rx = 1 - 1 / Math.sqrt(1.01);
        double ry = 0.1 / Math.sqrt(1.01);
        double len = Math.hypot(rx, ry);
        assertThat(means[0]).isCloseTo((float) (rx / len), within(1e-5f));
        assertThat(means[1]).isCloseTo((float) (ry / len), within(1e-5f));
        assertThat(means[2]).isCloseTo(0f, within(1e-6f));
        assertThat(means[3]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void learnedModeNormalisesMeansAndMatchesGlobalOnUnitMeans() {
        float[] e = FiniteDifferences.random(8, 9);
        float[] mus = {2, 0, 0, 3};
        int[] labels = {0, 1, 1, 0};
        VmfLoss learned = new VmfLoss(5, MeanDirectionMode.LEARNED, RefreshPeriod.onlyAtStart(), 2, 2, 0);
        double a = LossProbe.evaluate(learned, e, 4, 2, labels, mus, false).loss();
        double b = LossProbe.evaluate(loss(5, 2, 2), e, 4, 2, labels, new float[] {1, 0, 0, 1}, false)
                .loss();
        assertThat(a).isCloseTo(b, within(1e-6));
    }

    @Test
    void rejectsNonPositiveKappa() {
        assertThatThrownBy(() -> loss(0, 2, 2)).hasMessageContaining("kappa must be > 0");
        assertThatThrownBy(() -> loss(Float.NaN, 2, 2)).hasMessageContaining("kappa must be > 0");
    }

    private static float[] unitRows(float[] values, int rows, int d) {
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += values[r * d + j] * values[r * d + j];
            }
            for (int j = 0; j < d; j++) {
                values[r * d + j] /= (float) Math.sqrt(norm);
            }
        }
        return values;
    }
}
