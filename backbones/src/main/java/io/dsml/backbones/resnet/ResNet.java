package io.dsml.backbones.resnet;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import io.dsml.backbones.layers.Geometry;
import io.dsml.backbones.layers.Layers;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.core.spi.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds ResNets: a stem, then four stages of residual blocks at widths w, 2w, 4w, 8w (w = 64 in
 * the paper), each stage after the first halving the resolution in its first block. ResNet-18 and
 * -34 use basic blocks (two 3x3 convolutions), ResNet-50 bottlenecks (1x1, 3x3, 1x1 with four
 * times the width out). Convolutions have no bias: the BatchNorm after each supplies the shift.
 *
 * <p>Stages for freezing: 1 = stem, 2..5 = conv2_x..conv5_x.
 */
public final class ResNet {
    /** Bottleneck blocks emit this many times their width. */
    static final int EXPANSION = 4;

    /** The first layers, before the residual stages. */
    public enum Stem {
        /** 7x7/2 convolution and 3x3/2 max pooling: 224 pixels become 56. */
        IMAGENET,
        /** One 3x3/1 convolution, no pooling: for 32-pixel images. */
        CIFAR;

        /** The config spelling. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One ResNet.
     *
     * @param depth 18, 34 or 50
     * @param stem the stem
     * @param width channels of the first stage (64 in the paper; smaller for quick tests)
     */
    public record Spec(int depth, Stem stem, int width) {
        public Spec {
            if (depth != 18 && depth != 34 && depth != 50) {
                throw new IllegalArgumentException("ResNet depth must be 18, 34 or 50, got " + depth);
            }
        }

        boolean bottleneck() {
            return depth >= 50;
        }

        int[] blocks() {
            return depth == 18 ? new int[] {2, 2, 2, 2} : new int[] {3, 4, 6, 3};
        }

        /** Channels of the last stage, F of the pooled output: 8w, or 32w with bottlenecks. */
        int features() {
            return width * 8 * (bottleneck() ? EXPANSION : 1);
        }
    }

    private ResNet() {}

    /**
     * Builds the stages.
     *
     * @throws Geometry.TooSmallException if {@code input} does not fit
     */
    public static StagedNetwork build(Spec spec, ImageShape input) {
        Geometry g = Geometry.of("resnet" + spec.depth(), input);
        List<Block> stages = new ArrayList<>();
        g = stem(spec, g, stages);
        int in = spec.width();
        int[] blocks = spec.blocks();
        for (int s = 0; s < blocks.length; s++) {
            int width = spec.width() << s;
            int stride = s == 0 ? 1 : 2;
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < blocks[s]; b++) {
                int blockStride = b == 0 ? stride : 1;
                g = g.conv("conv" + (s + 2) + "_" + (b + 1), 3, blockStride, 1);
                stage.add(spec.bottleneck() ? bottleneck(in, width, blockStride) : basic(in, width, blockStride));
                in = spec.bottleneck() ? width * EXPANSION : width;
            }
            stages.add(stage);
        }
        return new StagedNetwork(stages, spec.features());
    }

    private static Geometry stem(Spec spec, Geometry g, List<Block> stages) {
        if (spec.stem() == Stem.CIFAR) {
            stages.add(Layers.convBnRelu(spec.width(), 3, 1, 1, false));
            return g.conv("conv1", 3, 1, 1);
        }
        stages.add(Layers.convBnRelu(spec.width(), 7, 2, 3, false).add(Layers.maxPool(3, 2, 1, false)));
        return g.conv("conv1", 7, 2, 3).pool("pool1", 3, 2, 1, false);
    }

    /** Two 3x3 convolutions; a 1x1 projection on the shortcut when the shape changes. */
    private static Block basic(int in, int width, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(Layers.convBnRelu(width, 3, stride, 1, false))
                .add(Layers.convBn(width, 3, 1, 1, false));
        return Layers.residual(main, shortcut(in, width, stride));
    }

    /** 1x1 reduce, 3x3 (strided, as torchvision), 1x1 expand to four times the width. */
    private static Block bottleneck(int in, int width, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(Layers.convBnRelu(width, 1, 1, 0, false))
                .add(Layers.convBnRelu(width, 3, stride, 1, false))
                .add(Layers.convBn(width * EXPANSION, 1, 1, 0, false));
        return Layers.residual(main, shortcut(in, width * EXPANSION, stride));
    }

    private static Block shortcut(int in, int out, int stride) {
        return projects(in, out, stride) ? Layers.convBn(out, 1, stride, 0, false) : Blocks.identityBlock();
    }

    /** Whether a block's shortcut is a 1x1 projection (torchvision's {@code downsample}). */
    private static boolean projects(int in, int out, int stride) {
        return stride != 1 || in != out;
    }

    /**
     * torchvision's state_dict names for the network {@link #build} makes from {@code spec}, in
     * its order: {@code conv1}, {@code bn1}, then {@code layerS.B.conv1 .. bn2 (.. bn3)} and {@code
     * layerS.B.downsample.0/1} for each block.
     */
    public static LayerTable torchvisionNames(Spec spec) {
        LayerTable.Builder table = LayerTable.builder().conv("conv1").batchNorm("bn1");
        int in = spec.width();
        int[] blocks = spec.blocks();
        int convs = spec.bottleneck() ? 3 : 2;
        for (int s = 0; s < blocks.length; s++) {
            int width = spec.width() << s;
            int out = spec.bottleneck() ? width * EXPANSION : width;
            for (int b = 0; b < blocks[s]; b++) {
                String block = "layer" + (s + 1) + "." + b + ".";
                for (int c = 1; c <= convs; c++) {
                    table.conv(block + "conv" + c).batchNorm(block + "bn" + c);
                }
                if (projects(in, out, b == 0 && s > 0 ? 2 : 1)) {
                    table.conv(block + "downsample.0").batchNorm(block + "downsample.1");
                }
                in = out;
            }
        }
        return table.build();
    }
}
