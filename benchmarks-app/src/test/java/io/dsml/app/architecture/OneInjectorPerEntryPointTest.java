package io.dsml.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dsml.app.inject.AppInjector;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * dsml is assembled once per entry point: only the entry points build an injector, and everything
 * below them receives its components by injection or as parameters. A library method that built
 * its own injector would assemble dsml a second time within one command.
 */
class OneInjectorPerEntryPointTest {
    /** The command line (built by Dsml.commandLine for main, execute and executeCaptured), a Java user's run or model, a Spark executor (when on the class path). */
    private static final Set<String> ENTRY_POINTS = Set.of(
            "io.dsml.app.Dsml.commandLine",
            "io.dsml.app.api.TrainedCell.load",
            "io.dsml.app.run.Experiment.run",
            "io.dsml.cluster.CellTask.prepare");

    @Test
    void onlyEntryPointsBuildTheInjector() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dsml");
        Set<String> builders = new TreeSet<>();
        // calls and method references (AppInjector::create) alike
        for (JavaAccess<?> access :
                classes.get(AppInjector.class).getMethod("create").getAccessesToSelf()) {
            builders.add(
                    access.getOriginOwner().getName() + "." + access.getOrigin().getName());
        }

        assertThat(builders).contains("io.dsml.app.Dsml.commandLine").isSubsetOf(ENTRY_POINTS);
    }
}
