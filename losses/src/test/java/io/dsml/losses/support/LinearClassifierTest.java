package io.dsml.losses.support;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.dsml.losses.center.CenterLoss;
import io.dsml.losses.softmax.SoftmaxLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared head keeps the parameter names (and order) that softmax and center loss checkpoints
 * were written with before it existed: checkpoints load parameters by these names.
 */
class LinearClassifierTest {
    @Test
    void softmaxKeepsItsCheckpointParameterNames() {
        assertThat(names(new SoftmaxLoss(3, 4).getParameters().stream().toList()))
                .containsExactly("weight", "bias");
    }

    @Test
    void centerLossKeepsItsCheckpointParameterNames() {
        assertThat(names(new CenterLoss(0.1, 0.5, 1, 3, 4)
                        .getParameters().stream().toList()))
                .containsExactly("weight", "bias", "centers");
    }

    private static List<String> names(List<Pair<String, Parameter>> parameters) {
        return parameters.stream().map(Pair::getKey).toList();
    }
}
