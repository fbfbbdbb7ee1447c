package io.dsml.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;

/**
 * An array's arithmetic with a constant, safe for autograd on every engine: dsml calls these
 * instead of DJL's {@code NDArray.mul(Number)}, {@code div}, {@code maximum}, {@code minimum},
 * {@code pow} and {@code muli} with a number (an architecture test holds every module to it).
 *
 * <p>Why: DJL 0.36's PyTorch engine ({@code PtNDArray.mul(Number)} and the other operators with a
 * number) builds the number as a 0-d tensor with {@code manager.create(n)}, which on the CPU is
 * {@code torch::from_blob} over a Java direct buffer that the tensor does not own, applies the
 * operator, and closes that array at once; closing drops DJL's reference to the buffer. These
 * operators save their operand for the backward pass (the factor of {@code mul}, the divisor of
 * {@code div}, both sides of {@code maximum}), so the autograd graph keeps a tensor over memory
 * that the next garbage collection frees and the JVM then reuses: the backward pass read whatever
 * was written there by then (gradients of norm 1e7, infinite or 0, depending on the collections
 * between a forward and its backward pass).
 *
 * <p>Here, on such an engine, the constant is a 0-d array of the array's data type that the
 * engine allocates and owns ({@code NDManager.full}), so the graph holds a reference that keeps it
 * alive; the Java object is closed right after the operator. In float32 the result is the number
 * overload's: the number is rounded to the array's type either way. MXNet passes the number to its
 * operator as a parameter ({@code _npi_multiply_scalar}), creates no array for it and is not
 * affected, so there the overload runs as before, at its speed (the route through a 0-d array
 * took about twice as long per call there, 2026-12-06).
 */
public final class Scalars {
    /** The engine whose operators with a number take it as a parameter, not as an array. */
    private static final String NUMBER_AS_PARAMETER = "MXNet";

    private Scalars() {}

    /** {@code array * value}. */
    public static NDArray mul(NDArray array, float value) {
        return apply(array, value, NDArray::mul, NDArray::mul);
    }

    /** {@code array / value}. */
    public static NDArray div(NDArray array, float value) {
        return apply(array, value, NDArray::div, NDArray::div);
    }

    /** The element-wise maximum of {@code array} and {@code value}. */
    public static NDArray maximum(NDArray array, float value) {
        return apply(array, value, NDArray::maximum, NDArray::maximum);
    }

    /** The element-wise minimum of {@code array} and {@code value}. */
    public static NDArray minimum(NDArray array, float value) {
        return apply(array, value, NDArray::minimum, NDArray::minimum);
    }

    /** {@code array ^ value}. */
    public static NDArray pow(NDArray array, float value) {
        return apply(array, value, NDArray::pow, NDArray::pow);
    }

    /** {@code array *= value}, in place; returns {@code array}. */
    public static NDArray muli(NDArray array, float value) {
        return apply(array, value, NDArray::muli, NDArray::muli);
    }

    private static NDArray apply(
            NDArray array,
            float value,
            BiFunction<NDArray, Number, NDArray> withNumber,
            BinaryOperator<NDArray> withArray) {
        if (NUMBER_AS_PARAMETER.equals(array.getManager().getEngine().getEngineName())) {
            return withNumber.apply(array, value);
        }
        try (NDArray constant = array.getManager().full(new Shape(), value, array.getDataType())) {
            return withArray.apply(array, constant);
        }
    }
}
