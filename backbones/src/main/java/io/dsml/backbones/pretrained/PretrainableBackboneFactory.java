package io.dsml.backbones.pretrained;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.dsml.backbones.layers.Geometry;
import io.dsml.backbones.layers.InputTransform;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.core.error.DsmlException;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.NamedComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Base of the ImageNet-era backbones: builds the architecture as a {@link StagedNetwork}, ends it
 * with global average pooling, and adds the hyperparameters every such backbone shares:
 *
 * <ul>
 *   <li>{@code weights}: a DJL {@code .params} file or model directory to start from, or (for
 *       architectures with a {@link #layerTable}) a PyTorch {@code .pth}, {@code .safetensors} or
 *       {@code .npz} state_dict, mapped by name (default: none, random initialisation);
 *   <li>{@code input_transform}: {@code none}, or {@code caffe-bgr} to feed Caffe-ported weights
 *       the BGR 0-255 mean-subtracted input they expect (see {@link InputTransform#caffeBgr});
 *   <li>{@code freeze_bn}: use and keep the BatchNorm statistics, scale and shift (default false);
 *   <li>{@code freeze_stages}: freeze the first N stages, the stem being stage 1 (default 0).
 * </ul>
 */
public abstract class PretrainableBackboneFactory extends NamedComponent implements BackboneFactory {
    private static final String INPUT_AS_IS = "none";
    private static final String INPUT_CAFFE_BGR = "caffe-bgr";

    /** Largest square side tried when looking for the smallest valid input. */
    private static final int MAX_SIDE = 1024;

    /**
     * @param name the registered name, e.g. {@code resnet50}
     * @param description one line for {@code dsml backbones list}
     */
    protected PretrainableBackboneFactory(String name, String description) {
        super(name, description);
    }

    /** The architecture's own hyperparameters. */
    protected abstract List<ParamSpec> architectureParams();

    /** How many stages {@link #build} returns (the range of {@code freeze_stages}). */
    protected abstract int stageCount();

    /**
     * Builds the stages for {@code input}.
     *
     * @throws Geometry.TooSmallException if the input does not fit the architecture
     */
    protected abstract StagedNetwork build(Params params, ImageShape input);

    /**
     * The source framework's names of this architecture's layers, for loading foreign state_dicts;
     * empty if it has no published weights in such a layout.
     */
    protected Optional<LayerTable> layerTable(Params params) {
        return Optional.empty();
    }

    /** A transform the architecture itself puts in front (torchvision GoogLeNet's {@code transform_input}). */
    protected Optional<Block> architectureInputTransform(Params params) {
        return Optional.empty();
    }

    @Override
    public final List<ParamSpec> params() {
        List<ParamSpec> specs = new ArrayList<>(architectureParams());
        specs.add(ParamSpec.choice(
                "weights",
                "",
                List.of(),
                "DJL .params file/model directory, or a .pth/.safetensors/.npz state_dict (empty: random init)"));
        specs.add(ParamSpec.choice(
                "input_transform",
                INPUT_AS_IS,
                List.of(INPUT_AS_IS, INPUT_CAFFE_BGR),
                "caffe-bgr: turn ImageNet-normalised RGB into Caffe's BGR 0-255 minus [104,117,128]"));
        specs.add(ParamSpec.flag("freeze_bn", false, "keep BatchNorm statistics, scale and shift fixed"));
        specs.add(ParamSpec.integer("freeze_stages", 0, 0, stageCount(), "freeze the first N stages (1 = the stem)"));
        return specs;
    }

    @Override
    public final Block create(Params params, ImageShape input) {
        StagedNetwork net = buildChecked(params, input);
        Freezing.apply(net, params.getBoolean("freeze_bn"), params.getInt("freeze_stages"));
        SequentialBlock block = net.assemble(inputTransforms(params, input));
        String weights = params.getString("weights");
        if (weights.isBlank()) {
            return block;
        }
        Path file = WeightsFile.resolve(weights);
        return new PretrainedBlock(block, file, name(), layerTable(params).orElse(null));
    }

    private List<Block> inputTransforms(Params params, ImageShape input) {
        List<Block> transforms = new ArrayList<>();
        if (params.getString("input_transform").equals(INPUT_CAFFE_BGR)) {
            transforms.add(InputTransform.caffeBgr());
        }
        architectureInputTransform(params).ifPresent(transforms::add);
        if (!transforms.isEmpty() && input.channels() != 3) {
            throw new DsmlException(
                    name() + ": the input transform needs 3-channel (RGB) input, got " + Geometry.describe(input));
        }
        return transforms;
    }

    private StagedNetwork buildChecked(Params params, ImageShape input) {
        try {
            return build(params, input);
        } catch (Geometry.TooSmallException e) {
            throw new DsmlException(e.getMessage() + hint(params, input));
        }
    }

    /** Where the nearest square inputs that fit are: the smallest one, or those either side. */
    private String hint(Params params, ImageShape input) {
        int side = Math.max(input.height(), input.width());
        int smallest = nextFitting(params, input.channels(), 1, 1);
        if (smallest < 0) {
            return "";
        }
        String c = input.channels() + "x";
        if (side < smallest) {
            return "; the smallest square input that fits is " + c + smallest + "x" + smallest;
        }
        int below = nextFitting(params, input.channels(), side, -1);
        int above = nextFitting(params, input.channels(), side, 1);
        return "; square inputs that fit nearby: " + c + below + "x" + below
                + (above > 0 ? " and " + c + above + "x" + above : "");
    }

    /** The first side from {@code start} in direction {@code step} that fits, or -1. */
    private int nextFitting(Params params, int channels, int start, int step) {
        for (int side = start; side >= 1 && side <= MAX_SIDE; side += step) {
            try {
                build(params, new ImageShape(channels, side, side));
                return side;
            } catch (Geometry.TooSmallException e) {
                // keep looking
            }
        }
        return -1;
    }
}
