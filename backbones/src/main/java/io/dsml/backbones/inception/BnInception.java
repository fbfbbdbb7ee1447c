package io.dsml.backbones.inception;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.dsml.backbones.layers.Geometry;
import io.dsml.backbones.layers.Layers;
import io.dsml.backbones.pretrained.StagedNetwork;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.core.spi.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds BN-Inception (Inception v2 of the BatchNorm paper, Figure 5) as the Caffe model that
 * metric-learning work fine-tunes (Lifted Structure, Proxy-NCA, MS, Proxy-Anchor): every
 * convolution with bias, then BatchNorm and ReLU; the 5x5 branch replaced by two 3x3; average
 * pooling in the pool branch except 5b (max); modules 3c and 4e halve the resolution with strided
 * 3x3 convolutions beside a plain max-pool branch. Pooling rounds up, as Caffe's does, so the maps
 * entering 3c and 4e must have even sizes (224 gives 28 and 14). 1024 features.
 *
 * <p>Stages for freezing: 1 = stem, 2 = inception 3a-3c, 3 = 4a-4e, 4 = 5a-5b.
 */
public final class BnInception {
    /** Pool branch kinds. */
    enum PoolKind {
        AVG,
        MAX
    }

    /**
     * One module's widths: 1x1 (0 = none); 3x3 reduce, 3x3; double-3x3 reduce, double 3x3; pool
     * kind and projection (0 = none, the strided modules' pass-through).
     */
    record Module(String name, int c1, int r3, int c3, int rd, int cd, PoolKind pool, int proj, boolean strided) {}

    private static final List<List<Module>> STAGES = List.of(
            List.of(
                    new Module("3a", 64, 64, 64, 64, 96, PoolKind.AVG, 32, false),
                    new Module("3b", 64, 64, 96, 64, 96, PoolKind.AVG, 64, false),
                    new Module("3c", 0, 128, 160, 64, 96, PoolKind.MAX, 0, true)),
            List.of(
                    new Module("4a", 224, 64, 96, 96, 128, PoolKind.AVG, 128, false),
                    new Module("4b", 192, 96, 128, 96, 128, PoolKind.AVG, 128, false),
                    new Module("4c", 160, 128, 160, 128, 160, PoolKind.AVG, 128, false),
                    new Module("4d", 96, 128, 192, 160, 192, PoolKind.AVG, 128, false),
                    new Module("4e", 0, 128, 192, 192, 256, PoolKind.MAX, 0, true)),
            List.of(
                    new Module("5a", 352, 192, 320, 160, 224, PoolKind.AVG, 128, false),
                    new Module("5b", 352, 192, 320, 192, 224, PoolKind.MAX, 128, false)));

    /** Channels of the last module. */
    public static final int FEATURES = 1024;

    private BnInception() {}

    /**
     * Builds the stages.
     *
     * @throws Geometry.TooSmallException if {@code input} does not fit
     */
    public static StagedNetwork build(ImageShape input) {
        Geometry g = Geometry.of("bn-inception", input);
        SequentialBlock stem = new SequentialBlock()
                .add(unit(64, 7, 2, 3))
                .add(Layers.maxPool(3, 2, 0, true))
                .add(unit(64, 1, 1, 0))
                .add(unit(192, 3, 1, 1))
                .add(Layers.maxPool(3, 2, 0, true));
        g = g.conv("conv1", 7, 2, 3)
                .pool("pool1", 3, 2, 0, true)
                .conv("conv2", 3, 1, 1)
                .pool("pool2", 3, 2, 0, true);
        List<Block> stages = new ArrayList<>(List.of(stem));
        for (List<Module> modules : STAGES) {
            SequentialBlock stage = new SequentialBlock();
            for (Module m : modules) {
                g = geometry(g, m);
                stage.add(module(m));
            }
            stages.add(stage);
        }
        return new StagedNetwork(stages, FEATURES);
    }

    /**
     * The state_dict names of pretrainedmodels' {@code bninception} (the Caffe layer names, as in
     * the TSN and Proxy-Anchor files) for the network {@link #build} makes, in its order: each
     * unit is a convolution {@code NAME} with bias and a BatchNorm {@code NAME_bn}.
     */
    public static LayerTable pretrainedModelsNames() {
        LayerTable.Builder table = LayerTable.builder();
        for (String stem : List.of("conv1_7x7_s2", "conv2_3x3_reduce", "conv2_3x3")) {
            unitNames(table, stem);
        }
        for (List<Module> modules : STAGES) {
            for (Module m : modules) {
                String prefix = "inception_" + m.name() + "_";
                if (m.c1() > 0) {
                    unitNames(table, prefix + "1x1");
                }
                for (String unit : List.of("3x3_reduce", "3x3", "double_3x3_reduce", "double_3x3_1", "double_3x3_2")) {
                    unitNames(table, prefix + unit);
                }
                if (!m.strided()) {
                    unitNames(table, prefix + "pool_proj");
                }
            }
        }
        return table.build();
    }

    private static void unitNames(LayerTable.Builder table, String name) {
        table.conv(name).batchNorm(name + "_bn");
    }

    private static Geometry geometry(Geometry g, Module m) {
        String name = "inception " + m.name();
        if (!m.strided()) {
            return g.conv(name, 3, 1, 1).pool(name + " pool", 3, 1, 1, true);
        }
        Geometry conv = g.conv(name, 3, 2, 1);
        return conv.requireSame(name, g.pool(name + " pool", 3, 2, 0, true));
    }

    private static Block module(Module m) {
        int stride = m.strided() ? 2 : 1;
        List<Block> branches = new ArrayList<>();
        if (m.c1() > 0) {
            branches.add(unit(m.c1(), 1, 1, 0));
        }
        branches.add(new SequentialBlock().add(unit(m.r3(), 1, 1, 0)).add(unit(m.c3(), 3, stride, 1)));
        branches.add(new SequentialBlock()
                .add(unit(m.rd(), 1, 1, 0))
                .add(unit(m.cd(), 3, 1, 1))
                .add(unit(m.cd(), 3, stride, 1)));
        branches.add(poolBranch(m));
        return Layers.concat(branches);
    }

    private static Block poolBranch(Module m) {
        if (m.strided()) {
            return Layers.maxPool(3, 2, 0, true);
        }
        Block pool = m.pool() == PoolKind.MAX ? Layers.maxPool(3, 1, 1, true) : Layers.avgPool(3, 1, 1, true);
        return new SequentialBlock().add(pool).add(unit(m.proj(), 1, 1, 0));
    }

    private static SequentialBlock unit(int filters, int kernel, int stride, int pad) {
        return Layers.convBnRelu(filters, kernel, stride, pad, true);
    }
}
