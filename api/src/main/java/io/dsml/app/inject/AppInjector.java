package io.dsml.app.inject;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.dsml.backbones.inject.BackbonesModule;
import io.dsml.core.error.DsmlException;
import io.dsml.core.inject.CoreModule;
import io.dsml.data.inject.DataModule;
import io.dsml.losses.inject.LossesModule;

/**
 * Assembles dsml: one Guice module per Maven module. A fresh injector is built for each experiment,
 * so no state leaks from one to the next.
 */
public final class AppInjector {
    private AppInjector() {}

    /** A new injector with every built-in component and the plugins on the class path. */
    public static Injector create() {
        try {
            return Guice.createInjector(new CoreModule(), new LossesModule(), new BackbonesModule(), new DataModule());
        } catch (CreationException e) {
            throw new DsmlException("cannot assemble dsml (a plugin may reuse a built-in name): "
                    + e.getErrorMessages().iterator().next().getMessage());
        }
    }
}
