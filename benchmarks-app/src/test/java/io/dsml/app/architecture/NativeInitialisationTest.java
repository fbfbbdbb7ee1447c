package io.dsml.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dsml.app.Dsml;
import io.dsml.core.engine.NativeLibraries;
import io.dsml.core.train.MetricTrainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order "system BLAS before the engine" is one call, {@link NativeLibraries#initialise}, made
 * by the entry points, not a side effect of loading some class: a static initialiser ran whenever
 * the JVM happened to load its class, which nothing tied to the engine's first use.
 */
class NativeInitialisationTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dsml");

    @Test
    void onlyTheNativeInitialisationLoadsTheBlasAndNoStaticInitialiserDoes() {
        List<String> preloads = calls("preloadBlas").stream()
                .map(call -> call.getOrigin().getOwner().getName())
                .distinct()
                .toList();
        assertThat(preloads).containsExactly(NativeLibraries.class.getName());
        List<String> inStaticInitialisers = calls("initialise").stream()
                .filter(call -> call.getTargetOwner().isEquivalentTo(NativeLibraries.class))
                .map(JavaMethodCall::getOrigin)
                .filter(origin -> origin.getName().equals("<clinit>"))
                .map(JavaCodeUnit::getFullName)
                .toList();
        assertThat(inStaticInitialisers).isEmpty();
    }

    @Test
    void theEntryPointsAndTheTrainerInitialise() {
        assertThat(initialises(Dsml.class, "main")).isTrue();
        // every run of the command line, in-process ones too (a JVM that started the engine first
        // computes with other BLAS libraries, so its numbers differ from a process's): its execution
        // strategy, a lambda that ArchUnit counts as the method it is written in
        assertThat(initialises(Dsml.class, "commandLine")).isTrue();
        // the Java API's facade: the run methods all end in the one that takes a cancellation
        assertThat(initialises("io.dsml.app.run.Experiment", "run")).isTrue();
        // TrainedCell's model loader (package-private in dsml-api), the Java API's entry point
        assertThat(initialises("io.dsml.app.api.LoadedModel", "load")).isTrue();
        assertThat(initialises(MetricTrainer.class, "train")).isTrue();
    }

    private static List<JavaMethodCall> calls(String method) {
        return MAIN.stream()
                .flatMap(c -> c.getMethodCallsFromSelf().stream())
                .filter(call -> call.getName().equals(method))
                .toList();
    }

    private static boolean initialises(Class<?> owner, String method) {
        return initialises(owner.getName(), method);
    }

    private static boolean initialises(String owner, String method) {
        JavaClass c = MAIN.get(owner);
        return c.getMethodCallsFromSelf().stream()
                .anyMatch(call -> call.getOrigin().getName().equals(method)
                        && call.getTargetOwner().isEquivalentTo(NativeLibraries.class)
                        && call.getName().equals("initialise"));
    }
}
