package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.app.CliRun;
import io.dsml.app.inject.AppInjector;
import io.dsml.core.run.ExperimentRunner;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a user finds out about plugins (help texts, unknown-name errors), plugins of other kinds
 * than losses, and metrics that cannot apply to a cell.
 */
class PluginDiscoverabilityTest {
    private static final String BACKBONE_SERVICE = "META-INF/services/io.dsml.core.spi.BackboneFactory";

    @TempDir
    Path dir;

    @Test
    void helpTextsNameDsmlClasspath() {
        assertThat(CliRun.of("--help").out()).contains("DSML_CLASSPATH").contains("META-INF/services");
        assertThat(CliRun.of("loss", "--help").out())
                .contains("DSML_CLASSPATH=my-loss.jar ./dsml loss --list")
                .contains("META-INF/services/io.dsml.core.spi.LossFactory")
                .contains("losses/README.md");
    }

    @Test
    void unknownDatasetSaysHowToAddAPlugin() {
        CliRun run = CliRun.of("reproduce", "quickstart", "--set", "dataset.name=imagenet");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .startsWith("dsml: experiments/quickstart.yaml: dataset.name: unknown dataset 'imagenet'; known: ")
                .endsWith("; plugins: put a jar that lists its class in META-INF/services/"
                        + "io.dsml.core.spi.DatasetProvider on DSML_CLASSPATH (losses/README.md, "
                        + "'A loss plugin in its own jar')");
    }

    @Test
    void aBackbonePluginIsFoundThroughServiceLoader() throws Exception {
        Path jar = dir.resolve("tiny-conv.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            copy(out, BACKBONE_SERVICE, "/backbone-plugin-fixture/" + BACKBONE_SERVICE);
            String type = "io/dsml/app/plugin/fixture/TinyConvFactory.class";
            copy(out, type, "/" + type);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            CliRun list = CliRun.of("backbones", "list", "test-tiny-conv", "--input", "1x28x28");
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains("test-tiny-conv");
        } finally {
            thread.setContextClassLoader(previous);
        }
        CliRun without = CliRun.of("backbones", "list", "test-tiny-conv");
        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).contains("unknown backbone 'test-tiny-conv'", "io.dsml.core.spi.BackboneFactory");
    }

    @Test
    void accuracyForALossWithoutClassifierIsAWarningNotSilence() {
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        ExperimentRunner.Prepared prepared = runner.prepare(
                Experiments.load(
                        "quickstart",
                        List.of("losses=[{name: softmax}, {name: triplet}, {name: triplet, label: triplet-2}]")),
                null);
        assertThat(runner.notApplicableMetrics(prepared))
                .containsExactly(
                        "evaluation.metrics: accuracy is n/a for loss 'triplet': it has no classifier, so its cells"
                                + " have no accuracy (n/a in the table)",
                        "evaluation.metrics: accuracy is n/a for loss 'triplet-2': it has no classifier, so its cells"
                                + " have no accuracy (n/a in the table)");
    }

    private static void copy(JarOutputStream out, String entry, String resource) throws Exception {
        try (InputStream in = PluginDiscoverabilityTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
