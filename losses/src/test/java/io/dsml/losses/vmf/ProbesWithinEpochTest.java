package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluation.probes_per_epoch} measures the test split at evenly spaced steps within each
 * epoch, with the loss's class-state diagnostics, and changes nothing of training: the same cell
 * trains to the same step losses and final metrics with and without probes.
 */
class ProbesWithinEpochTest {
    @Test
    void threeProbesPerEpochMeasureAfterSteps2And4OfSixAndLeaveTrainingAsItWas() {
        Recorder probed = new Recorder();
        var withProbes = new MetricTrainer()
                .train(VmfTrainingFixtures.cell(loss(), new VmfTrainingFixtures.SyntheticImages(96, 1), 2, 3, probed));
        Recorder plain = new Recorder();
        var without = new MetricTrainer()
                .train(VmfTrainingFixtures.cell(loss(), new VmfTrainingFixtures.SyntheticImages(96, 1), 2, 0, plain));

        assertThat(probed.probes).containsExactly("1:2/6", "1:4/6", "2:2/6", "2:4/6");
        assertThat(probed.values)
                .allSatisfy(v -> assertThat(v)
                        .containsKeys(
                                "accuracy", "recall@1", "class_mean_resultant_length", "mean_direction_change_deg"));
        assertThat(plain.probes).isEmpty();
        assertThat(probed.losses).containsExactlyElementsOf(plain.losses);
        assertThat(withProbes.finalMetrics()).isEqualTo(without.finalMetrics());
    }

    private static VmfLoss loss() {
        return new VmfLoss(16, MeanDirectionMode.GLOBAL, new RefreshPeriod(1, 0), VmfTrainingFixtures.CLASSES, 8, 0);
    }

    private static final class Recorder implements TrainingListener {
        final List<String> probes = new ArrayList<>();
        final List<Map<String, Double>> values = new ArrayList<>();
        final List<Float> losses = new ArrayList<>();

        @Override
        public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
            losses.add(loss);
        }

        @Override
        public void onProbe(
                TrainingContext context,
                int epoch,
                long step,
                int stepInEpoch,
                int stepsInEpoch,
                Map<String, Double> probe) {
            probes.add(epoch + ":" + stepInEpoch + "/" + stepsInEpoch);
            values.add(probe);
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochRecord record) {}
    }
}
