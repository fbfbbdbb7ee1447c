package io.dsml.app.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Injector;
import io.dsml.app.grid.GridBackend;
import io.dsml.app.grid.GridBackends;
import io.dsml.core.error.DsmlException;
import io.dsml.core.inject.Registries;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One discovery mechanism: dsml's own Guice modules, loss plugins and grid backend plugins are all
 * found by ServiceLoader and registered by name, and a plugin reusing a taken name fails the
 * assembly with one line, whatever its kind.
 */
class PluginDiscoveryTest {
    @TempDir
    Path dir;

    @Test
    void everyModulesComponentsAreAssembled() {
        Registries registries = AppInjector.create().getInstance(Registries.class);

        assertThat(registries.losses().all()).containsKeys("vmf", "softmax", "triplet"); // losses module
        assertThat(registries.backbones().all()).containsKeys("conv-2", "resnet50"); // backbones module
        assertThat(registries.datasets().all()).containsKey("fashion-mnist"); // data module
    }

    @Test
    void aGridBackendPluginIsFoundByNameAsALossIs() {
        Injector injector = AppInjector.create();
        GridBackend backend = injector.getInstance(GridBackends.class).grid(TestGridBackend.NAME);

        assertThat(backend).isInstanceOf(TestGridBackend.class);
    }

    @Test
    void aMissingGridBackendNamesTheClusterModule() {
        GridBackends backends = AppInjector.create().getInstance(GridBackends.class);

        assertThatThrownBy(() -> backends.grid(GridBackends.SPARK))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("dsml's cluster module is not on the class path");
        assertThatThrownBy(() -> backends.grid("no-such-grid"))
                .hasMessage("unknown grid backend 'no-such-grid'; known: " + TestGridBackend.NAME);
    }

    @Test
    void aLossPluginReusingABuiltInNameFailsTheAssembly() throws Exception {
        Path services = services("io.dsml.core.spi.LossFactory", "io.dsml.losses.softmax.SoftmaxLossFactory");

        assertThatThrownBy(() -> withClassPath(services, AppInjector::create))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("cannot assemble dsml (a plugin may reuse a built-in name): ")
                .hasMessageContaining("softmax");
    }

    @Test
    void aGridBackendReusingANameFailsTheAssemblyAsALossDoes() throws Exception {
        Path services = services("io.dsml.app.grid.GridBackend", TestGridBackend.Twin.class.getName());

        assertThatThrownBy(() -> withClassPath(services, AppInjector::create))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("cannot assemble dsml (a plugin may reuse a built-in name): ")
                .hasMessageContaining(TestGridBackend.NAME);
    }

    /** A class path root whose only content is a ServiceLoader entry naming {@code provider}. */
    private Path services(String spi, String provider) throws Exception {
        Path file = dir.resolve("META-INF/services").resolve(spi);
        Files.createDirectories(file.getParent());
        Files.writeString(file, provider + "\n");
        return dir;
    }

    private static <T> T withClassPath(Path root, Callable<T> body) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            return body.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
