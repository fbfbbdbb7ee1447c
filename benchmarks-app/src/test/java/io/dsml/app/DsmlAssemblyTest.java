package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import io.dsml.app.inject.AppInjector;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line assembles dsml once per run, and only for commands that use its components. */
class DsmlAssemblyTest {
    /** Counts the injectors the command line asks for. */
    private static final class CountingAssembly implements Supplier<Injector> {
        final AtomicInteger built = new AtomicInteger();

        @Override
        public Injector get() {
            built.incrementAndGet();
            return AppInjector.create();
        }
    }

    @Test
    void aCommandWithComponentsBuildsExactlyOneInjector() {
        CountingAssembly assembly = new CountingAssembly();

        int code = Dsml.commandLine(assembly).execute("loss", "--list", "--json");

        assertThat(code).isZero();
        assertThat(assembly.built).hasValue(1);
    }

    @Test
    void aNestedSubcommandIsInjectedFromTheSameOneInjector() {
        CountingAssembly assembly = new CountingAssembly();

        int code = Dsml.commandLine(assembly).execute("datasets", "list");

        assertThat(code).isZero();
        assertThat(assembly.built).hasValue(1);
    }

    @Test
    void helpAndCommandsWithoutComponentsBuildNone() {
        CountingAssembly assembly = new CountingAssembly();

        assertThat(Dsml.commandLine(assembly).execute("loss", "--help")).isZero();
        assertThat(Dsml.commandLine(assembly).execute("--version")).isZero();
        assertThat(assembly.built).hasValue(0);
    }

    @Test
    void aPluginReusingABuiltInNameIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services/io.dsml.core.spi.LossFactory");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "io.dsml.losses.softmax.SoftmaxLossFactory\n"); // a second "softmax"
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        CliRun run;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            run = CliRun.of("loss", "--list");
        } finally {
            thread.setContextClassLoader(previous);
        }

        assertThat(run.exitCode()).isEqualTo(Dsml.INPUT_ERROR);
        assertThat(run.err())
                .startsWith("dsml: cannot assemble dsml (a plugin may reuse a built-in name): ")
                .contains("softmax")
                .hasLineCount(1);
    }
}
