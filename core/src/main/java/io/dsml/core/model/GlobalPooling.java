package io.dsml.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dsml.core.error.DsmlException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Global pooling of feature maps [B, C, H, W] to feature vectors [B, F]: the last block of every
 * pooled backbone. The embedding head may change its {@link Mode} before the network is
 * initialised (config key {@code embedding.pooling}); it has no parameters, so the mode does not
 * change the layout of a weights file.
 */
public final class GlobalPooling extends AbstractBlock {
    /** Positions after flattening H and W into one axis: PyTorch's max reduces one axis at a time. */
    private static final int[] POSITIONS = {2};

    /** How the spatial positions of each channel are reduced. */
    public enum Mode {
        /** Mean over positions (F = C): ResNet's and Inception's own head. */
        AVG("avg"),
        /** Maximum over positions (F = C). */
        MAX("max"),
        /** Mean plus maximum (F = C), as in Proxy-Anchor's and other retrieval baselines. */
        AVG_PLUS_MAX("avg+max"),
        /** Mean and maximum side by side (F = 2C). */
        CONCAT("concat");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        /** The config spelling. */
        public String key() {
            return key;
        }

        /**
         * Parses the config spelling.
         *
         * @param where the config key, for the message
         * @throws DsmlException if {@code text} names no mode
         */
        public static Mode parse(String where, String text) {
            for (Mode mode : values()) {
                if (mode.key.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
            throw new DsmlException(where + ": '" + text + "' is not one of " + keys());
        }

        /** All config spellings, for messages. */
        public static String keys() {
            return Arrays.stream(values()).map(Mode::key).collect(Collectors.joining(", "));
        }
    }

    private Mode mode;

    public GlobalPooling(Mode mode) {
        super((byte) 1);
        this.mode = Objects.requireNonNull(mode);
    }

    public Mode mode() {
        return mode;
    }

    /** Changes the reduction; only before the block is initialised (the output width may change). */
    public void setMode(Mode mode) {
        if (isInitialized()) {
            throw new IllegalStateException("pooling mode must be set before initialisation");
        }
        this.mode = Objects.requireNonNull(mode);
    }

    /** The last {@link GlobalPooling} in {@code block}'s tree (depth first), or {@code null}. */
    public static GlobalPooling findLast(Block block) {
        GlobalPooling found = block instanceof GlobalPooling pooling ? pooling : null;
        for (Block child : block.getChildren().values()) {
            GlobalPooling inChild = findLast(child);
            if (inChild != null) {
                found = inChild;
            }
        }
        return found;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray maps = inputs.singletonOrThrow();
        Shape shape = maps.getShape();
        NDArray flat = maps.reshape(shape.get(0), shape.get(1), -1);
        return new NDList(
                switch (mode) {
                    case AVG -> flat.mean(POSITIONS);
                    case MAX -> flat.max(POSITIONS);
                    case AVG_PLUS_MAX -> flat.mean(POSITIONS).add(flat.max(POSITIONS));
                    case CONCAT -> NDArrays.concat(new NDList(flat.mean(POSITIONS), flat.max(POSITIONS)), 1);
                });
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("global pooling expects [B, C, H, W], got " + in);
        }
        long features = mode == Mode.CONCAT ? 2 * in.get(1) : in.get(1);
        return new Shape[] {new Shape(in.get(0), features)};
    }
}
