package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.config.EvaluationConfig;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.Cancellation;
import io.dsml.core.train.Cell;
import io.dsml.core.train.Checkpoint;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import io.dsml.core.train.TrainingStoppedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's cancellation stops its training at the next step with a checkpoint of exactly that
 * position, and only that run's: the token is per run, not per process.
 */
class TrainingCancellationTest {
    /** 96 samples in batches of 16: 6 steps an epoch. */
    private static final int SAMPLES = 96;

    @Test
    void aCancelledRunStopsAfterTheStepUnderWayAndCheckpointsIt(@TempDir Path dir) {
        Cancellation cancellation = new Cancellation();
        Path checkpoint = dir.resolve("checkpoint.bin");
        TrainingListener cancelAfterStep2 = new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
                if (step == 2) {
                    cancellation.cancel();
                }
            }
        };

        assertThatThrownBy(() -> new MetricTrainer(cancellation).train(cell(checkpoint, cancelAfterStep2)))
                .isInstanceOf(TrainingStoppedException.class)
                .hasMessage("stopped by a signal in epoch 1 after step 2 of it; the checkpoint holds this position");

        Checkpoint.Position saved = Checkpoint.peek(checkpoint);
        assertThat(saved.epochsDone()).isZero();
        assertThat(saved.stepsInEpoch()).isEqualTo(2);
        assertThat(saved.steps()).isEqualTo(2);
        assertThatThrownBy(() -> new MetricTrainer(cancellation).train(cell(dir.resolve("next.bin"))))
                .as("no further cell of a cancelled run starts")
                .isInstanceOf(TrainingStoppedException.class)
                .hasMessage("stopped by a signal before the cell started");
    }

    @Test
    void anotherRunsCancellationLeavesThisRunTraining(@TempDir Path dir) {
        Cancellation other = new Cancellation();
        other.cancel();

        new MetricTrainer(new Cancellation()).train(cell(dir.resolve("checkpoint.bin")));

        assertThat(Checkpoint.peek(dir.resolve("checkpoint.bin")).epochsDone()).isEqualTo(1);
    }

    private static Cell cell(Path checkpoint, TrainingListener... listeners) {
        VmfLoss loss =
                new VmfLoss(16, MeanDirectionMode.GLOBAL, new RefreshPeriod(1, 0), VmfTrainingFixtures.CLASSES, 8, 0);
        var train = new VmfTrainingFixtures.SyntheticImages(SAMPLES, 1);
        return new Cell(
                VmfTrainingFixtures.embedder(),
                loss,
                new DatasetSplits(train, new VmfTrainingFixtures.SyntheticImages(30, 2), true, "synthetic"),
                VmfTrainingFixtures.sampler(SAMPLES),
                VmfTrainingFixtures.training(1),
                new EvaluationConfig(List.of("accuracy"), null, null, null, null, null, null),
                true,
                7,
                List.of(listeners),
                checkpoint,
                null,
                "",
                "");
    }
}
