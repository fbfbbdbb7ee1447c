package io.dsml.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.dsml.core.error.DsmlException;
import org.junit.jupiter.api.Test;

class GlobalPoolingTest {
    /** Two images, two channels, 2x2 maps: channel c of image b holds 4 * (2b + c) + 0..3. */
    private static float[] pool(GlobalPooling.Mode mode) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray maps = manager.arange(16f).reshape(2, 2, 2, 2);
            GlobalPooling pooling = new GlobalPooling(mode);
            pooling.initialize(manager, DataType.FLOAT32, maps.getShape());
            assertThat(pooling.getOutputShapes(new Shape[] {maps.getShape()})[0])
                    .isEqualTo(new Shape(2, mode == GlobalPooling.Mode.CONCAT ? 4 : 2));
            return pooling.forward(new ParameterStore(manager, false), new NDList(maps), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    @Test
    void eachModeReducesThePositionsOfEveryChannel() {
        assertThat(pool(GlobalPooling.Mode.AVG)).containsExactly(new float[] {1.5f, 5.5f, 9.5f, 13.5f}, within(1e-6f));
        assertThat(pool(GlobalPooling.Mode.MAX)).containsExactly(3, 7, 11, 15);
        assertThat(pool(GlobalPooling.Mode.AVG_PLUS_MAX))
                .containsExactly(new float[] {4.5f, 12.5f, 20.5f, 28.5f}, within(1e-6f));
        assertThat(pool(GlobalPooling.Mode.CONCAT))
                .containsExactly(new float[] {1.5f, 5.5f, 3, 7, 9.5f, 13.5f, 11, 15}, within(1e-6f));
    }

    @Test
    void parsesConfigSpellings() {
        assertThat(GlobalPooling.Mode.parse("k", "AVG+max")).isEqualTo(GlobalPooling.Mode.AVG_PLUS_MAX);
        assertThatThrownBy(() -> GlobalPooling.Mode.parse("embedding.pooling", "gem"))
                .isInstanceOf(DsmlException.class)
                .hasMessage("embedding.pooling: 'gem' is not one of avg, max, avg+max, concat");
    }

    @Test
    void theHeadSetsTheBackbonesPoolingAndRefusesBackbonesThatFlatten() {
        GlobalPooling last = new GlobalPooling(GlobalPooling.Mode.AVG);
        SequentialBlock pooled = new SequentialBlock()
                .add(new SequentialBlock().add(Blocks.identityBlock()))
                .add(last);
        EmbeddingModel.builder()
                .backbone(pooled)
                .pooling(GlobalPooling.Mode.CONCAT)
                .build();
        assertThat(last.mode()).isEqualTo(GlobalPooling.Mode.CONCAT);

        SequentialBlock flat = new SequentialBlock().add(Blocks.batchFlattenBlock());
        assertThatThrownBy(() -> EmbeddingModel.builder()
                        .backbone(flat)
                        .pooling(GlobalPooling.Mode.MAX)
                        .build())
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("embedding.pooling");
        // unset pooling leaves any backbone as it is
        EmbeddingModel.builder().backbone(flat).build();
    }
}
