package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ComponentConfig;
import io.dsml.core.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellIdsTest {
    private static final ComponentConfig RESNET = new ComponentConfig(
            "resnet50",
            null,
            new LinkedHashMap<>(Map.of("weights", "/tmp/tmp.x8Fq2/models/resnet50-0676ba61.pth", "freeze_bn", true)));
    private static final ComponentConfig VMF = new ComponentConfig("vmf", null, Map.of());

    @Test
    void aWeightsFileCountsByItsFileNameSoIdsAreShortAndDoNotDependOnWhereItLies() {
        assertThat(CellIds.of(RESNET, VMF, 1))
                .isEqualTo("resnet50_freeze_bn=true_weights=resnet50-0676ba61.pth___vmf__seed1");
        ComponentConfig elsewhere = new ComponentConfig(
                "resnet50", null, Map.of("freeze_bn", true, "weights", "/data/w/resnet50-0676ba61.pth"));
        assertThat(CellIds.of(elsewhere, VMF, 1)).isEqualTo(CellIds.of(RESNET, VMF, 1));
        assertThat(CellIds.legacy(RESNET, VMF, 1))
                .isEqualTo("resnet50_freeze_bn=true_weights=_tmp_tmp.x8Fq2_models_resnet50-0676ba61.pth___vmf__seed1");
        ComponentConfig plain = new ComponentConfig("conv-2", null, Map.of());
        assertThat(CellIds.of(plain, VMF, 3)).isEqualTo("conv-2__vmf__seed3").isEqualTo(CellIds.legacy(plain, VMF, 3));
    }

    @Test
    void aLongLabelBecomesItsNameAndAShortStableHash() {
        ComponentConfig wordy = new ComponentConfig("vmf", "x".repeat(200), Map.of());
        String id = CellIds.of(new ComponentConfig("conv-2", null, Map.of()), wordy, 1);
        assertThat(id).matches("conv-2__vmf-[0-9a-f]{8}__seed1");
        assertThat(CellIds.of(new ComponentConfig("conv-2", null, Map.of()), wordy, 1))
                .isEqualTo(id);
    }

    @Test
    void anOlderRunDirectoryKeepsTheIdsItWasWrittenWith(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.shared(dir);
        CellPlan plan = new CellPlan(
                CellIds.of(RESNET, VMF, 1), RESNET, Params.defaults(List.of()), VMF, Params.defaults(List.of()), 1);
        assertThat(CellIds.adopt(run, List.of(plan)).get(0).id()).isEqualTo(plan.id());
        Files.createDirectories(dir.resolve("cells").resolve(CellIds.legacy(RESNET, VMF, 1)));
        assertThat(CellIds.adopt(run, List.of(plan)).get(0).id()).isEqualTo(CellIds.legacy(RESNET, VMF, 1));
        Files.createDirectories(dir.resolve("cells").resolve(plan.id()));
        assertThat(CellIds.adopt(run, List.of(plan)).get(0).id())
                .as("both: the current id wins")
                .isEqualTo(plan.id());
    }
}
