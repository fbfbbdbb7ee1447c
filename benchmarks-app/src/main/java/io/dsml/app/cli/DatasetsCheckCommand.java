package io.dsml.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.LabeledImages;
import io.dsml.data.local.LoadReport;
import io.dsml.data.local.LocalDataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dsml datasets check NAME --data-dir DIR [--json]}: loads the dataset as training would,
 * with every listed image's header read ({@code verify_images=true}), and prints per part the image
 * and class counts. A problem is one line naming the file (and line or element) at fault and where
 * the official distribution is published; the exit code is then 2.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description =
                "Validate a dataset's layout and every file it references; print image and class counts per split.")
public final class DatasetsCheckCommand extends ComponentsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "The dataset, e.g. cub200 (see 'dsml datasets list').")
    String name;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the dataset's files are (default: the search path).")
    Path dataDir;

    @Option(
            names = "--split",
            paramLabel = "SPLIT",
            description = "The split protocol to check (default: the dataset's first).")
    String split;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A dataset param, e.g. labels=coarse (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        DatasetProvider provider = registries.datasets().get(name, "NAME");
        String protocol = split == null ? provider.splits().get(0) : split;
        if (!provider.splits().contains(protocol)) {
            throw new DsmlException("--split: '" + protocol + "' is not a split of " + name + "; valid: "
                    + String.join(", ", provider.splits()));
        }
        Map<String, Object> given = new LinkedHashMap<>(params);
        if (declares(provider.params(), "verify_images")) {
            given.putIfAbsent("verify_images", "true");
        }
        Params resolved = Params.resolve("--set", provider.params(), given);
        LoadReport report;
        try {
            report = provider instanceof LocalDataset local
                    ? local.inspect(resolved, protocol, dataDir)
                    : LoadReport.clean(provider.load(resolved, protocol, dataDir), dataDir);
        } catch (DsmlException e) {
            DsmlException failure = withSource(provider, e);
            if (json) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("name", name);
                error.put("split", protocol);
                error.put("error", InputNames.message(failure));
                out().println(new ObjectMapper().writeValueAsString(error));
            }
            throw failure;
        }
        if (json) {
            out().println(new ObjectMapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(summary(protocol, report)));
        } else {
            print(protocol, report);
        }
        return 0;
    }

    private Map<String, Object> summary(String protocol, LoadReport report) {
        Map<String, Object> splits = new LinkedHashMap<>();
        splits.put("train", counts(report.splits().train()));
        splits.put("test", counts(report.splits().test()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("split", protocol);
        out.put(
                "data_dir",
                report.directory() == null ? null : report.directory().toString());
        out.put("splits", splits);
        out.put("shared_classes", report.splits().sharedClasses());
        out.put("skipped", report.skipped());
        out.put("skipped_examples", report.skippedExamples());
        return out;
    }

    private static Map<String, Integer> counts(LabeledImages images) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("images", images.size());
        counts.put("classes", (int)
                java.util.Arrays.stream(images.labels()).distinct().count());
        return counts;
    }

    private void print(String protocol, LoadReport report) {
        PrintStream stdout = out();
        stdout.println(name + " (" + protocol + "): " + report.splits().description());
        Map<String, Integer> train = counts(report.splits().train());
        Map<String, Integer> test = counts(report.splits().test());
        stdout.printf("  train: %d images, %d classes%n", train.get("images"), train.get("classes"));
        stdout.printf(
                "  test:  %d images, %d classes%s%n",
                test.get("images"),
                test.get("classes"),
                report.splits().sharedClasses() ? " (same classes)" : " (disjoint classes)");
        if (report.skipped() > 0) {
            stdout.println("  skipped " + report.skipped() + " absent or unreadable images, e.g.:");
            report.skippedExamples().forEach(e -> stdout.println("    " + e));
        }
        stdout.println("OK");
    }

    /** Appends where the official files are published, unless the message already says so. */
    private static DsmlException withSource(DatasetProvider provider, DsmlException e) {
        if (!(provider instanceof LocalDataset local) || e.getMessage().contains(local.howToGet())) {
            return e;
        }
        return new DsmlException(e.getMessage() + ". " + local.howToGet(), e);
    }

    private static boolean declares(List<ParamSpec> specs, String param) {
        return specs.stream().anyMatch(s -> s.name().equals(param));
    }
}
