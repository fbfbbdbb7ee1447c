package io.dsml.core.spi;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a dataset by registered name from local files and splits it by a named protocol.
 */
public interface DatasetProvider {

    /** The registered name, e.g. {@code fashion-mnist}. */
    String name();

    /** One line for {@code dsml datasets list}. */
    String description();

    /** The split protocols this dataset supports, e.g. {@code classification}, {@code retrieval}. */
    List<String> splits();

    /** The options, with defaults. */
    List<ParamSpec> params();

    /**
     * Loads the dataset.
     *
     * @param params options resolved against {@link #params()}
     * @param split one of {@link #splits()}
     * @param dataDir the directory given by the user, or {@code null} to search the defaults
     * @throws io.dsml.core.error.DsmlException naming what is missing or malformed
     */
    DatasetSplits load(Params params, String split, Path dataDir);

    /**
     * A provider whose name, description and split protocols are fixed when it is made: a dataset
     * then states them once, in its constructor, and implements only {@link #params()} and
     * {@link #load}.
     */
    abstract class Declared extends NamedComponent implements DatasetProvider {
        private final List<String> splits;

        protected Declared(String name, String description, List<String> splits) {
            super(name, description);
            this.splits = List.copyOf(splits);
        }

        @Override
        public final List<String> splits() {
            return splits;
        }
    }
}
