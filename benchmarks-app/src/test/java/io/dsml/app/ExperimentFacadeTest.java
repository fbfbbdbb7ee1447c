package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.app.cli.Experiments;
import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunReport;
import io.dsml.app.run.Experiment;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.CellSelection;
import io.dsml.core.run.ExperimentRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run protocol as a Java user calls it, without the command line: the same run directory,
 * tables and report as {@code dsml reproduce}, with what it prints going to the caller's stream.
 */
class ExperimentFacadeTest {
    private static final List<String> TINY =
            List.of("training.max_steps_per_epoch=2", "training.epochs=1", "losses=[{name: softmax}]");

    @TempDir
    Path tmp;

    @Test
    @Tag("slow")
    void aJavaUserRunsAnExperimentToItsResultsAndReport() throws Exception {
        ExperimentConfig config = Experiments.load("quickstart", TINY);
        Experiment experiment = AppInjector.create().getInstance(Experiment.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> warnings = new ArrayList<>();

        Optional<ExperimentRunner.Summary> summary;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            summary = experiment.run(config, Experiment.Options.newRun(tmp), out, warnings::add);
        }

        assertThat(summary).isPresent();
        Path runDir = summary.get().directory();
        assertThat(runDir.getParent()).isEqualTo(tmp.resolve("quickstart"));
        assertThat(summary.get().cells()).hasSize(1);
        assertThat(runDir.resolve("results.md")).isRegularFile();
        assertThat(runDir.resolve(RunReport.FILE)).isRegularFile();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("quickstart: 1 of 1 cell(s)")
                .contains("results: " + runDir.resolve("results.md"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aConfigErrorNamesTheSourceTheCallerGave() {
        ExperimentConfig config = Experiments.load("quickstart", List.of("losses=[{name: no-such-loss}]"));
        Experiment experiment = AppInjector.create().getInstance(Experiment.class);
        Experiment.Options options =
                new Experiment.Options("mine.yaml", tmp, null, null, null, CellSelection.ALL, null, "", Map.of(), true);

        assertThatThrownBy(() -> experiment.run(config, options, System.out, warning -> {}))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("mine.yaml: ")
                .hasMessageContaining("unknown loss 'no-such-loss'");
        assertThat(tmp.resolve("quickstart")).doesNotExist(); // nothing half-made
    }

    @Test
    void anUnknownGridBackendIsOneLineBeforeAnyDirectoryIsMade() throws Exception {
        ExperimentConfig config = Experiments.load("quickstart", TINY);
        Experiment experiment = AppInjector.create().getInstance(Experiment.class);
        Experiment.Options options =
                new Experiment.Options("q", tmp, null, null, null, null, "no-such-backend", "", null, true);

        assertThatThrownBy(() -> experiment.run(config, options, System.out, warning -> {}))
                .isInstanceOf(DsmlException.class)
                .hasMessage("unknown grid backend 'no-such-backend'; known: none");
        assertThat(tmp.resolve("quickstart")).doesNotExist();
        assertThat(Files.list(tmp)).isEmpty();
    }
}
