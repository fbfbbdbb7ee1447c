package io.dsml.app.inject;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.dsml.core.error.DsmlException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Assembles dsml at an entry point (the command line, a Spark task, a Java API call such as
 * {@code TrainedCell.load}): one injector per entry point, whose components are passed down by
 * constructor and parameter injection. Every Maven module contributes one Guice module, found
 * with {@link ServiceLoader} ({@code META-INF/services/com.google.inject.Module}), as the plugins
 * (losses, backbones, datasets, samplers, grid backends) are.
 */
public final class AppInjector {
    private AppInjector() {}

    /** A new injector with every built-in component and the plugins on the class path. */
    public static Injector create() {
        List<Module> modules = new ArrayList<>();
        ServiceLoader.load(Module.class).forEach(modules::add);
        try {
            return Guice.createInjector(modules);
        } catch (CreationException e) {
            throw new DsmlException("cannot assemble dsml (a plugin may reuse a built-in name): "
                    + e.getErrorMessages().iterator().next().getMessage());
        }
    }
}
