package io.dsml.app.cli;

import io.dsml.core.spi.DatasetProvider;
import io.dsml.data.local.LocalDataset;
import io.dsml.data.locate.DataLocator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dsml datasets list}: every dataset, where dsml looks for it, and whether it is there. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List every dataset, its splits, where dsml looks for it and whether it is present.")
public final class DatasetsListCommand extends ComponentsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        PrintStream stdout = out();
        String env = System.getenv(DataLocator.DATA_ENV);
        stdout.println("$" + DataLocator.DATA_ENV + (env == null || env.isBlank() ? " is unset" : " = " + env));
        for (Map.Entry<String, DatasetProvider> e : registries.datasets().all().entrySet()) {
            DatasetProvider provider = e.getValue();
            stdout.printf("%n%-24s %s%n", e.getKey(), provider.description());
            stdout.printf("  splits: %s%n", String.join(", ", provider.splits()));
            if (provider instanceof LocalDataset local) {
                Optional<Path> found = local.find(null);
                List<Path> searched = local.searchPath(null);
                stdout.println(found.map(dir -> "  present: " + dir)
                        .orElse("  absent; searched: "
                                + (searched.isEmpty()
                                        ? "nowhere ($" + DataLocator.DATA_ENV
                                                + " is unset and the dataset has no system location; give --data-dir)"
                                        : searched.toString())));
                if (found.isEmpty()) {
                    stdout.println("  " + local.howToGet());
                }
                if (!local.downloads().isEmpty()) {
                    stdout.println("  'dsml datasets fetch " + e.getKey() + "' can download it");
                }
            } else {
                stdout.println("  bundled or provided by a plugin; no files to locate");
            }
        }
        return 0;
    }
}
