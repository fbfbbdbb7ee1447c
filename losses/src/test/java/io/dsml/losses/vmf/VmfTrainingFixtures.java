package io.dsml.losses.vmf;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import io.dsml.core.config.EvaluationConfig;
import io.dsml.core.config.TrainingConfig;
import io.dsml.core.model.EmbeddingModel;
import io.dsml.core.spi.BatchSampler;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.Cell;
import io.dsml.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A small conv embedder on synthetic 6x6 images of 3 classes, trained through the real trainer
 * (also by the pair losses' cross-batch memory tests).
 */
public final class VmfTrainingFixtures {
    public static final ImageShape SHAPE = new ImageShape(1, 6, 6);
    public static final int CLASSES = 3;
    public static final int BATCH = 16;

    private VmfTrainingFixtures() {}

    /** A cell training {@code loss} on {@code train} for {@code epochs}, evaluated on fresh samples. */
    public static Cell cell(MetricLoss loss, LabeledImages train, int epochs, TrainingListener... listeners) {
        return cell(loss, train, epochs, 0, listeners);
    }

    /** The same cell, probed {@code probesPerEpoch} times per epoch ({@code evaluation.probes_per_epoch}). */
    public static Cell cell(
            MetricLoss loss, LabeledImages train, int epochs, int probesPerEpoch, TrainingListener... listeners) {
        return new Cell(
                embedder(),
                loss,
                new DatasetSplits(train, new SyntheticImages(30, 2), true, "synthetic"),
                sampler(train.size()),
                training(epochs),
                new EvaluationConfig(List.of("accuracy", "recall"), null, null, null, null, null, probesPerEpoch),
                true,
                7,
                List.of(listeners),
                null,
                null,
                "",
                "");
    }

    public static SequentialBlock embedder() {
        SequentialBlock backbone = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(4)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock());
        return EmbeddingModel.builder().backbone(backbone).embeddingDim(8).build();
    }

    public static TrainingConfig training(int epochs) {
        return TrainingConfig.builder()
                .epochs(epochs)
                .batchSize(BATCH)
                .learningRate(1e-3)
                .weightDecay(0.0)
                .augment(false)
                .build();
    }

    public static BatchSampler sampler(int size) {
        return random -> {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            List<int[]> batches = new ArrayList<>();
            for (int start = 0; start + BATCH <= size; start += BATCH) {
                batches.add(order.subList(start, start + BATCH).stream()
                        .mapToInt(Integer::intValue)
                        .toArray());
            }
            return batches;
        };
    }

    /** Noise around a per-class pattern, deterministic per (seed, index). */
    public record SyntheticImages(int size, long seed) implements LabeledImages {
        @Override
        public int classes() {
            return CLASSES;
        }

        @Override
        public int label(int index) {
            return index % CLASSES;
        }

        @Override
        public ImageShape shape() {
            return SHAPE;
        }

        @Override
        public void read(int index, float[] destination, int offset, boolean augment, Random random) {
            Random noise = new Random(seed * 1_000_003L + index);
            for (int i = 0; i < SHAPE.size(); i++) {
                float pattern = (i % CLASSES == label(index)) ? 1f : 0f;
                destination[offset + i] = pattern + 0.3f * (float) noise.nextGaussian();
            }
        }
    }
}
