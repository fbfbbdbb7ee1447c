package io.dsml.core.error;

/**
 * One input a user gave that a {@link DsmlException} is about: what kind of input it is and, when
 * it has one, its text. The library names the kind in neutral words ({@link Kind#noun}); a front
 * end names it as its user gave it (the command line: by its option, e.g. {@code --set}).
 *
 * @param kind what the input is
 * @param value its text as given, or {@code null} when the kind alone names it
 */
public record UserInput(Kind kind, String value) {
    /** The kinds of input that library messages name. */
    public enum Kind {
        /** A config override {@code key.path=value} on top of a config file. */
        CONFIG_OVERRIDE("config override"),
        /** Class centers given to a loss probe. */
        CLASS_CENTERS("class centers"),
        /** A share {@code i/N} of an experiment's cells. */
        CELL_SHARE("cell share"),
        /** The id of one cell of an experiment. */
        CELL("cell"),
        /** The engine chosen for this process's networks. */
        ENGINE("engine"),
        /** The name of a dataset. */
        DATASET("dataset"),
        /** A split (protocol) of a dataset. */
        SPLIT("split"),
        /** A part of a dataset's split: test or train. */
        PART("part"),
        /** A directory that output is written to. */
        OUTPUT_DIRECTORY("output directory"),
        /** Running on a cluster instead of in this process. */
        CLUSTER("cluster"),
        /** Where plugin jars are looked for: a hint, not an input at fault. */
        PLUGIN_PATH("the class path");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }

        /** How the library names this kind of input, e.g. {@code config override}. */
        public String noun() {
            return noun;
        }

        /**
         * Stands for this kind's name in the detail of a {@link DsmlException}, which a front end
         * replaces with its own name for it (e.g. {@code DSML_CLASSPATH} for the plugin path).
         */
        public String mention() {
            return "{" + name() + "}";
        }
    }

    /** An input with no text of its own, named by its kind. */
    public static UserInput of(Kind kind) {
        return new UserInput(kind, null);
    }
}
