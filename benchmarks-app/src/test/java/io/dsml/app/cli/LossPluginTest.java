package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.app.CliRun;
import io.dsml.app.plugin.fixture.SquaredNormLoss;
import io.dsml.app.plugin.fixture.SquaredNormLossFactory;
import io.dsml.evaluation.Npy;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party loss in its own jar: the test packs the fixture's classes and its {@code
 * META-INF/services} entry (kept outside the test class path's root, so no other test sees it)
 * into a jar, puts the jar on a class loader, and runs {@code dsml loss} with it, as a user would
 * with {@code DSML_CLASSPATH=plugin.jar}.
 */
class LossPluginTest {
    private static final String SERVICE = "META-INF/services/io.dsml.core.spi.LossFactory";

    @TempDir
    Path dir;

    @Test
    void aPluginJarIsListedAndRunByName() throws Exception {
        Path jar = pluginJar();
        Npy.writeFloat(dir.resolve("e.npy"), new float[] {1, 2, 3, 4}, 2, 2);
        Npy.writeInt(dir.resolve("l.npy"), new int[] {0, 1});
        Path grad = dir.resolve("g.npy");

        CliRun list = withClassPath(jar, () -> CliRun.of("loss", "--list"));
        CliRun run = withClassPath(
                jar,
                () -> CliRun.of(
                        "loss",
                        "--loss",
                        "test-squared-norm",
                        "--set",
                        "weight=2",
                        "--embeddings",
                        dir.resolve("e.npy").toString(),
                        "--labels",
                        dir.resolve("l.npy").toString(),
                        "--grad-out",
                        grad.toString(),
                        "--json"));

        assertThat(list.out())
                .contains("test-squared-norm [plugin] - test plugin: weight * mean squared norm")
                .containsPattern("(?m)^\\s+weight\\s+default 1.0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().trim()).isEqualTo("{\"loss\": 30.0}"); // 2 * (5 + 25) / 2
        assertThat(Npy.read(grad).asFloats()).containsExactly(new float[] {2, 4, 6, 8}, within(1e-5f)); // 2w e / n
    }

    @Test
    void withoutTheJarThePluginIsUnknown() {
        CliRun list = CliRun.of("loss", "--list");
        assertThat(list.out()).doesNotContain("test-squared-norm");
    }

    private Path pluginJar() throws Exception {
        Path jar = dir.resolve("squared-norm-plugin.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            copy(out, SERVICE, "/plugin-fixture/" + SERVICE);
            for (Class<?> type : new Class<?>[] {SquaredNormLoss.class, SquaredNormLossFactory.class}) {
                String path = type.getName().replace('.', '/') + ".class";
                copy(out, path, "/" + path);
            }
        }
        return jar;
    }

    private static void copy(JarOutputStream out, String entry, String resource) throws Exception {
        try (InputStream in = LossPluginTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    /** Runs {@code body} with the jar on the context class loader, which ServiceLoader consults. */
    private static <T> T withClassPath(Path jar, Callable<T> body) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            return body.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
