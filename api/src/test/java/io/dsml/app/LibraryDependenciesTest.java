package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dsml-api is what a Java user or a plugin depends on, so it must not bring the command line or a
 * logging backend onto their class path (a library that picks the logging backend overrides the
 * application's). This module's test class path is its own dependencies plus JUnit and AssertJ:
 * neither picocli nor any SLF4J backend may be found on it.
 */
class LibraryDependenciesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "picocli.CommandLine",
                "ch.qos.logback.classic.Logger",
                "org.slf4j.simple.SimpleLogger",
                "org.apache.logging.slf4j.SLF4JServiceProvider",
                "io.dsml.app.Dsml"
            })
    void theLibraryCarriesNoCommandLineAndNoLoggingBackend(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
