package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.data.fetch.Fetcher;
import io.dsml.data.local.LocalDataset;
import io.dsml.data.locate.DataLocator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dsml datasets fetch NAME [--data-dir DIR]}: downloads a dataset's official files with a
 * progress bar, verifies their published MD5 sums, and unpacks archives, into DIR or {@code
 * $DSML_DATA/NAME}.
 */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = "Download a dataset's official files (where a public URL exists), verify checksums and unpack.")
public final class DatasetsFetchCommand extends ComponentsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "The dataset, e.g. cifar10.")
    String name;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where to put the files (default: $DSML_DATA/NAME).")
    Path dataDir;

    @Override
    public Integer call() {
        DatasetProvider provider = registries.datasets().get(name, "NAME");
        if (!(provider instanceof LocalDataset local)) {
            throw new DsmlException(name + ": has no files to fetch (bundled or provided by a plugin)");
        }
        Path dir = target();
        Fetcher.fetch(local, dir, err());
        Path found = local.find(dir).orElse(dir);
        out().println(name + " is ready: use --data-dir " + found
                + (dataDir == null ? " (found automatically through $" + DataLocator.DATA_ENV + ")" : ""));
        return 0;
    }

    private Path target() {
        if (dataDir != null) {
            return dataDir;
        }
        String env = System.getenv(DataLocator.DATA_ENV);
        if (env == null || env.isBlank()) {
            throw new DsmlException("--data-dir: required when $" + DataLocator.DATA_ENV + " is unset");
        }
        return Path.of(env).resolve(name);
    }
}
