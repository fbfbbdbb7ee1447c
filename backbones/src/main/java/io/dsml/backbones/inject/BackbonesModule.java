package io.dsml.backbones.inject;

import com.google.inject.AbstractModule;
import io.dsml.backbones.conv.SmallConvNetFactory;
import io.dsml.core.inject.CoreModule;

/** Registers the built-in backbones by name. */
public final class BackbonesModule extends AbstractModule {
    @Override
    protected void configure() {
        for (int depth = 1; depth <= 4; depth++) {
            CoreModule.registerBackbone(binder(), new SmallConvNetFactory(depth));
        }
    }
}
