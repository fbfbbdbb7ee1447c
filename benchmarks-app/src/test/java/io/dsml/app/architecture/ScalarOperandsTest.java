package io.dsml.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dsml.core.model.Scalars;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No main code calls DJL's operators with a number whose operand autograd keeps for the backward
 * pass ({@code NDArray.mul(Number)}, {@code div}, {@code maximum}, {@code minimum}, {@code pow},
 * {@code mod} and their in-place forms, and {@code NDArrays}' versions): on the PyTorch engine the
 * kept operand is memory that the garbage collector frees before the backward pass may run (see
 * {@link Scalars}, which every module calls instead). {@code add} and {@code sub} keep no operand,
 * the comparisons carry no gradient.
 */
class ScalarOperandsTest {
    private static final Set<String> OPERATORS_THAT_KEEP_THEIR_OPERAND =
            Set.of("mul", "div", "maximum", "minimum", "pow", "mod", "muli", "divi", "powi", "modi");
    private static final Set<String> DJL_ARRAYS = Set.of("ai.djl.ndarray.NDArray", "ai.djl.ndarray.NDArrays");
    /**
     * The benchmark's hand-written DJL loop (bench.RawDjlLoop) is what a DJL user writes, DJL's
     * idiom included; it measures time, and its gradients' values do not change the work.
     */
    private static final String RAW_DJL_BASELINE = "io.dsml.app.bench.RawDjlLoop";

    @Test
    void everyOperatorWithAConstantGoesThroughScalars() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dsml");
        List<String> calls = main.stream()
                .flatMap(c -> c.getMethodCallsFromSelf().stream())
                .filter(ScalarOperandsTest::keepsANumberOperand)
                .filter(call -> !call.getOriginOwner().isEquivalentTo(Scalars.class))
                .filter(call -> !call.getOriginOwner().getName().startsWith(RAW_DJL_BASELINE))
                .map(call -> call.getOrigin().getFullName() + " line " + call.getLineNumber() + ": "
                        + call.getTarget().getFullName())
                .toList();
        assertThat(calls).as("DJL operators with a number outside Scalars").isEmpty();
    }

    private static boolean keepsANumberOperand(JavaMethodCall call) {
        return DJL_ARRAYS.contains(call.getTargetOwner().getName())
                && OPERATORS_THAT_KEEP_THEIR_OPERAND.contains(call.getName())
                && call.getTarget().getRawParameterTypes().stream().anyMatch(type -> type.isEquivalentTo(Number.class));
    }
}
