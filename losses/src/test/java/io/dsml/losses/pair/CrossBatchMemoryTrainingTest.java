package io.dsml.losses.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.Cell;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import io.dsml.losses.vmf.VmfTrainingFixtures;
import io.dsml.losses.vmf.VmfTrainingFixtures.SyntheticImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pair loss with a cross-batch memory through the real trainer: a run killed in the middle of an
 * epoch resumes from its checkpoint with exactly the step losses of an uninterrupted run (the
 * queue is restored with the network and the optimizer), and training leaves no arrays behind.
 */
class CrossBatchMemoryTrainingTest {
    private static final int IMAGES = 96; // 6 batches of 16 per epoch
    private static final int EPOCHS = 2;
    /** 40 slots: full and wrapped around inside the third step. */
    private static final int MEMORY = 40;

    @Test
    void aRunKilledMidEpochResumesWithTheLossesOfAnUninterruptedRun(@TempDir Path dir) {
        List<Float> straight = new StepLosses().train(null);
        assertThat(straight).hasSize(EPOCHS * IMAGES / VmfTrainingFixtures.BATCH);

        Path checkpoint = dir.resolve("checkpoint.bin");
        // The checkpoint of step 3 is the last one written, with the queue just wrapped around. (Not
        // step 5: its loss is exactly 0 on PyTorch, and DJL's trainer refuses a first step whose
        // gradients are all zero, with or without a memory.)
        int killedAt = 4;
        StepLosses killed = new StepLosses();
        killed.killAt = killedAt;
        assertThatThrownBy(() -> killed.train(checkpoint)).isInstanceOf(Killed.class);

        List<Float> resumed = new StepLosses().train(checkpoint);
        assertThat(resumed).containsExactlyElementsOf(straight.subList(killedAt - 1, straight.size()));
    }

    @Test
    void theQueueLeavesNoArraysBehind() {
        StepLosses run = new StepLosses();
        run.train(null);
        assertThat(run.arraysAfterFirstEpoch).isNotEmpty();
        assertThat(run.arraysAfterFirstEpoch)
                .as("arrays under the model's manager after each step and epoch")
                .containsOnly(run.arraysAfterFirstEpoch.get(0));
    }

    /** Trains a triplet loss with batch-hard mining against the memory, recording every step. */
    private static final class StepLosses implements TrainingListener {
        final List<Float> losses = new ArrayList<>();
        final List<Integer> arraysAfterFirstEpoch = new ArrayList<>();
        int killAt = -1;

        List<Float> train(Path checkpoint) {
            Cell fixture = VmfTrainingFixtures.cell(loss(), new SyntheticImages(IMAGES, 1), EPOCHS, this);
            Cell cell = new Cell(
                    fixture.embedder(),
                    fixture.loss(),
                    fixture.data(),
                    fixture.sampler(),
                    fixture.training().toBuilder().checkpointEverySteps(1).build(),
                    fixture.evaluation(),
                    fixture.classification(),
                    fixture.seed(),
                    fixture.listeners(),
                    checkpoint,
                    null,
                    "",
                    "");
            new MetricTrainer().train(cell);
            return losses;
        }

        private static MetricLoss loss() {
            TripletLossFactory factory = new TripletLossFactory();
            Params params =
                    Params.resolve("triplet", factory.params(), Map.of("miner", "batch-hard", "memory_size", MEMORY));
            return factory.create(params, new LossFactory.LossShape(VmfTrainingFixtures.CLASSES, 8));
        }

        @Override
        public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
            if (step == killAt) {
                throw new Killed();
            }
            losses.add(loss);
            if (epoch > 1) {
                arraysAfterFirstEpoch.add(arrays(context));
            }
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochRecord record) {
            if (record.epoch() > 1) {
                arraysAfterFirstEpoch.add(arrays(context));
            }
        }

        private static int arrays(TrainingContext context) {
            return context.trainer()
                    .getModel()
                    .getNDManager()
                    .getManagedArrays()
                    .size();
        }
    }

    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("killed");
        }
    }
}
