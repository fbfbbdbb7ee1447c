package io.dsml.backbones.inception;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.dsml.backbones.layers.Geometry;
import io.dsml.backbones.layers.Layers;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.core.spi.ImageShape;
import java.util.List;

/**
 * Builds GoogLeNet as in the paper's Table 1 and Caffe's bvlc_googlenet: a stem (7x7/2 conv,
 * pool, 1x1 and 3x3 convs, pool), nine Inception modules (1x1, 1x1-3x3, 1x1-5x5 and pool-1x1
 * branches concatenated) in three stages separated by max pooling, 1024 features. Pooling rounds
 * up, as Caffe's does. Differences from the paper: no local response normalisation (it has no
 * parameters; later ports drop it), no auxiliary classifiers, no dropout and no classifier, since
 * the embedding head follows. With {@code batchNorm} every convolution loses its bias and gains a
 * BatchNorm (torchvision's variant, keeping the paper's 5x5 kernels).
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

    private GoogLeNet() {}

    /**
     * Builds the stages.
     *
     * @param batchNorm BatchNorm after every convolution (convolutions then have no bias)
     * @throws Geometry.TooSmallException if {@code input} does not fit
     */
    public static StagedNetwork build(boolean batchNorm, ImageShape input) {
        Geometry g = Geometry.of("googlenet", input);
        SequentialBlock stem = new SequentialBlock()
                .add(unit(batchNorm, 64, 7, 2, 3))
                .add(Layers.maxPool(3, 2, 0, true))
                .add(unit(batchNorm, 64, 1, 1, 0))
                .add(unit(batchNorm, 192, 3, 1, 1))
                .add(Layers.maxPool(3, 2, 0, true));
        g = g.conv("conv1", 7, 2, 3)
                .pool("pool1", 3, 2, 0, true)
                .conv("conv2", 3, 1, 1)
                .pool("pool2", 3, 2, 0, true);
        List<Block> stages = new java.util.ArrayList<>(List.of(stem));
        for (int s = 0; s < STAGES.size(); s++) {
            SequentialBlock stage = new SequentialBlock();
            for (Module m : STAGES.get(s)) {
                g = g.conv("inception " + m.name(), 5, 1, 2).pool("inception " + m.name() + " pool", 3, 1, 1, true);
                stage.add(module(batchNorm, m));
            }
            if (s < STAGES.size() - 1) {
                stage.add(Layers.maxPool(3, 2, 0, true));
                g = g.pool("pool" + (s + 3), 3, 2, 0, true);
            }
            stages.add(stage);
        }
        return new StagedNetwork(stages, FEATURES);
    }

    private static Block module(boolean batchNorm, Module m) {
        return Layers.concat(List.of(
                unit(batchNorm, m.c1(), 1, 1, 0),
                new SequentialBlock().add(unit(batchNorm, m.r3(), 1, 1, 0)).add(unit(batchNorm, m.c3(), 3, 1, 1)),
                new SequentialBlock().add(unit(batchNorm, m.r5(), 1, 1, 0)).add(unit(batchNorm, m.c5(), 5, 1, 2)),
                new SequentialBlock().add(Layers.maxPool(3, 1, 1, true)).add(unit(batchNorm, m.proj(), 1, 1, 0))));
    }

    private static SequentialBlock unit(boolean batchNorm, int filters, int kernel, int stride, int pad) {
        return batchNorm
                ? Layers.convBnRelu(filters, kernel, stride, pad, false)
                : Layers.convRelu(filters, kernel, stride, pad);
    }
}
