package io.dsml.app.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: no cycle between any two packages of dsml's main code (evaluation,
 * core, losses, backbones, data and the app; the cluster and testkit modules are one package each
 * and sit above the app). Each package is its own slice, so a cycle between two sibling packages
 * of one module fails as well as one across modules.
 */
class PackageCyclesTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dsml");
        slices().matching("io.dsml.(**)").should().beFreeOfCycles().check(classes);
    }
}
