package io.dsml.core.inject;

import com.google.inject.Inject;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.SamplerFactory;
import java.util.Map;

/**
 * All registered components, as the Guice injector assembled them from every module's map
 * bindings and the plugins on the class path.
 */
public final class Registries {
    private final Registry<LossFactory> losses;
    private final Registry<BackboneFactory> backbones;
    private final Registry<DatasetProvider> datasets;
    private final Registry<SamplerFactory> samplers;

    @Inject
    public Registries(
            Map<String, LossFactory> losses,
            Map<String, BackboneFactory> backbones,
            Map<String, DatasetProvider> datasets,
            Map<String, SamplerFactory> samplers) {
        this.losses = new Registry<>("loss", losses, LossFactory.class);
        this.backbones = new Registry<>("backbone", backbones, BackboneFactory.class);
        this.datasets = new Registry<>("dataset", datasets, DatasetProvider.class);
        this.samplers = new Registry<>("sampler", samplers, SamplerFactory.class);
    }

    public Registry<LossFactory> losses() {
        return losses;
    }

    public Registry<BackboneFactory> backbones() {
        return backbones;
    }

    public Registry<DatasetProvider> datasets() {
        return datasets;
    }

    public Registry<SamplerFactory> samplers() {
        return samplers;
    }
}
