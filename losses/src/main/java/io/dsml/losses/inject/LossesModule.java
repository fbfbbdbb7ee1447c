package io.dsml.losses.inject;

import com.google.inject.AbstractModule;
import io.dsml.core.inject.CoreModule;
import io.dsml.losses.softmax.SoftmaxLossFactory;
import io.dsml.losses.vmf.VmfLossFactory;

/** Registers the built-in losses by name: one line per loss. */
public final class LossesModule extends AbstractModule {
    @Override
    protected void configure() {
        CoreModule.registerLoss(binder(), new VmfLossFactory());
        CoreModule.registerLoss(binder(), new SoftmaxLossFactory());
    }
}
