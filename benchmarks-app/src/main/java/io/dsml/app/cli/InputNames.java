package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;

/**
 * The command line's names for the inputs that library errors are about ({@link UserInput}): the
 * option or environment variable through which a user of {@code dsml} gives each.
 */
public final class InputNames {
    private InputNames() {}

    /** The option or environment variable that gives {@code kind}. */
    public static String of(UserInput.Kind kind) {
        return switch (kind) {
            case CONFIG_OVERRIDE -> "--set";
            case CLASS_CENTERS -> "--centers";
            case CELL_SHARE -> "--cells";
            case CELL -> "--cell";
            case ENGINE -> "--engine";
            case DATASET -> "--dataset";
            case SPLIT -> "--split";
            case PART -> "--part";
            case OUTPUT_DIRECTORY -> "--out";
            case CLUSTER -> "--spark";
            case PLUGIN_PATH -> "DSML_CLASSPATH";
        };
    }

    /**
     * {@code e}'s message as the command line says it. A message that took in a cause's message
     * (e.g. prefixed it with the config file) says the cause's part in the command line's words
     * too.
     */
    public static String message(DsmlException e) {
        String message = e.message(InputNames::of);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof DsmlException inner && inner.getMessage() != null) {
                message = message.replace(inner.getMessage(), inner.message(InputNames::of));
            }
        }
        return message;
    }
}
