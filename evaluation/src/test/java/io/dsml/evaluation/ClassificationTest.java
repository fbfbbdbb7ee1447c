package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClassificationTest {
    @Test
    void argmaxAccuracyWithTiesToTheLowerClass() {
        float[] scores = {
            0.1f, 0.9f, 0.0f, // -> 1
            2f, 2f, 1f, // tie -> 0
            -1f, -3f, -0.5f, // -> 2
            5f, 5f, 5f
        }; // tie -> 0
        assertThat(Classification.argmaxAccuracy(scores, 4, 3, new int[] {1, 0, 2, 1}))
                .isEqualTo(0.75);
    }

    @Test
    void argmaxRejectsBadInput() {
        assertThatThrownBy(() -> Classification.argmaxAccuracy(new float[5], 2, 3, new int[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score matrix has 5 values, expected 2 x 3");
        assertThatThrownBy(() -> Classification.argmaxAccuracy(new float[6], 2, 3, new int[] {0, 3}))
                .hasMessage("label 3 of row 1 is outside [0, 3)");
        assertThatThrownBy(
                        () -> Classification.argmaxAccuracy(new float[] {0, Float.NaN, 0, 0, 0, 0}, 2, 3, new int[2]))
                .hasMessageContaining("score row 0");
    }

    @Test
    void accuracyOfGivenPredictions() {
        assertThat(Classification.accuracy(new int[] {1, 0, 2, 2, 4}, new int[] {1, 1, 2, 0, 4}))
                .isEqualTo(0.6);
        assertThatThrownBy(() -> Classification.accuracy(new int[] {1}, new int[] {1, 2}))
                .hasMessage("accuracy needs as many predictions as labels, at least one; got 1 and 2");
        assertThatThrownBy(() -> Classification.accuracy(new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nearestMeanDirectionIgnoresNorms() {
        // Means along x, y and -x (the scale of a mean must not matter).
        float[] means = {10, 0, 0, 0.1f, -3, 0};
        float[] z = {
            5, 1, // -> 0
            0.1f, 2, // -> 1
            -1, -0.2f, // -> 2
            1, 1
        }; // cos 0.707 to both 0 and 1: tie -> 0
        assertThat(Classification.nearestMeanDirection(z, 4, 2, means, 3)).containsExactly(0, 1, 2, 0);
    }
}
