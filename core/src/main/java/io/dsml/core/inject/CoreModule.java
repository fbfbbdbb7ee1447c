package io.dsml.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.SamplerFactory;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Declares the named component maps that the other modules contribute to, and adds the plugins
 * that {@link ServiceLoader} finds on the class path (losses, backbones, datasets and samplers),
 * so a third-party component in its own jar is registered exactly like a built-in one.
 *
 * <p>This module, like every Maven module's Guice module, is itself found by {@link
 * ServiceLoader} ({@code META-INF/services/com.google.inject.Module}): one discovery mechanism
 * assembles both dsml's modules and the plugins.
 */
public final class CoreModule extends AbstractModule {

    @Override
    protected void configure() {
        addPlugins(binder(), LossFactory.class, LossFactory::name);
        addPlugins(binder(), BackboneFactory.class, BackboneFactory::name);
        addPlugins(binder(), DatasetProvider.class, DatasetProvider::name);
        addPlugins(binder(), SamplerFactory.class, SamplerFactory::name);
        bind(Registries.class);
    }

    /**
     * Declares the map of one component kind and adds every implementation of {@code spi} that
     * {@link ServiceLoader} finds on the context class path under its name. A plugin reusing a
     * built-in name makes the injector fail (duplicate map key), which the app reports. Modules
     * that declare an SPI of their own (the grid backends) add its plugins the same way.
     */
    public static <T> void addPlugins(com.google.inject.Binder binder, Class<T> spi, Function<T, String> name) {
        MapBinder<String, T> components = MapBinder.newMapBinder(binder, String.class, spi);
        for (T plugin : ServiceLoader.load(spi)) {
            components.addBinding(name.apply(plugin)).toInstance(plugin);
        }
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
