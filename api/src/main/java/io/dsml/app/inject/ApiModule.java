package io.dsml.app.inject;

import com.google.inject.AbstractModule;
import io.dsml.app.grid.EmbedBackend;
import io.dsml.app.grid.GridBackend;
import io.dsml.app.grid.GridBackends;
import io.dsml.core.inject.CoreModule;

/**
 * Declares the SPIs of this module, the grid and embedding backends, and adds the plugins of
 * them found on the class path, exactly as {@link CoreModule} does for losses.
 */
public final class ApiModule extends AbstractModule {
    @Override
    protected void configure() {
        CoreModule.addPlugins(binder(), GridBackend.class, GridBackend::name);
        CoreModule.addPlugins(binder(), EmbedBackend.class, EmbedBackend::name);
        bind(GridBackends.class);
    }
}
