package io.dsml.losses.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.dsml.core.spi.MetricLoss;

/**
 * A fixed sequence of training batches for a loss with a cross-batch memory, the inputs of {@code
 * src/test/resources/reference/pml_cross_batch_memory.py}: sample {@code t = B * batch + i} has
 * {@code E[t][j] = sin(0.37 t^2 + 1.3 j + 0.21 t j + 0.5)} and label {@code (3 t + t / 4) % 4}.
 */
public final class CrossBatchSteps {
    public static final int BATCH = 6;
    public static final int DIM = 4;

    private CrossBatchSteps() {}

    /** The embeddings of batch {@code b}, [BATCH, DIM] row-major. */
    public static float[] embeddings(int b) {
        float[] e = new float[BATCH * DIM];
        for (int i = 0; i < BATCH; i++) {
            long t = (long) BATCH * b + i;
            for (int j = 0; j < DIM; j++) {
                e[i * DIM + j] = (float) Math.sin(0.37 * t * t + 1.3 * j + 0.21 * t * j + 0.5);
            }
        }
        return e;
    }

    /** The labels of batch {@code b}. */
    public static int[] labels(int b) {
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            int t = BATCH * b + i;
            labels[i] = (3 * t + t / 4) % 4;
        }
        return labels;
    }

    /** The loss of one training step and the norm of its gradient with respect to the batch. */
    public record Step(float loss, double gradientNorm) {}

    /** Initialises {@code loss} for these batches. */
    public static void initialize(MetricLoss loss, NDManager manager) {
        loss.initialize(manager, DataType.FLOAT32, new Shape(BATCH, DIM), new Shape(BATCH));
    }

    /** Runs batches {@code from} to {@code to - 1} through {@code loss} as training steps, in order. */
    public static Step[] train(MetricLoss loss, NDManager manager, int from, int to) {
        Step[] steps = new Step[to - from];
        for (int b = from; b < to; b++) {
            try (NDManager batch = manager.newSubManager()) {
                NDArray e = batch.create(embeddings(b), new Shape(BATCH, DIM));
                NDArray y = batch.create(labels(b));
                e.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray value = loss.forward(new ParameterStore(batch, false), new NDList(e, y), true)
                            .head();
                    collector.backward(value);
                    steps[b - from] =
                            new Step(value.getFloat(), norm(e.getGradient().toFloatArray()));
                }
            }
        }
        return steps;
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }
}
