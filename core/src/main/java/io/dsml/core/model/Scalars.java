package io.dsml.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
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
 * was written there by then (gradients of norm 1e7 or infinite, or 0, depending on the
 * collections between a forward and its backward pass). MXNet copies the number into memory of
 * its own and is not affected.
 *
 * <p>Here the constant is a 0-d array of the array's data type that the engine allocates and owns
 * ({@code NDManager.full}), so the graph holds a reference that keeps it alive; the Java object is
 * closed right after the operator. In float32 the result is the number overload's: both engines
 * round the number to the array's type before operating.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code array * value}. */
    public static NDArray mul(NDArray array, float value) {
        return apply(array, value, NDArray::mul);
    }

    /** {@code array / value}. */
    public static NDArray div(NDArray array, float value) {
        return apply(array, value, NDArray::div);
    }

    /** The element-wise maximum of {@code array} and {@code value}. */
    public static NDArray maximum(NDArray array, float value) {
        return apply(array, value, NDArray::maximum);
    }

    /** The element-wise minimum of {@code array} and {@code value}. */
    public static NDArray minimum(NDArray array, float value) {
        return apply(array, value, NDArray::minimum);
    }

    /** {@code array ^ value}. */
    public static NDArray pow(NDArray array, float value) {
        return apply(array, value, NDArray::pow);
    }

    /** {@code array *= value}, in place; returns {@code array}. */
    public static NDArray muli(NDArray array, float value) {
        return apply(array, value, NDArray::muli);
    }

    private static NDArray apply(NDArray array, float value, BinaryOperator<NDArray> operator) {
        try (NDArray constant = array.getManager().full(new Shape(), value, array.getDataType())) {
            return operator.apply(array, constant);
        }
    }
}
