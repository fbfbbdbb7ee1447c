package io.dsml.core.engine;

import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The engines dsml is built with, by the name users type and the name DJL registers. */
public enum DsmlEngine {
    /** Apache MXNet 1.9.1 (MKL build): the default. */
    MXNET("mxnet", "MXNet"),
    /** PyTorch 2.7.1 through DJL's JNI bridge; its libtorch from the native jar or PYTORCH_LIBRARY_PATH. */
    PYTORCH("pytorch", "PyTorch");

    private final String key;
    private final String djlName;

    DsmlEngine(String key, String djlName) {
        this.key = key;
        this.djlName = djlName;
    }

    /** The name on the command line, in YAML and in {@code DSML_ENGINE}. */
    public String key() {
        return key;
    }

    /** The name DJL registers the engine under ({@code Engine.getEngine}). */
    public String djlName() {
        return djlName;
    }

    /**
     * The engine named {@code value} (either spelling, any case).
     *
     * @param where what to name in the message when the value is not an engine (an option, a file's key)
     */
    public static DsmlEngine parse(String value, String where) {
        return find(value).orElseThrow(() -> new DsmlException(where + ": " + unknown(value)));
    }

    /**
     * {@code value} as the engine chosen on a front end ({@link UserInput.Kind#ENGINE}).
     *
     * @throws DsmlException naming the input if no engine has that name
     */
    public static DsmlEngine parse(String value) {
        return find(value).orElseThrow(() -> new DsmlException(UserInput.of(UserInput.Kind.ENGINE), unknown(value)));
    }

    private static java.util.Optional<DsmlEngine> find(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(engine -> engine.key.equals(wanted)
                        || engine.djlName.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    private static String unknown(String value) {
        return "unknown engine '" + value + "' (one of: " + keys() + ")";
    }

    /** Every engine's key, comma-separated, for messages. */
    public static String keys() {
        return Arrays.stream(values()).map(DsmlEngine::key).collect(Collectors.joining(", "));
    }
}
