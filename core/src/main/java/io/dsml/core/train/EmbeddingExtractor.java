package io.dsml.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.dsml.core.data.Batch;
import io.dsml.core.data.BatchAssembler;
import io.dsml.core.data.PrefetchingBatches;
import io.dsml.core.data.SequentialBatches;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.LabeledImages;
import io.dsml.evaluation.EmbeddingSet;

/**
 * Runs the embedding network in inference mode (BatchNorm uses running statistics, no
 * augmentation) over a whole split. Each batch lives in its own sub-manager; only plain Java
 * arrays leave it. Every batch has the same shape (the last is padded, see {@link
 * SequentialBatches#uniform}), and the trainer passes its training batch size: on MXNet with
 * MKL-DNN on 2 cores, a refresh pass of conv-2 between training epochs took 0.40-0.45 s at the
 * training batch of 128 and 0.8-0.85 s at 256 (docs/results/performance.md), larger batches being
 * no faster on CPU once per-operator overhead is amortised.
 */
public final class EmbeddingExtractor {
    private final Block embedder;
    private final NDManager manager;
    private final int batchSize;

    /**
     * @param manager the parent of each batch's sub-manager (its device is the one used)
     */
    public EmbeddingExtractor(Block embedder, NDManager manager, int batchSize) {
        this.embedder = embedder;
        this.manager = manager;
        this.batchSize = batchSize;
    }

    /** Embeddings of every sample, in index order. */
    public EmbeddingSet embed(LabeledImages data) {
        return run(data, null).embeddings();
    }

    /**
     * Embeddings of every sample and, if {@code scorer} is given, the class each is assigned to
     * (argmax of the scores).
     */
    public Extraction run(LabeledImages data, ClassScorer scorer) {
        int n = data.size();
        int[] predictions = scorer == null ? null : new int[n];
        float[] all = null;
        int dim = -1;
        BatchAssembler assembler = new BatchAssembler(data, false, 0L);
        int offset = 0;
        try (PrefetchingBatches batches =
                new PrefetchingBatches(assembler, SequentialBatches.uniform(n, batchSize), 0)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                int real = Math.min(batch.size(), n - offset);
                try (NDManager scope = manager.newSubManager()) {
                    ParameterStore store = new ParameterStore(scope, false);
                    NDArray images = scope.create(batch.images(), data.shape().batchShape(batch.size()));
                    NDArray embeddings = embedder.forward(store, new NDList(images), false).head();
                    float[] values = embeddings.toFloatArray();
                    if (all == null) {
                        dim = values.length / batch.size();
                        all = new float[n * dim];
                    }
                    System.arraycopy(values, 0, all, offset * dim, real * dim);
                    if (scorer != null) {
                        long[] argmax = scorer.scores(store, embeddings).argMax(1).toLongArray();
                        for (int i = 0; i < real; i++) {
                            predictions[offset + i] = (int) argmax[i];
                        }
                    }
                }
                offset += real;
            }
        }
        return new Extraction(new EmbeddingSet(all, n, dim, data.labels()), predictions);
    }

    /** The device the network runs on. */
    public Device device() {
        return manager.getDevice();
    }

    /**
     * @param embeddings one row per sample
     * @param predictions predicted class per sample, or {@code null} without a scorer
     */
    public record Extraction(EmbeddingSet embeddings, int[] predictions) {}
}
