package io.dsml.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialBatchesTest {
    @Test
    void ofCoversEveryIndexOnceWithARaggedLastBatch() {
        List<int[]> batches = SequentialBatches.of(10, 4);

        assertThat(batches).hasSize(3);
        assertThat(batches.get(0)).containsExactly(0, 1, 2, 3);
        assertThat(batches.get(2)).containsExactly(8, 9);
    }

    @Test
    void uniformPadsTheLastBatchByRepeatingTheLastIndex() {
        List<int[]> batches = SequentialBatches.uniform(10, 4);

        assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSize(4));
        assertThat(batches.get(1)).containsExactly(4, 5, 6, 7);
        assertThat(batches.get(2)).containsExactly(8, 9, 9, 9);
    }

    @Test
    void uniformLeavesExactMultiplesAndSingleShortBatchesAlone() {
        assertThat(SequentialBatches.uniform(8, 4)).hasSize(2).allSatisfy(b -> assertThat(b).hasSize(4));
        List<int[]> one = SequentialBatches.uniform(3, 4);
        assertThat(one).hasSize(1);
        assertThat(one.get(0)).containsExactly(0, 1, 2);
    }
}
