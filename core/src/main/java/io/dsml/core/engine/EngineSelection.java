package io.dsml.core.engine;

import ai.djl.engine.Engine;
import io.dsml.core.error.DsmlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one place that decides which engine a command runs on. DJL's {@code Engine.getInstance()}
 * (behind {@code NDManager.newBaseManager()}, {@code Model.newInstance} and every trainer) reads
 * the system property {@code ai.djl.default_engine} on each call, so setting it before the first
 * network is built moves everything that follows to the chosen engine.
 *
 * <p>Precedence, strongest first: {@code --engine} on the command line, {@code engine:} in the
 * experiment's YAML, the environment variable {@code DSML_ENGINE}, the JVM's own
 * {@code -Dai.djl.default_engine} (how the PyTorch test suite is run), then MXNet.
 */
public final class EngineSelection {
    /** The environment variable that chooses the engine for every command. */
    public static final String ENVIRONMENT = "DSML_ENGINE";

    /** DJL's variable naming the folder of a libtorch to load instead of the bundled one. */
    public static final String LIBTORCH_PATH = "PYTORCH_LIBRARY_PATH";
    /** DJL's variable (or system property) naming that libtorch's build: cpu or cu128. */
    public static final String LIBTORCH_FLAVOR = "PYTORCH_FLAVOR";

    private static final String DJL_PROPERTY = "ai.djl.default_engine";
    /** What the JVM was started with, kept so that each command starts from it again. */
    private static final String JVM_DEFAULT = System.getProperty(DJL_PROPERTY);

    private static DsmlEngine commandLine;
    private static DsmlEngine current;

    private EngineSelection() {}

    /**
     * Starts a command: forgets an earlier command's {@code --engine} (commands may run one after
     * another in one JVM) and selects the default from {@code environment} or the JVM.
     */
    public static synchronized DsmlEngine startCommand(Map<String, String> environment) {
        commandLine = null;
        inferLibtorchFlavor(environment);
        String fromEnvironment = environment.get(ENVIRONMENT);
        DsmlEngine engine;
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            engine = DsmlEngine.parse(fromEnvironment, ENVIRONMENT);
        } else if (JVM_DEFAULT != null && !JVM_DEFAULT.isBlank()) {
            engine = DsmlEngine.parse(JVM_DEFAULT, "-D" + DJL_PROPERTY);
        } else {
            engine = DsmlEngine.MXNET;
        }
        select(engine);
        return engine;
    }

    /**
     * With {@code PYTORCH_LIBRARY_PATH} naming a libtorch folder and no {@code PYTORCH_FLAVOR}, DJL
     * guesses the JNI bridge's flavor from the CUDA runtime it finds (cu124 next to a CUDA 12.4
     * runtime, which pytorch-jni 2.7.1 does not ship) or takes {@code cpu-precxx11} (which it does
     * not ship either). The folder says which it is: libtorch_cuda.so only comes with CUDA builds,
     * and DJL 0.36's bridge for CUDA is cu128.
     */
    static void inferLibtorchFlavor(Map<String, String> environment) {
        String folder = environment.get(LIBTORCH_PATH);
        if (folder == null || folder.isBlank() || environment.get(LIBTORCH_FLAVOR) != null) {
            return;
        }
        boolean cuda = Files.exists(Path.of(folder, "libtorch_cuda.so"));
        System.setProperty(LIBTORCH_FLAVOR, cuda ? "cu128" : "cpu");
    }

    /** The command line's {@code --engine}: wins over everything else for this command. */
    public static synchronized void fromCommandLine(String value) {
        DsmlEngine engine = DsmlEngine.parse(value);
        select(engine);
        commandLine = engine;
    }

    /**
     * An experiment's {@code engine:} (null when the file does not say): applies unless the
     * command line chose.
     *
     * @param source the config file, for the message when the engine is not usable
     * @return the engine the experiment runs on
     */
    public static synchronized DsmlEngine forExperiment(String configured, String source) {
        if (commandLine == null && configured != null) {
            select(DsmlEngine.parse(configured, source + ": engine"));
        }
        return current();
    }

    /** The engine selected now (MXNet before any command started). */
    public static synchronized DsmlEngine current() {
        return current == null ? DsmlEngine.MXNET : current;
    }

    private static void select(DsmlEngine engine) {
        current = engine; // even when it cannot run: doctor reports on the engine asked for
        if (!Engine.hasEngine(engine.djlName())) {
            throw new DsmlException("the " + engine.djlName() + " engine is not on the class path (found: "
                    + String.join(", ", Engine.getAllEngines()) + "); run 'dsml doctor'");
        }
        System.setProperty(DJL_PROPERTY, engine.djlName());
    }
}
