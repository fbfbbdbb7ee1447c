package io.dsml.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.error.DsmlException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterTest {
    @Test
    void aLogRangeIsLinearInTheExponent() {
        Parameter.FloatRange lr = new Parameter.FloatRange("training.lr", 1e-4, 1e-1, Scale.LOG);

        assertThat((double) lr.fromUnit(1.0 / 3)).isCloseTo(1e-3, within(1e-12));
        assertThat((double) lr.fromUnit(0)).isEqualTo(1e-4, within(1e-15));
        assertThat(lr.toUnit(1e-2)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void aLinearRangeIsLinearInTheValue() {
        Parameter.FloatRange margin = new Parameter.FloatRange("margin", 0, 2, Scale.LINEAR);

        assertThat((double) margin.fromUnit(0.25)).isEqualTo(0.5);
        assertThat(margin.toUnit(1.5)).isEqualTo(0.75);
        assertThat(margin.toUnit(3)).as("clipped").isEqualTo(1.0);
    }

    @Test
    void anIntegerRangeGivesEveryIntegerTheSameShare() {
        // 1..4 covers [0.5, 4.5]: a quarter of the unit interval per integer
        Parameter.IntRange k = new Parameter.IntRange("k", 1, 4, Scale.LINEAR);

        assertThat(k.fromUnit(0)).isEqualTo(1);
        assertThat(k.fromUnit(0.24)).isEqualTo(1);
        assertThat(k.fromUnit(0.26)).isEqualTo(2);
        assertThat(k.fromUnit(1)).isEqualTo(4);
        assertThat(k.toUnit(2)).isEqualTo(0.375);
        // 16..256 on a log scale covers [15.5, 256.5]: the middle is sqrt(15.5 * 256.5) = 63.05
        assertThat(new Parameter.IntRange("batch", 16, 256, Scale.LOG).fromUnit(0.5))
                .isEqualTo(63);
    }

    @Test
    void aChoiceRecognisesItsValuesAsTheyComeBackFromATable() {
        Parameter.Choice choice = new Parameter.Choice("kappa", List.of(10, 20.5, "auto"));

        assertThat(choice.indexOf(10.0)).isEqualTo(0);
        assertThat(choice.indexOf(20.5f)).isEqualTo(1);
        assertThat(choice.indexOf("auto")).isEqualTo(2);
        assertThatThrownBy(() -> choice.indexOf("30"))
                .isInstanceOf(DsmlException.class)
                .hasMessage("search parameter kappa: 30 is not one of [10, 20.5, auto]");
    }

    @Test
    void badRangesAndSpacesAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> new Parameter.FloatRange("lr", 0.1, 0.1, Scale.LINEAR))
                .isInstanceOf(DsmlException.class)
                .hasMessage("search parameter lr: the low end 0.1 must be below the high end 0.1");
        assertThatThrownBy(() -> new Parameter.FloatRange("lr", 0, 0.1, Scale.LOG))
                .hasMessage("search parameter lr: a log scale needs a positive low end, got 0.0");
        assertThatThrownBy(() -> new Parameter.IntRange("batch", 0, 8, Scale.LOG))
                .hasMessage("search parameter batch: a log scale needs a positive low end, got 0.0");
        assertThatThrownBy(() -> new Parameter.FloatRange("lr", 0, Double.POSITIVE_INFINITY, Scale.LINEAR))
                .hasMessageContaining("bounds must be finite");
        assertThatThrownBy(() -> new Parameter.Choice("opt", List.of("adam")))
                .hasMessageContaining("at least 2 values");
        assertThatThrownBy(() -> new Parameter.Choice("m", List.of(1, 1.0)))
                .hasMessage("search parameter m: the value 1.0 is listed twice");
        assertThatThrownBy(() -> new SearchSpace(List.of(
                        new Parameter.IntRange("k", 1, 2, Scale.LINEAR),
                        new Parameter.IntRange("k", 1, 3, Scale.LINEAR))))
                .hasMessage("the search space lists the parameter k twice");
    }

    @Test
    void aSpaceOrdersATrialsValuesAndChecksThem() {
        SearchSpace space = new SearchSpace(List.of(
                new Parameter.IntRange("b", 1, 2, Scale.LINEAR), new Parameter.IntRange("a", 1, 2, Scale.LINEAR)));

        assertThat(space.ordered(Map.of("a", 1, "b", 2)).keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> space.ordered(Map.of("a", 1)))
                .hasMessage("a trial has no value for the search parameter b");
        assertThatThrownBy(() -> space.ordered(Map.of("a", 1, "b", 2, "c", 3)))
                .hasMessage("a trial sets c, which is not in the search space [b, a]");
    }
}
