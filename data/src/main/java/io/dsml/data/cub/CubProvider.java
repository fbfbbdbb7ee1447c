package io.dsml.data.cub;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.data.files.FileSplits;
import io.dsml.data.files.ImageChecks;
import io.dsml.data.images.Splits;
import io.dsml.data.local.Download;
import io.dsml.data.local.LoadReport;
import io.dsml.data.local.LocalDataset;
import io.dsml.data.pipeline.PipelineParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CUB-200-2011 (Wah et al. 2011): 11,788 images of 200 bird species. Splits: {@code
 * classification} - the official {@code train_test_split.txt} (5,994 / 5,794 images, shared
 * classes); {@code retrieval} - the zero-shot protocol of Oh Song et al. 2016: classes 1-100 (5,864
 * images) for training, 101-200 (5,924) for testing; {@code retrieval-val} - classes 1-100 split
 * by class into training and validation. {@code bbox_crop} crops to {@code bounding_boxes.txt}.
 */
public final class CubProvider extends DatasetProvider.Declared implements LocalDataset {
    static final String HOMEPAGE = "https://www.vision.caltech.edu/datasets/cub_200_2011/";

    public CubProvider() {
        super(
                "cub200",
                "CUB-200-2011 birds: 11,788 images, 200 classes; zero-shot 100/100 classes",
                List.of(FileSplits.RETRIEVAL, FileSplits.CLASSIFICATION, Splits.RETRIEVAL_VALIDATION));
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> specs = new ArrayList<>(PipelineParams.specs());
        specs.add(ParamSpec.flag("bbox_crop", false, "crop each image to its box in bounding_boxes.txt"));
        specs.addAll(ImageChecks.specs());
        specs.addAll(Splits.validationSpecs());
        return specs;
    }

    @Override
    public String howToGet() {
        return "Download CUB_200_2011.tgz from " + HOMEPAGE + " (or https://data.caltech.edu/records/65de6-vp158), "
                + "unpack it and pass the CUB_200_2011 folder (or its parent) with --data-dir.";
    }

    @Override
    public List<String> markers() {
        return List.of("images.txt", "CUB_200_2011/images.txt");
    }

    @Override
    public List<Download> downloads() {
        return List.of(new Download(
                "https://data.caltech.edu/records/65de6-vp158/files/CUB_200_2011.tgz",
                "CUB_200_2011.tgz",
                "97eceeb196236b17998738112f37df78",
                true));
    }

    @Override
    public LoadReport inspect(Params params, String split, Path dataDir) {
        Path dir = locate(dataDir);
        boolean bboxCrop = params.getBoolean("bbox_crop");
        CubIndex.Index index = CubIndex.read(dir, bboxCrop);
        return FileSplits.officialOrZeroShot(
                params,
                split,
                dir,
                name(),
                index.entries(),
                i -> !index.training()[i],
                "official train_test_split.txt",
                index.classes(),
                bboxCrop);
    }
}
