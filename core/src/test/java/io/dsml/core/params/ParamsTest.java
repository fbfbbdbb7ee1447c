package io.dsml.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.positive("kappa", 16, "concentration"),
            ParamSpec.integer("steps", 1, 0, 10, "steps"),
            ParamSpec.choice("means", "global", List.of("global", "online"), "mode"),
            ParamSpec.flag("on", false, "switch"));

    @Test
    void fillsDefaultsAndConvertsTypes() {
        Params p = Params.resolve("losses[0].params", SPECS, Map.of("kappa", "20", "steps", 3, "on", "true"));
        assertThat(p.getDouble("kappa")).isEqualTo(20.0);
        assertThat(p.getInt("steps")).isEqualTo(3);
        assertThat(p.getString("means")).isEqualTo("global");
        assertThat(p.getBoolean("on")).isTrue();
    }

    @Test
    void rejectsUnknownNamesAndBadValuesWithThePath() {
        assertThatThrownBy(() -> Params.resolve("losses[0].params", SPECS, Map.of("kapa", 1)))
                .hasMessage("losses[0].params.kapa: unknown hyperparameter; valid: kappa, steps, means, on");
        assertThatThrownBy(() -> Params.resolve("p", SPECS, Map.of("kappa", 0)))
                .hasMessage("p.kappa: 0.0 is outside (0, inf)");
        assertThatThrownBy(() -> Params.resolve("p", SPECS, Map.of("kappa", Double.NaN)))
                .hasMessageContaining("p.kappa: NaN is outside");
        assertThatThrownBy(() -> Params.resolve("p", SPECS, Map.of("steps", 11)))
                .hasMessage("p.steps: 11 is outside [0, 10]");
        assertThatThrownBy(() -> Params.resolve("p", SPECS, Map.of("steps", 1.5)))
                .hasMessage("p.steps: expected int, got '1.5'");
        assertThatThrownBy(() -> Params.resolve("p", SPECS, Map.of("means", "learned")))
                .hasMessage("p.means: 'learned' is not one of global|online");
        assertThatThrownBy(() -> Params.resolve("p", SPECS, Map.of("on", "yes")))
                .hasMessage("p.on: expected boolean, got 'yes'");
    }

    @Test
    void rejectsRealsThatOverflowFloat32() {
        // kappa=1e300 passed the range check and became Infinity in the engine's float32
        assertThatThrownBy(() -> Params.resolve("losses[0].params", SPECS, Map.of("kappa", 1e300)))
                .hasMessageStartingWith("losses[0].params.kappa: 1.0E300 is too large for float32");
        assertThat(Params.resolve("p", SPECS, Map.of("kappa", 3e38)).getDouble("kappa"))
                .isEqualTo(3e38);
    }
}
