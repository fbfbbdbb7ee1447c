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
}
