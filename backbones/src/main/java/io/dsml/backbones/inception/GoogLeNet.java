package io.dsml.backbones.inception;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.dsml.backbones.layers.Geometry;
import io.dsml.backbones.layers.Layers;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.core.spi.ImageShape;
import java.util.List;

/**
 * Builds GoogLeNet as in the paper's Table 1 and Caffe's bvlc_googlenet: a stem (7x7/2 conv,
 * pool, 1x1 and 3x3 convs, pool), nine Inception modules (1x1, 1x1-3x3, 1x1-5x5 and pool-1x1
 * branches concatenated) in three stages separated by max pooling, 1024 features. Pooling rounds
 * up, as Caffe's does. Differences from the paper: no local response normalisation (it has no
 * parameters; later ports drop it), no auxiliary classifiers, no dropout and no classifier, since
 * the embedding head follows. With {@code batchNorm} every convolution loses its bias and gains a
 * BatchNorm (keeping the paper's 5x5 kernels). {@link Layout#TORCHVISION} is torchvision's
 * GoogLeNet exactly, so its ImageNet weights load (registered as {@code googlenet-torchvision}).
 *
 * <p>Stages for freezing: 1 = stem, 2 = inception 3a-3b, 3 = 4a-4e, 4 = 5a-5b.
 */
public final class GoogLeNet {
    /** One module's widths: 1x1; 3x3 reduce, 3x3; 5x5 reduce, 5x5; pool projection. */
    record Module(String name, int c1, int r3, int c3, int r5, int c5, int proj) {
        int out() {
            return c1 + c3 + c5 + proj;
        }
    }

    private static final List<List<Module>> STAGES = List.of(
            List.of(new Module("3a", 64, 96, 128, 16, 32, 32), new Module("3b", 128, 128, 192, 32, 96, 64)),
            List.of(
                    new Module("4a", 192, 96, 208, 16, 48, 64),
                    new Module("4b", 160, 112, 224, 24, 64, 64),
                    new Module("4c", 128, 128, 256, 24, 64, 64),
                    new Module("4d", 112, 144, 288, 32, 64, 64),
                    new Module("4e", 256, 160, 320, 32, 128, 128)),
            List.of(new Module("5a", 256, 160, 320, 32, 128, 128), new Module("5b", 384, 192, 384, 48, 128, 128)));

    /** Channels of the last module. */
    public static final int FEATURES = 1024;

    /** torchvision's BatchNorm epsilon in {@code BasicConv2d}. */
    static final float TORCHVISION_EPSILON = 1e-3f;

    /** The layouts built here. */
    public enum Layout {
        /** The paper's Table 1 / bvlc_googlenet: convolutions with bias, 5x5 branch, 3x3/2 pool4. */
        PAPER,
        /** The paper's layout with a BatchNorm (epsilon 1e-5) after every bias-free convolution. */
        PAPER_BATCH_NORM,
        /**
         * torchvision's {@code GoogLeNet}: BatchNorm with epsilon 1e-3 after every bias-free
         * convolution, a 3x3 kernel in the "5x5" branch, a 2x2/2 pool4.
         */
        TORCHVISION;

        int branch3Kernel() {
            return this == TORCHVISION ? 3 : 5;
        }

        int pool4Kernel() {
            return this == TORCHVISION ? 2 : 3;
        }
    }

    private GoogLeNet() {}

    /**
     * Builds the stages of the paper's layout.
     *
     * @param batchNorm BatchNorm after every convolution (convolutions then have no bias)
     * @throws Geometry.TooSmallException if {@code input} does not fit
     */
    public static StagedNetwork build(boolean batchNorm, ImageShape input) {
        return build(batchNorm ? Layout.PAPER_BATCH_NORM : Layout.PAPER, input);
    }

    /**
     * Builds the stages of {@code layout}.
     *
     * @throws Geometry.TooSmallException if {@code input} does not fit
     */
    public static StagedNetwork build(Layout layout, ImageShape input) {
        Geometry g = Geometry.of(layout == Layout.TORCHVISION ? "googlenet-torchvision" : "googlenet", input);
        SequentialBlock stem = new SequentialBlock()
                .add(unit(layout, 64, 7, 2, 3))
                .add(Layers.maxPool(3, 2, 0, true))
                .add(unit(layout, 64, 1, 1, 0))
                .add(unit(layout, 192, 3, 1, 1))
                .add(Layers.maxPool(3, 2, 0, true));
        g = g.conv("conv1", 7, 2, 3)
                .pool("pool1", 3, 2, 0, true)
                .conv("conv2", 3, 1, 1)
                .pool("pool2", 3, 2, 0, true);
        List<Block> stages = new java.util.ArrayList<>(List.of(stem));
        for (int s = 0; s < STAGES.size(); s++) {
            SequentialBlock stage = new SequentialBlock();
            for (Module m : STAGES.get(s)) {
                int k = layout.branch3Kernel();
                g = g.conv("inception " + m.name(), k, 1, k / 2).pool("inception " + m.name() + " pool", 3, 1, 1, true);
                stage.add(module(layout, m));
            }
            if (s < STAGES.size() - 1) {
                int kernel = s == 1 ? layout.pool4Kernel() : 3;
                stage.add(Layers.maxPool(kernel, 2, 0, true));
                g = g.pool("pool" + (s + 3), kernel, 2, 0, true);
            }
            stages.add(stage);
        }
        return new StagedNetwork(stages, FEATURES);
    }

    /**
     * torchvision's state_dict names for the {@link Layout#TORCHVISION} network, in its order:
     * {@code conv1..conv3} and each module's {@code branch1}, {@code branch2.0/1}, {@code
     * branch3.0/1}, {@code branch4.1}, every one a {@code BasicConv2d} ({@code .conv}, {@code .bn}).
     */
    public static LayerTable torchvisionNames() {
        LayerTable.Builder table = LayerTable.builder();
        for (String stem : List.of("conv1", "conv2", "conv3")) {
            basicConvNames(table, stem);
        }
        for (List<Module> modules : STAGES) {
            for (Module m : modules) {
                String prefix = "inception" + m.name() + ".";
                for (String unit :
                        List.of("branch1", "branch2.0", "branch2.1", "branch3.0", "branch3.1", "branch4.1")) {
                    basicConvNames(table, prefix + unit);
                }
            }
        }
        return table.build();
    }

    private static void basicConvNames(LayerTable.Builder table, String name) {
        table.conv(name + ".conv").batchNorm(name + ".bn");
    }

    private static Block module(Layout layout, Module m) {
        int k = layout.branch3Kernel();
        return Layers.concat(List.of(
                unit(layout, m.c1(), 1, 1, 0),
                new SequentialBlock().add(unit(layout, m.r3(), 1, 1, 0)).add(unit(layout, m.c3(), 3, 1, 1)),
                new SequentialBlock().add(unit(layout, m.r5(), 1, 1, 0)).add(unit(layout, m.c5(), k, 1, k / 2)),
                new SequentialBlock().add(Layers.maxPool(3, 1, 1, true)).add(unit(layout, m.proj(), 1, 1, 0))));
    }

    private static SequentialBlock unit(Layout layout, int filters, int kernel, int stride, int pad) {
        return switch (layout) {
            case PAPER -> Layers.convRelu(filters, kernel, stride, pad);
            case PAPER_BATCH_NORM -> Layers.convBnRelu(filters, kernel, stride, pad, false);
            case TORCHVISION -> Layers.convBnRelu(filters, kernel, stride, pad, TORCHVISION_EPSILON);
        };
    }
}
