package io.dsml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import io.dsml.core.inject.Registries;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.evaluation.Npy;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsml loss}: evaluates a registered loss (built-in or plugin) on given embeddings and
 * labels, and optionally writes dLoss/dE; {@code dsml loss --list} lists every registered loss with
 * its hyperparameters. The embeddings are used as given: only a loss that normalises by
 * definition normalises them.
 */
@Command(
        name = "loss",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluate a registered loss and dLoss/dE on given embeddings, or list the losses.",
            "Without --centers, class state is initialised as in training (seeded; vMF means from E)."
        },
        footer = {
            "",
            "Plugin losses: DSML_CLASSPATH=my-loss.jar ./dsml loss --list shows them marked [plugin]. A plugin",
            "jar lists its LossFactory in META-INF/services/io.dsml.core.spi.LossFactory; losses/README.md has a",
            "complete example (parent pom io.dsml:dsml-plugin-parent, test kit io.dsml:dsml-testkit)."
        })
public final class LossCommand extends ComponentsCommand implements Callable<Integer> {
    @Option(names = "--list", description = "List every registered loss with its hyperparameters and exit.")
    boolean list;

    @Option(names = "--loss", paramLabel = "NAME", description = "The registered loss name, e.g. triplet.")
    String lossName;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyperparameter; repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--embeddings", paramLabel = "E.npy", description = "Embeddings, float32 [n, d].")
    Path embeddings;

    @Option(names = "--labels", paramLabel = "L.npy", description = "Labels, integers [n], class indices >= 0.")
    Path labels;

    @Option(
            names = "--centers",
            paramLabel = "C.npy",
            description = "Class state, float32 [classes, d] (vMF means, proxies, class weights, centers).")
    Path centers;

    @Option(names = "--grad-out", paramLabel = "G.npy", description = "Write dLoss/dE as float32 [n, d].")
    Path gradOut;

    @Option(names = "--json", description = "Print JSON: {\"loss\": value}, or the list with --list.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            out.print(json ? listJson(registries) : listText(registries));
        } else {
            double value = evaluate(registries);
            String shown = Float.toString((float) value);
            out.println(json ? "{\"loss\": " + shown + "}" : shown);
        }
        out.flush();
        return 0;
    }

    private double evaluate(Registries registries) {
        requireOption(lossName, "--loss");
        requireOption(embeddings, "--embeddings");
        requireOption(labels, "--labels");
        LossFactory factory = registries.losses().get(lossName, "--loss");
        Params params = Params.resolve("--set " + lossName, factory.params(), parseSettings());
        LossInputs in = LossInputs.read(embeddings, labels, centers);
        // A one-class instance declares what the loss allocates (parameters are only shapes until
        // initialised), so sizes are checked before anything class-sized exists.
        MetricLoss shapeProbe = factory.create(params, new LossFactory.LossShape(1, in.d()));
        in.requireAllocatable(
                lossName, shapeProbe.classState().isPresent(), shapeProbe.needsPositivePairs(), embeddings, labels);
        if (shapeProbe.needsPositivePairs()) {
            in.requirePairs(lossName, labels);
        }
        LossProbe.Result result = evaluate(factory, params, in);
        if (!Double.isFinite(result.loss())) {
            throw new DsmlException(lossName + ": the loss is " + result.loss() + " on these inputs");
        }
        if (gradOut != null) {
            writeGradient(result.gradient(), in);
        }
        return result.loss();
    }

    private LossProbe.Result evaluate(LossFactory factory, Params params, LossInputs in) {
        // Without class state the class count only sizes nothing, so a label beyond 2^31 - 2 is fine.
        int classes = (int) Math.min(in.classes(), LossInputs.ENGINE_ARRAY_LIMIT);
        try {
            MetricLoss loss = factory.create(params, new LossFactory.LossShape(classes, in.d()));
            return LossProbe.evaluate(
                    loss, in.embeddings(), in.n(), in.d(), in.labels(), in.centers(), gradOut != null);
        } catch (OutOfMemoryError e) {
            throw new DsmlException("--loss " + lossName + ": not enough memory for " + in.n() + " embeddings of d = "
                    + in.d() + " and " + in.classes() + " classes (" + e.getMessage() + ")");
        }
    }

    private void writeGradient(float[] gradient, LossInputs in) {
        try {
            Npy.writeFloat(gradOut, gradient, in.n(), in.d());
        } catch (UncheckedIOException e) {
            throw new DsmlException("--grad-out " + gradOut + ": cannot write (" + e.getCause() + ")");
        }
    }

    private Map<String, String> parseSettings() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new DsmlException("--set " + setting + ": expected KEY=VALUE");
            }
            values.put(
                    setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        return values;
    }

    private static void requireOption(Object value, String option) {
        if (value == null) {
            throw new DsmlException(option + " is required (or use --list)");
        }
    }

    /** One block per loss: name, description, then one aligned line per hyperparameter. */
    static String listText(Registries registries) {
        Set<String> plugins = pluginNames();
        List<ParamSpec> every = registries.losses().all().values().stream()
                .flatMap(f -> f.params().stream())
                .toList();
        String row = "    %-" + width(every, ParamSpec::name) + "s  default %-"
                + width(every, p -> String.valueOf(p.defaultValue())) + "s  %-" + width(every, ParamSpec::constraint)
                + "s  %s%n";
        StringBuilder text = new StringBuilder();
        registries.losses().all().forEach((name, factory) -> {
            text.append(name)
                    .append(plugins.contains(name) ? " [plugin]" : "")
                    .append(" - ")
                    .append(factory.description())
                    .append('\n');
            if (factory.params().isEmpty()) {
                text.append("    (no hyperparameters)\n");
            }
            for (ParamSpec p : factory.params()) {
                text.append(String.format(row, p.name(), p.defaultValue(), p.constraint(), p.description()));
            }
        });
        return text.toString();
    }

    private static int width(List<ParamSpec> specs, java.util.function.Function<ParamSpec, String> column) {
        return Math.max(
                1, specs.stream().mapToInt(p -> column.apply(p).length()).max().orElse(1));
    }

    static String listJson(Registries registries) throws Exception {
        Set<String> plugins = pluginNames();
        List<Map<String, Object>> losses = new ArrayList<>();
        registries.losses().all().forEach((name, factory) -> {
            List<Map<String, Object>> params = new ArrayList<>();
            for (ParamSpec p : factory.params()) {
                Map<String, Object> param = new LinkedHashMap<>();
                param.put("name", p.name());
                param.put("type", p.type().name().toLowerCase(java.util.Locale.ROOT));
                param.put("default", p.defaultValue());
                param.put("range", p.constraint());
                param.put("description", p.description());
                params.add(param);
            }
            Map<String, Object> loss = new LinkedHashMap<>();
            loss.put("name", name);
            loss.put("plugin", plugins.contains(name));
            loss.put("description", factory.description());
            loss.put("params", params);
            losses.add(loss);
        });
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(losses) + "\n";
    }

    /** Names of the losses that came from a jar's ServiceLoader entry rather than a dsml module. */
    private static Set<String> pluginNames() {
        Set<String> names = new HashSet<>();
        ServiceLoader.load(LossFactory.class).forEach(f -> names.add(f.name()));
        return names;
    }
}
