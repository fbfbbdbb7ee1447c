package io.dsml.backbones.layers;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * DJL's {@link BatchNorm} (channels on axis 1, epsilon 1e-5 unless given, momentum 0.9) that can be frozen:
 * once {@link #freeze()} is called it normalises with its running statistics even while training,
 * never updates them, and its scale and shift get no gradient, like torchvision's
 * FrozenBatchNorm2d. The usual recipe when fine-tuning ImageNet weights with small batches.
 *
 * <p>While training, the frozen path is an explicit affine map rather than BatchNorm in inference
 * mode because MXNet refuses a BatchNorm whose mode differs from the gradient collector's; in
 * inference it is BatchNorm's inference mode itself. Parameters are saved
 * and loaded exactly as the inner BatchNorm's, so weights files do not depend on this wrapper.
 */
public final class FreezableBatchNorm extends AbstractBlock {
    /** BatchNorm's epsilon: DJL's, PyTorch's and Caffe's default. */
    public static final float EPSILON = 1e-5f;

    private final BatchNorm norm;
    private final float epsilon;
    private boolean frozen;

    /** With the default epsilon, {@value #EPSILON}. */
    public FreezableBatchNorm() {
        this(EPSILON);
    }

    /**
     * @param epsilon added to the variance (torchvision's GoogLeNet uses 1e-3)
     */
    public FreezableBatchNorm(float epsilon) {
        super((byte) 1);
        this.epsilon = epsilon;
        norm = addChildBlock("bn", BatchNorm.builder().optEpsilon(epsilon).build());
    }

    /** Uses and keeps the running statistics from now on; scale and shift stop learning. */
    public void freeze() {
        frozen = true;
        norm.freezeParameters(true);
    }

    public boolean isFrozen() {
        return frozen;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!frozen || !training) {
            // Inference normalises with the running statistics anyway: the engine's own operator
            // (one fused pass that keeps MKL-DNN's blocked layout) is 1.3x faster for a frozen
            // ResNet-50 than the two broadcast passes below (docs/results/performance.md).
            return norm.forward(parameterStore, inputs, training, params);
        }
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        // Copied into the batch's manager: an operator's result goes to its first operand's
        // manager, so scale and shift computed from the parameters themselves piled up in the
        // model's manager, seven arrays per layer and forward pass, for the whole run.
        NDManager batch = x.getManager();
        NDArray gamma = value(parameterStore, "gamma", device, training, batch);
        NDArray beta = value(parameterStore, "beta", device, training, batch);
        NDArray mean = value(parameterStore, "runningMean", device, training, batch);
        NDArray var = value(parameterStore, "runningVar", device, training, batch);
        NDArray scale = gamma.div(var.add(epsilon).sqrt());
        NDArray shift = beta.sub(mean.mul(scale));
        Shape channels = channelShape(x.getShape());
        return new NDList(x.mul(scale.reshape(channels)).add(shift.reshape(channels)));
    }

    /** A copy of the parameter's value, owned by {@code batch}. */
    private NDArray value(ParameterStore store, String name, Device device, boolean training, NDManager batch) {
        Parameter parameter = norm.getDirectParameters().get(name);
        NDArray copy = store.getValue(parameter, device, training).duplicate();
        copy.attach(batch);
        return copy;
    }

    /** [1, C, 1, ...]: broadcasts per-channel values over an input of {@code shape}. */
    private static Shape channelShape(Shape shape) {
        long[] dims = new long[shape.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[1] = shape.get(1);
        return new Shape(dims);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes);
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        norm.saveParameters(os);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        norm.loadParameters(manager, is);
    }
}
