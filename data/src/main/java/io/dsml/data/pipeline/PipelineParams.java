package io.dsml.data.pipeline;

import io.dsml.core.error.DsmlException;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import java.util.List;
import java.util.Locale;

/** The dataset params that configure an {@link ImagePipeline}, shared by every file-based dataset. */
public final class PipelineParams {
    private PipelineParams() {}

    /** The specs, with the usual ImageNet-backbone defaults (224 crops of 256-resized images). */
    public static List<ParamSpec> specs() {
        return List.of(
                ParamSpec.integer(
                        "image_size",
                        224,
                        8,
                        1024,
                        "output height and width (e.g. 224, or 227 for GoogLeNet/BN-Inception)"),
                ParamSpec.integer("resize", 256, 8, 2048, "shorter side before the centre (evaluation) or random crop"),
                ParamSpec.choice(
                        "train_crop",
                        "random_resized",
                        List.of("random_resized", "random", "center"),
                        "training crop: torchvision RandomResizedCrop, random square of the resized image, or centre"),
                ParamSpec.real("min_scale", 0.08, 0.01, 1.0, "smallest area fraction of a random-resized crop"),
                ParamSpec.flag("flip", true, "random horizontal flips during training"),
                ParamSpec.choice(
                        "normalize",
                        "imagenet",
                        List.of("imagenet", "none"),
                        "per-channel standardisation: ImageNet mean/std, or none (values in [0, 1])"));
    }

    /** The pipeline the resolved {@code params} describe. */
    public static ImagePipeline from(Params params) {
        int imageSize = params.getInt("image_size");
        int resize = params.getInt("resize");
        if (resize < imageSize) {
            throw new DsmlException("dataset.params.resize: " + resize + " is smaller than image_size " + imageSize);
        }
        boolean imagenet = params.getString("normalize").equals("imagenet");
        return new ImagePipeline(
                imageSize,
                resize,
                ImagePipeline.TrainCrop.valueOf(params.getString("train_crop").toUpperCase(Locale.ROOT)),
                params.getDouble("min_scale"),
                params.getBoolean("flip"),
                imagenet ? ImagePipeline.IMAGENET_MEAN : new float[] {0, 0, 0},
                imagenet ? ImagePipeline.IMAGENET_STD : new float[] {1, 1, 1});
    }
}
