package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.Cell;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training must not leave NDArrays behind: after the first epoch (which creates the optimizer's
 * state), the number of arrays under the model's manager stays the same after every step and
 * every epoch, through the vMF refresh passes and evaluations. A leak of one array per step or
 * per batch of a refresh pass shows up here long before it shows in the process's memory.
 */
class VmfTrainingMemoryTest {
    @ParameterizedTest
    @EnumSource(MeanDirectionMode.class)
    void managedArraysStayFlatAcrossStepsAndEpochs(MeanDirectionMode mode) {
        ArrayCounter counter = new ArrayCounter();
        // Refresh every 3 steps too, so refresh passes happen mid-epoch as well.
        RefreshPeriod period = new RefreshPeriod(1, 3);
        VmfLoss loss = new VmfLoss(16, mode, period, VmfTrainingFixtures.CLASSES, 8, 0);
        Cell cell = VmfTrainingFixtures.cell(loss, new VmfTrainingFixtures.SyntheticImages(96, 1), 4, counter);

        List<EpochRecord> epochs = new MetricTrainer().train(cell).epochs();

        assertThat(epochs).hasSize(4);
        assertThat(counter.afterFirstEpoch).isNotEmpty();
        assertThat(counter.afterFirstEpoch)
                .as("arrays under the model's manager after each step and epoch")
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
            return context.trainer()
                    .getModel()
                    .getNDManager()
                    .getManagedArrays()
                    .size();
        }
    }
}
