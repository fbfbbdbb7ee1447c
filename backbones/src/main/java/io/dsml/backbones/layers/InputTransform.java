package io.dsml.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dsml.core.model.Scalars;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed per-channel affine map with a channel permutation, {@code y[:, c] = x[:, from[c]] *
 * scale[c] + shift[c]}, at the front of a backbone: it turns dsml's input convention (RGB in
 * [0, 1], normalised by the ImageNet mean and std) into the one a set of weights was trained with.
 * Exact, unlike folding the map into the first convolution, which would be wrong at the padded
 * borders. It has no parameters and saves nothing, so weights files are the same with or without
 * it.
 */
public final class InputTransform extends AbstractBlock {
    /** dsml's (torchvision's) normalisation: RGB mean and standard deviation of ImageNet. */
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** The Caffe BN-Inception's per-channel means, in its BGR order. */
    private static final float[] CAFFE_BGR_MEAN = {104, 117, 128};

    private final int[] from;
    private final float[] scale;
    private final float[] shift;

    private InputTransform(int[] from, float[] scale, float[] shift) {
        super((byte) 1);
        this.from = from.clone();
        this.scale = scale.clone();
        this.shift = shift.clone();
    }

    /**
     * To Caffe's convention (pretrainedmodels' {@code bninception}: BGR, 0-255, minus
     * [104, 117, 128]): with p = x * std + mean the [0, 1] RGB pixel, channel j of the output is
     * 255 p[2 - j] - mean_bgr[j].
     */
    public static InputTransform caffeBgr() {
        int[] from = {2, 1, 0};
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int j = 0; j < 3; j++) {
            int c = from[j];
            scale[j] = 255f * STD[c];
            shift[j] = 255f * MEAN[c] - CAFFE_BGR_MEAN[j];
        }
        return new InputTransform(from, scale, shift);
    }

    /**
     * torchvision GoogLeNet's {@code transform_input}: from ImageNet normalisation to (p - 0.5) /
     * 0.5, the input its Caffe-ported weights expect: x * std / 0.5 + (mean - 0.5) / 0.5.
     */
    public static InputTransform torchvisionGoogLeNet() {
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = STD[c] / 0.5f;
            shift[c] = (MEAN[c] - 0.5f) / 0.5f;
        }
        return new InputTransform(new int[] {0, 1, 2}, scale, shift);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        List<NDArray> channels = new ArrayList<>();
        for (int c = 0; c < from.length; c++) {
            channels.add(Scalars.mul(x.get(":, " + from[c] + ":" + (from[c] + 1)), scale[c])
                    .add(shift[c]));
        }
        return new NDList(NDArrays.concat(new NDList(channels), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no parameters, no children
    }

    @Override
    public void saveParameters(DataOutputStream os) {
        // nothing to save: the map is fixed by construction
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) {
        // nothing saved
    }
}
