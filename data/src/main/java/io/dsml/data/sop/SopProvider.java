package io.dsml.data.sop;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.data.files.FileSplits;
import io.dsml.data.files.ImageChecks;
import io.dsml.data.images.Splits;
import io.dsml.data.local.LoadReport;
import io.dsml.data.local.LocalDataset;
import io.dsml.data.pipeline.PipelineParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stanford Online Products (Oh Song et al. 2016): 120,053 eBay product photos of 22,634 products
 * in 12 super-classes. Splits: {@code retrieval} - Ebay_train.txt (11,318 classes, 59,551 images)
 * / Ebay_test.txt (11,316 classes, 60,502 images); {@code retrieval-val} - Ebay_train split by
 * class. With {@code labels=super_class} both parts are labelled by the 12 shared super-classes
 * instead (a classification view).
 */
public final class SopProvider extends DatasetProvider.Declared implements LocalDataset {
    static final String HOMEPAGE = "https://cvgl.stanford.edu/projects/lifted_struct/";

    public SopProvider() {
        super(
                "sop",
                "Stanford Online Products: 120,053 images, 22,634 classes, 12 super-classes",
                List.of(FileSplits.RETRIEVAL, Splits.RETRIEVAL_VALIDATION));
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> specs = new ArrayList<>(PipelineParams.specs());
        specs.add(ParamSpec.choice(
                "labels",
                "class",
                List.of("class", "super_class"),
                "label images by product (class_id) or by one of the 12 super-classes (super_class_id)"));
        specs.addAll(ImageChecks.specs());
        specs.addAll(Splits.validationSpecs());
        return specs;
    }

    @Override
    public String howToGet() {
        return "Download Stanford_Online_Products.zip from " + HOMEPAGE
                + ", unpack it and pass the Stanford_Online_Products folder (or its parent) with --data-dir.";
    }

    @Override
    public List<String> markers() {
        return List.of("Ebay_train.txt", "Stanford_Online_Products/Ebay_train.txt");
    }

    @Override
    public LoadReport inspect(Params params, String split, Path dataDir) {
        Path dir = locate(dataDir);
        SopIndex.Index index = SopIndex.read(dir);
        boolean superClasses = params.getString("labels").equals("super_class");
        String description =
                "sop from " + dir + ", Ebay_train / Ebay_test" + (superClasses ? ", super-class labels" : "");
        // Super-classes are shared by both parts, so they are numbered as a classification split.
        String protocol = superClasses && split.equals(FileSplits.RETRIEVAL) ? FileSplits.CLASSIFICATION : split;
        return FileSplits.build(
                params,
                protocol,
                dir,
                SopIndex.entries(dir, index.train(), superClasses),
                SopIndex.entries(dir, index.test(), superClasses),
                false,
                description);
    }
}
