package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.Cell;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainer refreshes global means at the steps {@code refresh_per_epoch} names and at the
 * epoch's end, and nowhere else: watched through the means themselves, which only a refresh moves
 * (global mode carries no gradient into them).
 */
class VmfRefreshPeriodTest {
    @Test
    void threeRefreshesPerEpochMoveTheMeansAfterSteps2And4OfSixAndAtTheEnd() {
        MeansWatch watch = new MeansWatch();
        VmfLoss loss = new VmfLoss(
                16, MeanDirectionMode.GLOBAL, new RefreshPeriod(1, 0, 3), VmfTrainingFixtures.CLASSES, 8, 0);
        // 96 samples in batches of 16: 6 steps an epoch, so the points fall after steps 2 and 4
        Cell cell = VmfTrainingFixtures.cell(loss, new VmfTrainingFixtures.SyntheticImages(96, 1), 2, watch);

        new MetricTrainer().train(cell);

        assertThat(watch.moves).containsExactly("1:2", "1:4", "1:end", "2:2", "2:4", "2:end");
    }

    /** Records after which step of which epoch (or at its end) the means changed. */
    private static final class MeansWatch implements TrainingListener {
        final List<String> moves = new ArrayList<>();
        private float[] last;
        private int stepInEpoch;

        @Override
        public void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {
            stepInEpoch = done;
            if (last == null) {
                last = means(context); // after the refresh before the first step
            }
        }

        @Override
        public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
            stepInEpoch++;
            check(context, epoch + ":" + stepInEpoch);
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochRecord record) {
            check(context, record.epoch() + ":end");
        }

        private void check(TrainingContext context, String where) {
            float[] now = means(context);
            if (!Arrays.equals(now, last)) {
                moves.add(where);
                last = now;
            }
        }

        private static float[] means(TrainingContext context) {
            return ((VmfLoss) context.loss()).meanDirections().getArray().toFloatArray();
        }
    }
}
