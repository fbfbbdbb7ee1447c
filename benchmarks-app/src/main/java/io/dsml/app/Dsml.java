package io.dsml.app;

import com.google.inject.Injector;
import com.google.inject.spi.InjectionPoint;
import io.dsml.app.cli.BackbonesCommand;
import io.dsml.app.cli.BenchCommand;
import io.dsml.app.cli.CommandContext;
import io.dsml.app.cli.CompareCommand;
import io.dsml.app.cli.DatasetsCommand;
import io.dsml.app.cli.DoctorCommand;
import io.dsml.app.cli.EmbedCommand;
import io.dsml.app.cli.EvaluateCommand;
import io.dsml.app.cli.InputNames;
import io.dsml.app.cli.LossCommand;
import io.dsml.app.cli.ReportCommand;
import io.dsml.app.cli.ReproduceCommand;
import io.dsml.app.cli.SearchCommand;
import io.dsml.app.cli.TrainCommand;
import io.dsml.app.cli.TuneCommand;
import io.dsml.app.inject.AppInjector;
import io.dsml.core.engine.EngineSelection;
import io.dsml.core.engine.NativeLibraries;
import io.dsml.core.error.DsmlException;
import io.dsml.core.train.Cancellation;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dsml} command line. Expected failures ({@link DsmlException}: bad input, unknown
 * names, missing files) print one line, naming the inputs by their options ({@link InputNames}),
 * and exit with 2; usage errors exit with 2 too; anything else is a bug and shows its stack trace
 * with exit code 1.
 */
