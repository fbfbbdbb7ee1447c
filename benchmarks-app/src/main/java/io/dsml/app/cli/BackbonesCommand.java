package io.dsml.app.cli;

import ai.djl.nn.Block;
import io.dsml.backbones.profile.BlockProfile;
import io.dsml.core.error.DsmlException;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.ImageShape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsml backbones ...}: what the registered backbones are and cost. */
@Command(
        name = "backbones",
        mixinStandardHelpOptions = true,
        description = "Backbone networks by name.",
        subcommands = {BackbonesCommand.ListCommand.class, BackbonesConvertCommand.class, BackbonesFeaturesCommand.class
        })
public final class BackbonesCommand extends CommandBase implements Runnable {
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code dsml backbones list [NAME...] [--input CxHxW] [-p KEY=VALUE...]}: name, parameters,
     * forward GFLOPs (2 x multiply-accumulates of convolutions and linear layers, one image) and
     * feature dimension. Without names every backbone is listed and one that does not fit the
     * input says why; with names, an unknown name, an input that does not fit or a weights file
     * that does not match is an error (exit 2). {@code -p} applies to the named backbones and
     * builds them as a config would, loading {@code weights} if given: a quick check of a file.
     */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List backbones with parameter count, forward GFLOPs (2 x MACs, one image) and features.")
    static final class ListCommand extends ComponentsCommand implements Callable<Integer> {
        private static final Pattern SHAPE = Pattern.compile("(\\d+)x(\\d+)x(\\d+)");

        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Backbones to show (default: all).")
        List<String> names = new ArrayList<>();

        @Option(
                names = "--input",
                paramLabel = "CxHxW",
                defaultValue = "3x224x224",
                description = "Input image shape (default: ${DEFAULT-VALUE}).")
        String input;

        @Option(
                names = {"-p", "--param"},
                paramLabel = "KEY=VALUE",
                description = "A hyperparameter of the named backbones, e.g. stem=cifar or weights=FILE (repeatable).")
        Map<String, String> params = new LinkedHashMap<>();

        @Override
        public Integer call() {
            ImageShape shape = parseShape(input);
            if (names.isEmpty() && !params.isEmpty()) {
                throw new DsmlException("--param: name the backbones it applies to");
            }
            boolean strict = !names.isEmpty();
            List<String> shown = strict
                    ? names
                    : new ArrayList<>(registries.backbones().all().keySet());
            PrintStream out = out();
            out.printf("backbones at %s (GFLOPs = 2 x multiply-accumulates, one image)%n", input);
            out.printf("%-21s %12s %9s %9s  %s%n", "name", "params", "GFLOPs", "features", "description");
            for (String name : shown) {
                BackboneFactory factory = registries.backbones().get(name, "backbone");
                out.println(row(factory, shape, strict));
            }
            return 0;
        }

        private String row(BackboneFactory factory, ImageShape shape, boolean strict) {
            try {
                Block block = factory.create(Params.resolve(factory.name(), factory.params(), params), shape);
                BlockProfile p = BlockProfile.measure(block, shape);
                String frozen = p.frozen() > 0 ? String.format(Locale.ROOT, " (%,d frozen)", p.frozen()) : "";
                return String.format(
                        Locale.ROOT,
                        "%-21s %,12d %9.3f %9d  %s%s",
                        factory.name(),
                        p.parameters(),
                        p.flops() / 1e9,
                        p.output().get(1),
                        factory.description(),
                        frozen);
            } catch (DsmlException | ai.djl.engine.EngineException | OutOfMemoryError failure) {
                DsmlException e = failure instanceof DsmlException d
                        ? d
                        : io.dsml.core.error.EngineFailure.explain(
                                factory.name() + " at " + input, failure, "use a smaller --input");
                if (strict) {
                    throw e;
                }
                return String.format(
                        Locale.ROOT,
                        "%-21s %12s %9s %9s  does not fit: %s",
                        factory.name(),
                        "-",
                        "-",
                        "-",
                        e.getMessage());
            }
        }

        static ImageShape parseShape(String text) {
            Matcher m = SHAPE.matcher(text.trim());
            if (!m.matches()) {
                throw new DsmlException("--input: expected CxHxW, e.g. 3x224x224, got '" + text + "'");
            }
            try {
                return new ImageShape(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (IllegalArgumentException e) {
                throw new DsmlException("--input: " + text + ": " + e.getMessage());
            }
        }
    }
}
