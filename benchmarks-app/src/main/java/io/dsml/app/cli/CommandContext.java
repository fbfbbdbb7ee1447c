package io.dsml.app.cli;

import io.dsml.core.train.Cancellation;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the entry point that runs the command line gives its commands beyond their options: the
 * cancellation of the command's training, which the {@code dsml} main requests on SIGTERM or
 * SIGINT. The command line's top-level command implements it.
 */
public interface CommandContext {
    /** Stops the command's training cleanly when requested. */
    Cancellation cancellation();

    /** The cancellation of the command {@code spec} belongs to; one nobody requests without one. */
    static Cancellation cancellation(CommandSpec spec) {
        return spec.root().userObject() instanceof CommandContext context ? context.cancellation() : new Cancellation();
    }
}
