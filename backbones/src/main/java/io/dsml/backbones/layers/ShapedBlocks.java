package io.dsml.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Parameter-free blocks that state their output shapes. DJL's lambda and parallel blocks find
 * their output shape by running on zero arrays, and initialisation asks for the shapes of nested
 * blocks again at every level; for a 50-layer network that made initialisation cost more than a
 * training step. These compute the shape arithmetically.
 */
final class ShapedBlocks {
    private ShapedBlocks() {}

    /** ReLU. */
    static final class Relu extends AbstractBlock {
        Relu() {
            super((byte) 1);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            return new NDList(Activation.relu(inputs.singletonOrThrow()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    /** Square max or average pooling over [B, C, H, W]. */
    static final class Pooling extends AbstractBlock {
        private final boolean max;
        private final int kernel;
        private final int stride;
        private final int pad;
        private final boolean ceil;

        Pooling(boolean max, int kernel, int stride, int pad, boolean ceil) {
            super((byte) 1);
            this.max = max;
            this.kernel = kernel;
            this.stride = stride;
            this.pad = pad;
            this.ceil = ceil;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray x = inputs.singletonOrThrow();
            Shape k = new Shape(kernel, kernel);
            Shape s = new Shape(stride, stride);
            Shape pd = new Shape(pad, pad);
            // Padded positions count as zeros in the average, as in Caffe.
            return new NDList(max ? Pool.maxPool2d(x, k, s, pd, ceil) : Pool.avgPool2d(x, k, s, pd, ceil, true));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {new Shape(in.get(0), in.get(1), out(in.get(2)), out(in.get(3)))};
        }

        private long out(long size) {
            long span = size + 2L * pad - kernel;
            long n = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
            return ceil && pad > 0 && (n - 1) * stride >= size + pad ? n - 1 : n;
        }
    }

    /** Branches on the same input, outputs concatenated along channels. */
    static final class Concat extends ParallelBlock {
        Concat(List<Block> branches) {
            super(
                    outputs -> {
                        NDList heads = new NDList(outputs.size());
                        outputs.forEach(o -> heads.add(o.singletonOrThrow()));
                        return new NDList(NDArrays.concat(heads, 1));
                    },
                    branches);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            long channels = 0;
            Shape first = null;
            for (Block branch : getChildren().values()) {
                Shape out = branch.getOutputShapes(inputShapes)[0];
                first = first == null ? out : first;
                channels += out.get(1);
            }
            return new Shape[] {new Shape(first.get(0), channels, first.get(2), first.get(3))};
        }
    }

    /** {@code relu(main(x) + shortcut(x))}. */
    static final class Residual extends ParallelBlock {
        Residual(Block main, Block shortcut) {
            super(
                    outputs -> {
                        NDArray sum = outputs.get(0)
                                .singletonOrThrow()
                                .add(outputs.get(1).singletonOrThrow());
                        return new NDList(Activation.relu(sum));
                    },
                    List.of(main, shortcut));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return getChildren().valueAt(0).getOutputShapes(inputShapes);
        }
    }
}
