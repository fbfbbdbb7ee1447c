package io.dsml.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of {@link Scalars}' operators gives exactly the value, type, shape and gradient of DJL's
 * operator with a number on the same engine (ties of {@code maximum}/{@code minimum} included); that the
 * gradient survives a garbage collection before the backward pass, which DJL's does not on
 * PyTorch, the losses' {@code PmlReferenceTest} checks.
 */
class ScalarsTest {
    /** Includes values equal to the constants, where maximum and minimum split the gradient. */
    private static final float[] X = {-2f, -0.5f, 0f, 0.5f, 1.5f, 3f};

    static Stream<Arguments> operators() {
        return Stream.of(
                operator("mul", 2.5f, Scalars::mul, NDArray::mul),
                operator("div", 3f, Scalars::div, NDArray::div),
                operator("maximum", 0.5f, Scalars::maximum, NDArray::maximum),
                operator("minimum", 0f, Scalars::minimum, NDArray::minimum),
                operator("pow", 2f, Scalars::pow, NDArray::pow));
    }

    private static Arguments operator(
            String name,
            float value,
            BiFunction<NDArray, Float, NDArray> ours,
            BiFunction<NDArray, Number, NDArray> djls) {
        return Arguments.of(name, value, ours, djls);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void sameValueAndGradientAsDjlsOperatorWithANumber(
            String name,
            float value,
            BiFunction<NDArray, Float, NDArray> ours,
            BiFunction<NDArray, Number, NDArray> djls) {
        float[][] expected = valueAndGradient(x -> djls.apply(x, value));
        float[][] actual = valueAndGradient(x -> ours.apply(x, value));
        assertThat(actual[0]).as("%s: value", name).containsExactly(expected[0]);
        assertThat(actual[1]).as("%s: gradient", name).containsExactly(expected[1]);
    }

    @Test
    void muliMultipliesInPlace() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            assertThat(Scalars.muli(x, 2f)).isSameAs(x);
            assertThat(x.toFloatArray()).containsExactly(-4f, -1f, 0f, 1f, 3f, 6f);
        }
    }

    /** The operator's value at {@link #X} and the gradient of its sum. */
    private static float[][] valueAndGradient(UnaryOperator<NDArray> operator) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = operator.apply(x);
                assertThat(y.getDataType()).isEqualTo(DataType.FLOAT32);
                assertThat(y.getShape()).isEqualTo(x.getShape());
                collector.backward(y.sum());
                return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray()};
            }
        }
    }
}
