package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.dsml.core.config.EvaluationConfig;
import io.dsml.core.config.TrainingConfig;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.Cell;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * training.head_only_epochs through the real trainer: the backbone's weights stay exactly as
 * initialised during the warm-up epoch while the head trains, and move afterwards.
 */
class HeadOnlyWarmupTest {
    @Test
    void backboneIsFrozenDuringTheWarmupAndTrainsAfterIt() {
        List<float[]> backbone = new ArrayList<>();
        List<float[]> head = new ArrayList<>();
        TrainingListener snapshots = new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingContext context) {
                record(context);
            }

            @Override
            public void onEpochEnd(TrainingContext context, EpochRecord record) {
                record(context);
            }

            private void record(TrainingContext context) {
                var children = context.embedder().getChildren();
                backbone.add(firstWeight(children.get(0).getValue()));
                head.add(firstWeight(children.get(1).getValue()));
            }
        };
        VmfLoss loss = new VmfLoss(16, MeanDirectionMode.GLOBAL, new RefreshPeriod(1, 0), 3, 8, 4);
        var train = new VmfTrainingFixtures.SyntheticImages(96, 1);
        TrainingConfig training = VmfTrainingFixtures.training(2).toBuilder()
                .optimizer(TrainingConfig.Optimizer.ADAMW)
                .learningRate(1e-2)
                .weightDecay(1e-2)
                .lrMultipliers(Map.of("head", 2.0))
                .headOnlyEpochs(1)
                .build();
        Cell cell = new Cell(
                VmfTrainingFixtures.embedder(),
                loss,
                new DatasetSplits(train, new VmfTrainingFixtures.SyntheticImages(30, 2), true, "synthetic"),
                VmfTrainingFixtures.sampler(train.size()),
                training,
                new EvaluationConfig(List.of("recall"), null, null, null, null, null, null),
                true,
                7,
                List.of(snapshots),
                null,
                null,
                "",
                "");

        new MetricTrainer().train(cell);

        assertThat(backbone).hasSize(3);
        assertThat(backbone.get(1)).as("backbone after the head-only epoch").containsExactly(backbone.get(0));
        assertThat(head.get(1)).as("head after the head-only epoch").isNotEqualTo(head.get(0));
        assertThat(backbone.get(2)).as("backbone after epoch 2").isNotEqualTo(backbone.get(1));
    }

    private static float[] firstWeight(Block block) {
        Parameter weight = block.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                .findFirst()
                .orElseThrow();
        return weight.getArray().toFloatArray();
    }
}
