package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.app.cli.Experiments;
import io.dsml.app.inject.AppInjector;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.run.ExperimentRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every shipped experiment names registered components with valid hyperparameters, and those on
 * Fashion-MNIST can build every cell's network, loss and sampler for the data they train on.
 */
class ShippedExperimentsTest {
    @Test
    void everyShippedExperimentValidates() {
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        assertThat(Experiments.names())
                .contains(
                        "quickstart",
                        "fashion-mnist-small-cnn",
                        "fashion-mnist-retrieval",
                        "cifar10-small-cnn",
                        "cub200",
                        "cars196",
                        "sop");
        for (String name : Experiments.names()) {
            ExperimentConfig config = Experiments.load(name, List.of());
            assertThat(config.name()).isEqualTo(name);
            List<CellPlan> cells = runner.validate(config);
            assertThat(cells)
                    .as(name)
                    .hasSize(config.backbones().size()
                            * config.losses().size()
                            * config.seeds().size()
                            * Math.max(1, config.evaluation().folds()));
        }
    }

    /**
     * The Fashion-MNIST experiments, prepared on the embedded subset (the same classes and
     * splits, fewer images): this builds every cell's parts against its fold's classes, which
     * caught an m-per-class batch that asked for more classes than a fold has.
     */
    @Test
    void everyShippedFashionMnistExperimentBuildsItsCellsOnItsData() {
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        List<String> prepared = new ArrayList<>();
        for (String name : Experiments.names()) {
            if (!Experiments.load(name, List.of()).dataset().name().equals("fashion-mnist")) {
                continue;
            }
            ExperimentConfig config = Experiments.load(name, List.of("dataset.name=fashion-mnist-quickstart"));
            assertThat(runner.prepare(config, null).cells()).as(name).isNotEmpty();
            prepared.add(name);
        }
        assertThat(prepared).contains("fashion-mnist-retrieval", "fashion-mnist-tuned");
    }
}
