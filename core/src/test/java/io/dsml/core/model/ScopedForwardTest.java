package io.dsml.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import io.dsml.core.spi.MetricLoss;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopedForwardTest {
    private static final Shape IMAGES = new Shape(4, 3);

    /** Sum of squared embedding components, batch mean; labels unused. */
    private static final class SquareLoss extends MetricLoss {
        @Override
        protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
            return embeddings.square().sum(new int[] {1}).mean();
        }
    }

    /** Nested sequences, an identity child that passes its input through, BatchNorm. */
    private static TrainingBlock block(NDManager manager) {
        SequentialBlock embedder = new SequentialBlock()
                .add(Blocks.identityBlock())
                .add(Linear.builder().setUnits(6).build())
                .add(Activation::relu)
                .add(new SequentialBlock()
                        .add(Linear.builder().setUnits(5).build())
                        .add(BatchNorm.builder().build())
                        .add(Activation::tanh))
                .add(Linear.builder().setUnits(4).build())
                .add(Blocks.identityBlock());
        TrainingBlock block = new TrainingBlock(embedder, new SquareLoss());
        block.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, IMAGES, new Shape(4));
        return block;
    }

    private static NDArray images(NDManager manager) {
        float[] x = new float[(int) IMAGES.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(1.3 * i + 0.2);
        }
        return manager.create(x, IMAGES);
    }

    /** The arrays open in {@code manager} and its sub-managers. */
    private static int open(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    @Test
    void aTrainingForwardKeepsNoneOfTheEmbeddersIntermediates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingBlock block = block(manager);
            ParameterStore store = new ParameterStore(manager, false);
            int lossArrays;
            try (NDManager alone = manager.newSubManager()) {
                NDArray embeddings = alone.ones(new Shape(4, 4));
                NDArray labels = alone.create(new int[] {0, 1, 0, 1});
                block.loss().forward(store, new NDList(embeddings, labels), true);
                lossArrays = open(alone) - 2;
            }
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray x = images(step);
                NDArray labels = step.create(new int[] {0, 1, 0, 1});
                NDList out = block.forward(store, new NDList(x, labels), true);
                // the batch, the embeddings and the loss's own arrays: nothing of the network's
                assertThat(open(step)).isEqualTo(2 + 1 + lossArrays);
                collector.backward(out.head());
                assertThat(x.isReleased()).isFalse(); // passed through by the identity, still the caller's
                assertThat(out.get(1).toFloatArray()).hasSize(16);
            }
        }
    }

    @Test
    void theGradientsAreThoseOfThePlainForward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingBlock block = block(manager);
            ParameterStore store = new ParameterStore(manager, false);
            float plainLoss;
            List<float[]> plain;
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray labels = step.create(new int[] {0, 1, 0, 1});
                NDArray embeddings = block.embedder()
                        .forward(store, new NDList(images(step)), true)
                        .head();
                NDArray value = block.loss()
                        .forward(store, new NDList(embeddings, labels), true)
                        .head();
                collector.backward(value);
                plainLoss = value.getFloat();
                plain = gradients(block);
            }
            zeroGradients(block); // PyTorch adds a backward pass's gradients to those already there
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray labels = step.create(new int[] {0, 1, 0, 1});
                NDArray value = block.forward(store, new NDList(images(step), labels), true)
                        .head();
                collector.backward(value);
                assertThat(value.getFloat()).isEqualTo(plainLoss);
                List<float[]> scoped = gradients(block);
                assertThat(scoped).hasSameSizeAs(plain);
                for (int i = 0; i < plain.size(); i++) {
                    assertThat(scoped.get(i)).containsExactly(plain.get(i), within(1e-6f));
                }
            }
        }
    }

    private static void zeroGradients(TrainingBlock block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    private static List<float[]> gradients(TrainingBlock block) {
        List<float[]> gradients = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    gradients.add(g.toFloatArray());
                }
            }
        }
        return gradients;
    }
}