@Command(
        name = "dsml",
        mixinStandardHelpOptions = true,
        version = "dsml 0.1.0",
        description = "Directional-statistics deep metric learning: the vMF loss and its baselines on DJL.",
        footer = {
            "",
            "Environment:",
            "  DSML_CLASSPATH  (./dsml) extra jars, ':'-separated: plugins (losses,",
            "                  backbones, datasets, samplers) that list their classes in",
            "                  META-INF/services/io.dsml.core.spi.<Kind>",
            "                  (see losses/README.md)",
            "  DSML_JAVA_OPTS  (./dsml) JVM options (default -Xmx8g -Xmn64m)",
            "  DSML_DATA       where datasets are looked for (see 'dsml datasets list')",
            "  DSML_ENGINE     mxnet (default) or pytorch, as --engine",
            "  PYTORCH_LIBRARY_PATH  a libtorch 2.7.1 lib/ folder used instead of the",
            "                  bundled CPU one (a CUDA build for GPUs: README, Engines)",
            "  DSML_OFFLINE    (./dsml) false lets DJL download a libtorch (default true)"
            // each line fits picocli's 80 columns: a longer one is wrapped without its indentation
        },
        subcommands = {
            TrainCommand.class,
            ReproduceCommand.class,
            EvaluateCommand.class,
            CompareCommand.class,
            TuneCommand.class,
            ReportCommand.class,
            EmbedCommand.class,
            SearchCommand.class,
            BenchCommand.class,
            DatasetsCommand.class,
            LossCommand.class,
            BackbonesCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Dsml implements Runnable, CommandContext {
    /** Exit code for usage and input errors. */
    public static final int INPUT_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Cancellation cancellation;

    /** The command line whose training nothing cancels. */
    public Dsml() {
        this(new Cancellation());
    }

    private Dsml(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    /** {@code --engine}, before or after the subcommand's name; applied when the command starts. */
    @CommandLine.Option(
            names = "--engine",
            paramLabel = "ENGINE",
            scope = CommandLine.ScopeType.INHERIT,
            description = "The engine networks run on: mxnet (default) or pytorch; overrides the experiment's "
                    + "engine: and DSML_ENGINE.")
    String engine;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Held so the level sticks: netlib warns on every start that its Java 16+ vector BLAS is absent. */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

    /** How long a signalled JVM waits for training to stop; a GoogLeNet step plus a checkpoint. */
    private static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(120);

    public static void main(String[] args) {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        NativeLibraries.initialise();
        Cancellation cancellation = new Cancellation();
        // SIGTERM/SIGINT: training stops between steps and checkpoints before the JVM goes down.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopTraining(cancellation), "dsml-stop"));
        int code;
        try {
            code = commandLine(cancellation).execute(args);
        } finally {
            cancellation.reported(); // the command has returned and said how it stopped
        }
        System.exit(code);
    }

    /**
     * The shutdown hook: cancels the command's training and holds the JVM's shutdown, up to a
     * grace period, until training has left the engine and the command has reported the stop.
     * Says at once that the stop was seen: the step or pass batch under way may take a while.
     */
    private static void stopTraining(Cancellation cancellation) {
        if (cancellation.cancel()) {
            System.err.println("dsml: stop requested by a signal; training stops after the step or inference "
                    + "batch under way and keeps a checkpoint to resume from");
            System.err.flush();
        }
        cancellation.awaitStopped(STOP_GRACE);
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * What one in-process run of the command line printed.
     *
     * @param exitCode the command's exit code
     * @param out what it wrote to standard output
     * @param err what it wrote to standard error
     */
    public record Captured(int exitCode, String out, String err) {}

    /**
     * Runs the command line in this JVM and returns what it printed (for tests and the plugin test
     * kit). The command line gets writers of its own, so runs on several threads at once keep their
     * output apart; what the JVM prints outside a command (logs) still goes to the process's
     * streams.
     */
    public static Captured executeCaptured(String... args) {
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        CommandLine cli = commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return new Captured(code, out.toString(), err.toString());
    }

    static CommandLine commandLine() {
        return commandLine(new Cancellation(), AppInjector::create);
    }

    /** The command line, its training cancelled by {@code cancellation}. */
    static CommandLine commandLine(Cancellation cancellation) {
        return commandLine(cancellation, AppInjector::create);
    }

    /** The command line, assembling dsml with {@code assembly} (for tests). */
    static CommandLine commandLine(Supplier<Injector> assembly) {
        return commandLine(new Cancellation(), assembly);
    }

    /**
     * The command line, its training cancelled by {@code cancellation}, assembling dsml with
     * {@code assembly} when a command that needs its components runs: the one injector of this
     * entry point, whose components are injected into the commands ({@code @Inject} fields) and
     * passed down from there.
     */
    static CommandLine commandLine(Cancellation cancellation, Supplier<Injector> assembly) {
        Dsml dsml = new Dsml(cancellation);
        CommandLine cli = new CommandLine(dsml);
        cli.setExecutionStrategy(parseResult -> {
            // Every way of running the command line (main, and in-process runs: tests, the plugin test
            // kit) sets the JVM up alike: a JVM whose engine started first trains and evaluates with
            // other BLAS libraries, and its numbers differ from a dsml process's.
            NativeLibraries.initialise();
            try {
                selectEngine(dsml);
            } catch (DsmlException e) {
                // doctor is the command that explains an engine that cannot be used
                if (!isDoctor(parseResult)) {
                    parseResult.commandSpec().commandLine().getErr().println("dsml: " + InputNames.message(e));
                    parseResult.commandSpec().commandLine().getErr().flush();
                    return INPUT_ERROR;
                }
            }
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            try {
                injectComponents(parseResult, assembly);
            } catch (DsmlException e) {
                parseResult.commandSpec().commandLine().getErr().println("dsml: " + InputNames.message(e));
                parseResult.commandSpec().commandLine().getErr().flush();
                return INPUT_ERROR;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            DsmlException input = findInputError(e);
            if (input != null) {
                err.println("dsml: " + InputNames.message(input));
                err.flush();
                return INPUT_ERROR;
            }
            throw e;
        });
        return cli;
    }

    /**
     * Injects dsml's components into the commands being run (a subcommand and its parents). The
     * injector is built only if one of them declares a component: a command that needs none runs
     * even when the class path cannot be assembled (e.g. a plugin reusing a built-in name).
     */
    private static void injectComponents(CommandLine.ParseResult parseResult, Supplier<Injector> assembly) {
        List<Object> commands = parseResult.asCommandLineList().stream()
                .map(CommandLine::getCommand)
                .filter(command -> !InjectionPoint.forInstanceMethodsAndFields(command.getClass())
                        .isEmpty())
                .toList();
        if (!commands.isEmpty()) {
            Injector injector = assembly.get();
            commands.forEach(injector::injectMembers);
        }
    }

    /** The engine for this command: DSML_ENGINE or the default, then {@code --engine}. */
    private static void selectEngine(Dsml dsml) {
        EngineSelection.startCommand(System.getenv());
        if (dsml.engine != null) {
            EngineSelection.fromCommandLine(dsml.engine);
        }
    }

    private static boolean isDoctor(CommandLine.ParseResult parseResult) {
        return parseResult.hasSubcommand()
                && parseResult.subcommand().commandSpec().name().equals("doctor");
    }

    private static DsmlException findInputError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DsmlException d) {
                return d;
            }
        }
        return null;
    }
}
