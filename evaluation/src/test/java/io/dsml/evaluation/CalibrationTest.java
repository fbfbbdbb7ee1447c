package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final float LN9 = (float) Math.log(9);

    @Test
    void uniformLogitsAreCalibratedAtHalfAccuracy() {
        // confidence 0.5 everywhere, class 0 predicted, half the labels are 0: in one bin no gap;
        // in 15 bins each sample is alone with a gap of 0.5; NLL ln 2
        float[] logits = new float[8];
        int[] labels = {0, 0, 1, 1};
        assertThat(Calibration.ece(logits, 4, 2, labels, 1, 2)).isCloseTo(0, within(1e-12));
        assertThat(Calibration.ece(logits, 4, 2, labels)).isCloseTo(0.5, within(1e-12));
        assertThat(Calibration.nll(logits, 4, 2, labels)).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void overconfidentPredictionsByHand() {
        // every sample predicts class 0 with confidence 9/(9+1) = 0.9; three of four are right
        float[] logits = {LN9, 0, LN9, 0, LN9, 0, LN9, 0};
        int[] labels = {0, 0, 0, 1};
        // one bin: |0.75 - 0.9| = 0.15
        assertThat(Calibration.ece(logits, 4, 2, labels, 1, 1)).isCloseTo(0.15, within(1e-7));
        // 15 bins, n = 4: ranks go to bins 0, 3, 7, 11, one sample each (stable: index order), so
        // the gaps are 0.1, 0.1, 0.1, 0.9 and the L2 ECE is sqrt((3 * 0.01 + 0.81) / 4)
        assertThat(Calibration.ece(logits, 4, 2, labels)).isCloseTo(Math.sqrt(0.21), within(1e-7));
        Calibration.Bin[] bins = Calibration.reliability(logits, 4, 2, labels, 15);
        assertThat(bins).hasSize(4);
        assertThat(bins[3].accuracy()).isZero();
        assertThat(bins[3].confidence()).isCloseTo(0.9, within(1e-7));
        // NLL: three samples -ln 0.9, one -ln 0.1
        assertThat(Calibration.nll(logits, 4, 2, labels))
                .isCloseTo((3 * -Math.log(0.9) - Math.log(0.1)) / 4, within(1e-7));
    }

    @Test
    void equalMassBinsHoldNOverBSamplesEach() {
        int n = 45;
        float[] logits = new float[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            logits[i * 3] = i * 0.1f;
        }
        Calibration.Bin[] bins = Calibration.reliability(logits, n, 3, labels, 15);
        assertThat(bins).hasSize(15).allMatch(b -> b.count() == 3);
        for (int b = 1; b < bins.length; b++) {
            assertThat(bins[b].confidence()).isGreaterThan(bins[b - 1].confidence());
        }
    }

    /**
     * 300 x 10 logits and labels from numpy 2.4 ({@code default_rng(15)}, committed as
     * src/test/resources/calibration/*.npy); the values are Scott et al.'s {@code
     * calc_ece_em_quant} on the float64 softmax (argsort with {@code kind="stable"}) and the mean
     * of {@code -log_softmax[y]}, printed with repr and pasted here.
     */
    @Test
    void matchesTheNumpyReference() throws Exception {
        Path dir = Path.of(getClass().getResource("/calibration/logits.npy").toURI())
                .getParent();
        NpyArray x = Npy.read(dir.resolve("logits.npy"));
        int[] labels = Npy.read(dir.resolve("labels.npy")).asInts();
        float[] logits = x.asFloats();
        int n = x.shape()[0];
        int c = x.shape()[1];
        assertThat(Classification.argmaxAccuracy(logits, n, c, labels)).isCloseTo(0.44333333333333336, within(1e-12));
        assertThat(Calibration.ece(logits, n, c, labels)).isCloseTo(0.12544343921964216, within(1e-9));
        assertThat(Calibration.ece(logits, n, c, labels, 15, 1)).isCloseTo(0.10403896796792718, within(1e-9));
        assertThat(Calibration.ece(logits, n, c, labels, 10, 1)).isCloseTo(0.07778969063782917, within(1e-9));
        assertThat(Calibration.nll(logits, n, c, labels)).isCloseTo(1.7300870565664914, within(1e-9));
    }

    /**
     * Extreme finite logits, by hand: a row of equal logits is uniform whatever their size (NLL
     * ln C, confidence 1/C), and a gap of 2e38 costs 2e38 nats. The old {@code max + log(sum)}
     * lost log(sum) beyond |max| ~ 1e17 and printed an NLL of 0 and a confidence of 1 here.
     */
    @Test
    void extremeFiniteLogitsKeepTheirLogSumExp() {
        float big = 1e38f;
        int[] first = {0, 0};
        assertThat(Calibration.nll(new float[] {-big, -big, -big, -big}, 2, 2, first))
                .isCloseTo(Math.log(2), within(1e-12));
        assertThat(Calibration.nll(new float[] {big, big, big}, 1, 3, new int[] {2}))
                .isCloseTo(Math.log(3), within(1e-12));
        float max = Float.MAX_VALUE;
        assertThat(Calibration.nll(new float[] {-max, -max, -max, -max, -max}, 1, 5, new int[] {4}))
                .isCloseTo(Math.log(5), within(1e-12));
        // -log softmax = log(1 + e^-2e38) + 2e38 = 2e38 for the low class, 0 for the high one
        assertThat(Calibration.nll(new float[] {-big, big}, 1, 2, new int[] {0}))
                .isCloseTo(2.0 * big, within(1e25));
        assertThat(Calibration.nll(new float[] {-big, big}, 1, 2, new int[] {1}))
                .isZero();
        assertThat(Calibration.nll(new float[] {-max, max}, 1, 2, new int[] {0}))
                .isCloseTo(2.0 * max, within(1e25));
        // uniform rows: confidence 1/2 and half right, so one bin has no gap
        Calibration.Bin[] bins = Calibration.reliability(new float[] {-big, -big, big, big}, 2, 2, new int[] {0, 1}, 1);
        assertThat(bins[0].confidence()).isCloseTo(0.5, within(1e-12));
        assertThat(Calibration.ece(new float[] {-big, -big, big, big}, 2, 2, new int[] {0, 1}, 1, 1))
                .isCloseTo(0, within(1e-12));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Calibration.nll(new float[] {0, Float.NaN}, 1, 2, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Calibration.ece(new float[] {0, 1}, 1, 2, new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside [0, 2)");
    }
}
