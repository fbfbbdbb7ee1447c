package io.dsml.core.run;

import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.inject.Registries;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import java.nio.file.Path;

/** Loads an experiment's dataset as its {@code dataset:} section configures it. */
public final class ConfiguredDataset {
    private ConfiguredDataset() {}

    /**
     * Loads split {@code split} of the experiment's dataset, with its options, from the data
     * directory given on the command line, else the configured one, else the provider's default.
     *
     * @param dataDirOverride the data directory to use instead of {@code dataset.data_dir}, or {@code null}
     */
    public static DatasetSplits load(
            Registries registries, ExperimentConfig config, String split, Path dataDirOverride) {
        DatasetProvider provider = registries.datasets().get(config.dataset().name(), "dataset.name");
        Params params = Params.resolve(
                "dataset.params", provider.params(), config.dataset().params());
        Path dataDir = dataDirOverride != null
                ? dataDirOverride
                : config.dataset().dataDir() == null
                        ? null
                        : Path.of(config.dataset().dataDir());
        return provider.load(params, split, dataDir);
    }
}
