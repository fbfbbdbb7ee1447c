package io.dsml.data.mnist;

import io.dsml.core.data.SubsetImages;
import io.dsml.core.error.DsmlException;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import io.dsml.data.images.InMemoryImages;
import io.dsml.data.images.Splits;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded default data: the official Fashion-MNIST test files (10,000 images), bundled in the
 * jar, so dsml runs on a machine without any dataset. Splits: {@code classification} - stratified
 * by a fixed seed into 8,000 training and 2,000 test images; {@code retrieval} - classes 0-4 for
 * training, 5-9 for testing; {@code validation} - the classification split's training part, split
 * again the same way, for choosing hyperparameters without touching the test part; {@code
 * retrieval-val} - classes 0-4 split by class into training and validation classes (model
 * selection for the retrieval split). A data directory given for it is refused: it reads none.
 */
public final class QuickstartProvider extends DatasetProvider.Declared {
    static final String RESOURCE_DIR = "/io/dsml/data/fashion-mnist";

    public QuickstartProvider() {
        super(
                "fashion-mnist-quickstart",
                "bundled Fashion-MNIST test set (10,000 images): stratified 8,000 / 2,000 split",
                List.of("classification", "retrieval", "validation", Splits.RETRIEVAL_VALIDATION));
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> specs = new java.util.ArrayList<>(List.of(
                ParamSpec.integer("split_seed", 0, 0, null, "seed of the stratified split"),
                ParamSpec.real("test_fraction", 0.2, 0.01, 0.99, "fraction of each class held out for testing")));
        specs.addAll(Splits.validationSpecs());
        return specs;
    }

    @Override
    public DatasetSplits load(Params params, String split, Path dataDir) {
        if (dataDir != null) {
            // a directory given here was meant for a dataset that reads files; ignoring it would
            // train on the bundled data while the user believes it trained on theirs
            throw new DsmlException(name() + " is bundled in the jar and reads no data directory, but "
                    + dataDir + " was given (--data-dir or dataset.data_dir): leave it out, or name the"
                    + " dataset whose files are there (e.g. fashion-mnist)");
        }
        InMemoryImages all =
                MnistFiles.loadResource(RESOURCE_DIR, "t10k", 0.2860f, 0.3530f).named(MnistFiles.FASHION_CLASSES);
        String source = "bundled Fashion-MNIST t10k";
        if (split.equals(Splits.RETRIEVAL_VALIDATION)) {
            LabeledImages seen = new SubsetImages(all, Splits.byClass(all, c -> c < 5), true);
            return Splits.validation(seen, params, source + ", classes 0-4");
        }
        if (split.equals("retrieval")) {
            LabeledImages seen = new SubsetImages(all, Splits.byClass(all, c -> c < 5), true);
            LabeledImages unseen = new SubsetImages(all, Splits.byClass(all, c -> c >= 5), true);
            return new DatasetSplits(seen, unseen, false, source + ", classes 0-4 / 5-9");
        }
        int[][] parts = Splits.stratified(all, params.getDouble("test_fraction"), params.getInt("split_seed"));
        if (split.equals("validation")) {
            LabeledImages train = new SubsetImages(all, parts[0], false);
            int[][] inner =
                    Splits.stratified(train, params.getDouble("test_fraction"), params.getInt("split_seed") + 1L);
            return new DatasetSplits(
                    new SubsetImages(train, inner[0], false),
                    new SubsetImages(train, inner[1], false),
                    true,
                    source + ", validation split of the training part (test part untouched)");
        }
        return new DatasetSplits(
                new SubsetImages(all, parts[0], false),
                new SubsetImages(all, parts[1], false),
                true,
                source + ", stratified split seed " + params.getInt("split_seed"));
    }
}
