package io.dsml.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dsml.core.spi.MetricLoss;

/**
 * The block DJL's {@code Trainer} trains: the embedding model followed by the loss. Its input is
 * {@code (images, labels)} and its output {@code (loss, embeddings)}. Putting the loss inside the
 * block makes the loss's own parameters (classifier weights, proxies) part of the model, so the
 * optimizer updates them and checkpoints save them, with no special cases. With several devices
 * the trainer runs the two halves separately (the network per device, the loss once on the
 * gathered embeddings; see {@code io.dsml.core.train.DataParallelStep}).
 */
public final class TrainingBlock extends AbstractBlock {
    private final Block embedder;
    private final MetricLoss loss;

    public TrainingBlock(Block embedder, MetricLoss loss) {
        super((byte) 1);
        this.embedder = addChildBlock("embedder", embedder);
        this.loss = addChildBlock("loss", loss);
    }

    public Block embedder() {
        return embedder;
    }

    public MetricLoss loss() {
        return loss;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        // intermediates freed as they are used: see ScopedForward
        NDArray embeddings = ScopedForward.forward(embedder, parameterStore, new NDList(inputs.get(0)), training)
                .head();
        NDArray value = loss.forward(parameterStore, new NDList(embeddings, inputs.get(1)), training)
                .head();
        return new NDList(value, embeddings);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(), embedder.getOutputShapes(new Shape[] {inputShapes[0]})[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embedder.initialize(manager, dataType, inputShapes[0]);
        Shape embeddingShape = embedder.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        loss.initialize(manager, dataType, embeddingShape, inputShapes[1]);
    }
}
