package io.dsml.data.cars;

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
 * Stanford Cars / Cars196: 16,185 images of 196 car models. Splits: {@code classification} - the
 * official {@code test} flag (8,144 / 8,041 images); {@code retrieval} - the zero-shot protocol:
 * classes 1-98 (8,054 images) for training, 99-196 (8,131) for testing; {@code retrieval-val} -
 * classes 1-98 split by class. {@code bbox_crop} crops to the annotated boxes. Reads {@code
 * cars_annos.mat} + {@code car_ims/}, or the devkit layout (see {@link CarsAnnotations}).
 */
public final class CarsProvider extends DatasetProvider.Declared implements LocalDataset {
    static final String HOMEPAGE = "https://ai.stanford.edu/~jkrause/cars/car_dataset.html";

    public CarsProvider() {
        super(
                "cars196",
                "Stanford Cars: 16,185 images, 196 classes; zero-shot 98/98 classes",
                List.of(FileSplits.RETRIEVAL, FileSplits.CLASSIFICATION, Splits.RETRIEVAL_VALIDATION));
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> specs = new ArrayList<>(PipelineParams.specs());
        specs.add(ParamSpec.flag("bbox_crop", false, "crop each image to its annotated bounding box"));
        specs.addAll(ImageChecks.specs());
        specs.addAll(Splits.validationSpecs());
        return specs;
    }

    @Override
    public String howToGet() {
        return "Get car_ims.tgz and cars_annos.mat (or the devkit with cars_train/, cars_test/ and "
                + "cars_test_annos_withlabels.mat) from " + HOMEPAGE
                + " (the original host is often offline; mirrors are listed by torchvision's StanfordCars docs) "
                + "and pass their folder with --data-dir.";
    }

    @Override
    public List<String> markers() {
        return List.of(CarsAnnotations.FULL, CarsAnnotations.DEVKIT_TRAIN, "devkit/" + CarsAnnotations.DEVKIT_TRAIN);
    }

    @Override
    public LoadReport inspect(Params params, String split, Path dataDir) {
        Path dir = locate(dataDir);
        boolean bboxCrop = params.getBoolean("bbox_crop");
        CarsAnnotations.Annotations annotations = CarsAnnotations.read(dir);
        return FileSplits.officialOrZeroShot(
                params,
                split,
                dir,
                name(),
                annotations.entries(),
                i -> annotations.test()[i],
                "official test flag",
                annotations.classes(),
                bboxCrop);
    }
}
