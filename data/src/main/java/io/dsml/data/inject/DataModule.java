package io.dsml.data.inject;

import com.google.inject.AbstractModule;
import io.dsml.core.inject.CoreModule;
import io.dsml.data.mnist.MnistProvider;
import io.dsml.data.mnist.QuickstartProvider;
import io.dsml.data.sampler.RandomSamplerFactory;

/** Registers the built-in datasets and batch samplers by name. */
public final class DataModule extends AbstractModule {
    @Override
    protected void configure() {
        CoreModule.registerDataset(binder(), MnistProvider.mnist());
        CoreModule.registerDataset(binder(), MnistProvider.fashionMnist());
        CoreModule.registerDataset(binder(), new QuickstartProvider());
        CoreModule.registerSampler(binder(), new RandomSamplerFactory());
        CoreModule.registerSampler(binder(), new io.dsml.data.sampler.MPerClassSamplerFactory());
    }
}
