package io.dsml.backbones.pretrained;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.dsml.backbones.Nets;
import io.dsml.backbones.profile.BlockProfile;
import io.dsml.core.spi.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** freeze_bn and freeze_stages leave exactly the frozen values untouched by a training step. */
class FreezingTest {
    private static final ImageShape INPUT = new ImageShape(3, 8, 8);

    private static Map<String, Object> small(String key, Object value) {
        return Map.of("stem", "cifar", "width", 8, key, value);
    }

    /** Parameter values of stage {@code stage} (0 = stem) before and after one step. */
    private static List<List<float[]>> stepAndSnapshot(
            Block block, java.util.function.Function<Block, List<Parameter>> pick) {
        List<List<float[]>> snapshots = new ArrayList<>();
        Nets.trainOneStep(
                block,
                INPUT,
                b -> snapshots.add(Nets.snapshot(pick.apply(b))),
                b -> snapshots.add(Nets.snapshot(pick.apply(b))));
        return snapshots;
    }

    private static List<Parameter> stage(Block backbone, int index) {
        return backbone.getChildren().valueAt(index).getParameters().values();
    }

    private static List<Parameter> ofType(Block block, Parameter.Type... types) {
        List<Parameter.Type> wanted = List.of(types);
        return block.getParameters().values().stream()
                .filter(p -> wanted.contains(p.getType()))
                .toList();
    }

    @Test
    void frozenBatchNormKeepsStatisticsScaleAndShiftButConvolutionsLearn() {
        Block block = Nets.create("resnet18", small("freeze_bn", true), INPUT);
        List<List<float[]>> bn = stepAndSnapshot(
                block,
                b -> ofType(
                        b,
                        Parameter.Type.GAMMA,
                        Parameter.Type.BETA,
                        Parameter.Type.RUNNING_MEAN,
                        Parameter.Type.RUNNING_VAR));
        assertThat(bn.get(1)).usingRecursiveComparison().isEqualTo(bn.get(0));

        Block again = Nets.create("resnet18", small("freeze_bn", true), INPUT);
        List<List<float[]>> conv = stepAndSnapshot(again, b -> ofType(b, Parameter.Type.WEIGHT));
        assertThat(conv.get(1).get(0)).isNotEqualTo(conv.get(0).get(0));
    }

    @Test
    void unfrozenBatchNormUpdatesItsRunningStatistics() {
        Block block = Nets.create("resnet18", Map.of("stem", "cifar", "width", 8), INPUT);
        List<List<float[]>> means = stepAndSnapshot(block, b -> ofType(b, Parameter.Type.RUNNING_MEAN));
        assertThat(means.get(1).get(0)).isNotEqualTo(means.get(0).get(0));
    }

    @Test
    void frozenStagesKeepTheirWeightsWhileLaterStagesLearn() {
        Block block = Nets.create("resnet18", small("freeze_stages", 2), INPUT);
        List<List<float[]>> frozen = stepAndSnapshot(block, b -> {
            List<Parameter> both = new ArrayList<>(stage(b, 0));
            both.addAll(stage(b, 1));
            return both;
        });
        assertThat(frozen.get(1)).usingRecursiveComparison().isEqualTo(frozen.get(0));

        Block again = Nets.create("resnet18", small("freeze_stages", 2), INPUT);
        List<List<float[]>> third = stepAndSnapshot(again, b -> stage(b, 2));
        assertThat(third.get(1).get(0)).isNotEqualTo(third.get(0).get(0));
    }

    @Test
    void profileCountsFrozenParameters() {
        BlockProfile all = BlockProfile.measure(Nets.create("resnet18", small("freeze_stages", 5), INPUT), INPUT);
        BlockProfile none = BlockProfile.measure(Nets.create("resnet18", small("freeze_stages", 0), INPUT), INPUT);
        assertThat(all.frozen()).isEqualTo(all.parameters());
        assertThat(none.frozen()).isZero();
    }
}
