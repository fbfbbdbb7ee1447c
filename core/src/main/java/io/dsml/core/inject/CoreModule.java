package io.dsml.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.SamplerFactory;
import java.util.ServiceLoader;

/**
 * Declares the named component maps that the other modules contribute to, and adds the plugins
 * that {@link ServiceLoader} finds on the class path, so a third-party loss in its own jar is
 * registered exactly like a built-in one.
 */
public final class CoreModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder<String, LossFactory> losses = MapBinder.newMapBinder(binder(), String.class, LossFactory.class);
        MapBinder.newMapBinder(binder(), String.class, BackboneFactory.class);
        MapBinder.newMapBinder(binder(), String.class, DatasetProvider.class);
        MapBinder.newMapBinder(binder(), String.class, SamplerFactory.class);
        for (LossFactory plugin : ServiceLoader.load(LossFactory.class)) {
            losses.addBinding(plugin.name()).toInstance(plugin);
        }
        bind(Registries.class);
    }

    /** Registers a loss by its name; the one line a module writes per built-in loss. */
    public static void registerLoss(com.google.inject.Binder binder, LossFactory factory) {
        MapBinder.newMapBinder(binder, String.class, LossFactory.class)
                .addBinding(factory.name())
                .toInstance(factory);
    }

    /** Registers a backbone by its name. */
    public static void registerBackbone(com.google.inject.Binder binder, BackboneFactory factory) {
        MapBinder.newMapBinder(binder, String.class, BackboneFactory.class)
                .addBinding(factory.name())
                .toInstance(factory);
    }

    /** Registers a dataset by its name. */
    public static void registerDataset(com.google.inject.Binder binder, DatasetProvider provider) {
        MapBinder.newMapBinder(binder, String.class, DatasetProvider.class)
                .addBinding(provider.name())
                .toInstance(provider);
    }

    /** Registers a batch sampler by its name. */
    public static void registerSampler(com.google.inject.Binder binder, SamplerFactory factory) {
        MapBinder.newMapBinder(binder, String.class, SamplerFactory.class)
                .addBinding(factory.name())
                .toInstance(factory);
    }
}
