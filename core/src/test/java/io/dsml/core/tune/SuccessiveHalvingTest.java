package io.dsml.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {
    /** Rungs at epochs 1, 3 and 9 of 27. */
    private static final SuccessiveHalving ETA_3 = new SuccessiveHalving(1, 3, 27);

    private static final List<Map<Integer, Double>> FIVE_AT_RUNG_1 =
            List.of(Map.of(1, 0.2), Map.of(1, 0.5), Map.of(1, 0.4), Map.of(1, 0.9), Map.of(1, 0.1));

    @Test
    void rungsGrowByTheReductionFactorBelowTheLastEpoch() {
        assertThat(ETA_3.rungs()).containsExactly(1, 3, 9);
        assertThat(new SuccessiveHalving(2, 2, 16).rungs()).containsExactly(2, 4, 8);
    }

    @Test
    void aTrialGoesOnWhenAmongTheBestThirdAtARung() {
        // six values at rung 1: 0.9, 0.6, 0.5, 0.4, 0.2, 0.1; floor(6 / 3) = 2 go on
        assertThat(ETA_3.continues(1, Map.of(1, 0.6), FIVE_AT_RUNG_1)).isTrue();
        // 0.9, 0.5, 0.45, ...: the second best is 0.5
        assertThat(ETA_3.continues(1, Map.of(1, 0.45), FIVE_AT_RUNG_1)).isFalse();
        // a tie with the last one going on goes on
        assertThat(ETA_3.continues(1, Map.of(1, 0.5), FIVE_AT_RUNG_1)).isTrue();
    }

    @Test
    void withFewerTrialsThanTheFactorOnlyTheBestGoesOn() {
        assertThat(ETA_3.continues(1, Map.of(1, 0.5), List.of(Map.of(1, 0.7)))).isFalse();
        assertThat(ETA_3.continues(1, Map.of(1, 0.8), List.of(Map.of(1, 0.7)))).isTrue();
        assertThat(ETA_3.continues(1, Map.of(1, 0.1), List.of()))
                .as("the first trial")
                .isTrue();
    }

    @Test
    void epochsBetweenRungsNeverStopATrial() {
        assertThat(ETA_3.continues(2, Map.of(1, 0.0, 2, 0.0), FIVE_AT_RUNG_1)).isTrue();
        assertThat(ETA_3.continues(27, Map.of(27, 0.0), FIVE_AT_RUNG_1)).isTrue();
    }

    @Test
    void theValueAtARungIsTheBestSoFarAndOnlyTrialsThatReachedItCompete() {
        Map<Integer, Double> curve = Map.of(1, 0.3, 2, 0.8, 3, 0.4); // 0.8 at rung 3
        List<Map<Integer, Double>> others = List.of(
                Map.of(1, 0.9, 2, 0.7, 3, 0.75), // 0.9 at rung 3
                Map.of(1, 0.6, 3, 0.1, 4, 0.2), // 0.6
                Map.of(1, 0.99), // has not reached rung 3
                Map.of(1, 0.2, 3, 0.5)); // 0.5
        // at rung 3: 0.9, 0.8, 0.6, 0.5; floor(4 / 3) = 1 goes on, and it is not this one
        assertThat(ETA_3.continues(3, curve, others)).isFalse();
        // with two more behind it, floor(6 / 3) = 2 go on
        List<Map<Integer, Double>> more = new java.util.ArrayList<>(others);
        more.add(Map.of(3, 0.05));
        more.add(Map.of(3, 0.01, 9, 0.3));
        assertThat(ETA_3.continues(3, curve, more)).isTrue();
    }

    @Test
    void badSettingsAndCurvesAreRefused() {
        assertThatThrownBy(() -> new SuccessiveHalving(0, 3, 27))
                .isInstanceOf(DsmlException.class)
                .hasMessage("successive halving: min_epochs must be at least 1, got 0");
        assertThatThrownBy(() -> new SuccessiveHalving(1, 1, 27)).hasMessageContaining("reduction_factor");
        assertThatThrownBy(() -> new SuccessiveHalving(4, 2, 4))
                .hasMessage("successive halving: the epochs (4) must be more than min_epochs (4)");
        assertThatThrownBy(() -> ETA_3.continues(3, Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the trial has no validation score at or before epoch 3");
    }
}
