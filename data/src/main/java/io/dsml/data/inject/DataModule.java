package io.dsml.data.inject;

import com.google.inject.AbstractModule;
import io.dsml.core.inject.CoreModule;
import io.dsml.data.cars.CarsProvider;
import io.dsml.data.cifar.CifarProvider;
import io.dsml.data.cub.CubProvider;
import io.dsml.data.folder.ImageFolderProvider;
import io.dsml.data.mnist.MnistProvider;
import io.dsml.data.mnist.QuickstartProvider;
import io.dsml.data.sampler.RandomSamplerFactory;
import io.dsml.data.sop.SopProvider;

/** Registers the built-in datasets and batch samplers by name. */
public final class DataModule extends AbstractModule {
    @Override
    protected void configure() {
        CoreModule.registerDataset(binder(), MnistProvider.mnist());
        CoreModule.registerDataset(binder(), MnistProvider.fashionMnist());
        CoreModule.registerDataset(binder(), new QuickstartProvider());
        CoreModule.registerDataset(binder(), CifarProvider.cifar10());
        CoreModule.registerDataset(binder(), CifarProvider.cifar100());
        CoreModule.registerDataset(binder(), new CubProvider());
        CoreModule.registerDataset(binder(), new CarsProvider());
        CoreModule.registerDataset(binder(), new SopProvider());
        CoreModule.registerDataset(binder(), new ImageFolderProvider());
        CoreModule.registerSampler(binder(), new RandomSamplerFactory());
        CoreModule.registerSampler(binder(), new io.dsml.data.sampler.MPerClassSamplerFactory());
    }
}
