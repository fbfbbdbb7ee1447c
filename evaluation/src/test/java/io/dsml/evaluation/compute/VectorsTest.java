package io.dsml.evaluation.compute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorsTest {
    /**
     * Rows whose inverse norm is not a normal float: 1 / MIN_VALUE overflows to infinity (the row
     * came out infinite) and 1 / (MAX_VALUE sqrt 2) is subnormal (the row came out 3 digits off).
     */
    @Test
    void extremeFiniteRowsComeOutUnitLength() {
        float[] rows = {Float.MIN_VALUE, 0, Float.MAX_VALUE, Float.MAX_VALUE, -Float.MIN_NORMAL, Float.MIN_NORMAL};
        float[] unit = Vectors.normalizedCopy(rows, 3, 2);
        float half = (float) Math.sqrt(0.5);
        assertThat(unit).containsExactly(1, 0, half, half, -half, half);
    }

    @Test
    void zeroRowStaysZero() {
        assertThat(Vectors.normalizedCopy(new float[] {0, 0, 3, 4}, 2, 2)).containsExactly(0, 0, 0.6f, 0.8f);
    }
}
