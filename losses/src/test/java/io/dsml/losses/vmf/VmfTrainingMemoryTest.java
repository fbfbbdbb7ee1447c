package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.Cell;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training must not leave NDArrays behind: after the first epoch (which creates the optimizer's
 * state), the number of arrays under the model's manager stays the same after every step and
 * every epoch, through the vMF refresh passes and evaluations. A leak of one array per step or
 * per batch of a refresh pass shows up here long before it shows in the process's memory.
 */
class VmfTrainingMemoryTest {
    private static final ImageShape SHAPE = new ImageShape(1, 6, 6);
    private static final int CLASSES = 3;
    private static final int BATCH = 16;

    @ParameterizedTest
    @EnumSource(MeanDirectionMode.class)
    void managedArraysStayFlatAcrossStepsAndEpochs(MeanDirectionMode mode) {
        ArrayCounter counter = new ArrayCounter();
        // Refresh every 3 steps too, so refresh passes happen mid-epoch as well.
        RefreshPeriod period = new RefreshPeriod(1, 3);
        VmfLoss loss = new VmfLoss(16, mode, period, CLASSES, 8);
        LabeledImages train = new SyntheticImages(96, 1);
        Cell cell = new Cell(embedder(), loss, new DatasetSplits(train, new SyntheticImages(30, 2), true, "synthetic"),
                sampler(train.size()), training(4), new EvaluationConfig(List.of("accuracy", "recall"), null, null),
                true, 7, List.of(counter), null);

        List<EpochRecord> epochs = new MetricTrainer().train(cell).epochs();

        assertThat(epochs).hasSize(4);
        assertThat(counter.afterFirstEpoch).isNotEmpty();
        assertThat(counter.afterFirstEpoch).as("arrays under the model's manager after each step and epoch")
                .containsOnly(counter.afterFirstEpoch.get(0));
    }

    /** Counts the arrays under the model's manager after each step and epoch past the first. */
    private static final class ArrayCounter implements TrainingListener {
        final List<Integer> afterFirstEpoch = new ArrayList<>();

        @Override
        public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
            if (epoch > 1) {
                afterFirstEpoch.add(count(context));
            }
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochRecord record) {
            afterFirstEpoch.add(count(context));
        }

        private static int count(TrainingContext context) {
            return context.trainer().getModel().getNDManager().getManagedArrays().size();
        }
    }

    private static SequentialBlock embedder() {
        SequentialBlock backbone = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock());
        return EmbeddingModel.builder().backbone(backbone).embeddingDim(8).build();
    }

    private static TrainingConfig training(int epochs) {
        return new TrainingConfig(epochs, BATCH, "adam", 1e-3, 0.0, null, null, null, null, false, null);
    }

    private static BatchSampler sampler(int size) {
        return random -> {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, random);
            List<int[]> batches = new ArrayList<>();
            for (int start = 0; start + BATCH <= size; start += BATCH) {
                batches.add(order.subList(start, start + BATCH).stream().mapToInt(Integer::intValue).toArray());
            }
            return batches;
        };
    }

    /** Noise around a per-class pattern, deterministic per (seed, index). */
    private record SyntheticImages(int size, long seed) implements LabeledImages {
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
