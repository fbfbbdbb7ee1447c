package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.core.inject.Registries;

/**
 * A command that looks components up by name (losses, backbones, datasets, samplers): they come
 * from the command line's one injector, which fills {@link #registries} before the command runs.
 */
abstract class ComponentsCommand extends CommandBase {
    /** dsml's components, from the command line's one injector. */
    @Inject
    Registries registries;
}
