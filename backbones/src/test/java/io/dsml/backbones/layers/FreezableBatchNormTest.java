package io.dsml.backbones.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class FreezableBatchNormTest {

    @Test
    void frozenForwardEqualsBatchNormInInferenceMode() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 4, 4);
            NDArray x = manager.arange((float) shape.size())
                    .reshape(shape)
                    .mul(0.1f)
                    .sin();
            FreezableBatchNorm norm = new FreezableBatchNorm();
            norm.initialize(manager, DataType.FLOAT32, shape);
            // Non-trivial statistics, scale and shift, added in place.
            for (Parameter p : norm.getParameters().values()) {
                p.getArray().addi(manager.create(new float[] {0.5f, 1.5f, 2.5f}));
            }
            ParameterStore store = new ParameterStore(manager, false);
            float[] inference =
                    norm.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            norm.freeze();
            // training: the explicit affine map; inference: BatchNorm's own inference mode
            float[] frozenTraining =
                    norm.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] frozenInference =
                    norm.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertThat(norm.getParameters().values()).noneMatch(Parameter::requiresGradient);
            assertThat(frozenInference).containsExactly(inference);
            for (int i = 0; i < frozenTraining.length; i++) {
                assertThat(frozenTraining[i]).isCloseTo(inference[i], within(1e-5f));
            }
        }
    }

    @Test
    void aFrozenForwardLeavesNothingBehindInTheParametersManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 4, 4);
            FreezableBatchNorm norm = new FreezableBatchNorm();
            norm.initialize(manager, DataType.FLOAT32, shape);
            norm.freeze();
            ParameterStore store = new ParameterStore(manager, false);
            int before = manager.getManagedArrays().size();
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.ones(shape);
                    assertThat(norm.forward(store, new NDList(x), training)
                                    .singletonOrThrow()
                                    .getManager())
                            .isSameAs(batch);
                }
                assertThat(manager.getManagedArrays()).hasSize(before);
            }
        }
    }
}
