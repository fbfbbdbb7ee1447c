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
import io.dsml.core.model.ScopedForward;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.LabeledImages;
import io.dsml.evaluation.EmbeddingSet;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the embedding network in inference mode (BatchNorm uses running statistics, no
 * augmentation) over a whole split. Each batch lives in its own sub-manager; only plain Java
 * arrays leave it. When the split fills at least one batch, every batch has the same shape (the
 * last is padded), so the engine reuses the kernels and buffers it set up for that shape instead
 * of building new ones for a ragged last batch on every pass. On CPU the trainer passes its
 * training batch size: with MXNet and MKL-DNN on 2 cores, a pass of conv-2 over 8,000 images
 * between training epochs took half as long at the training batch of 128 as at 256
 * (docs/results/performance.md). Not thread-safe: one pass at a time.
 */
public final class EmbeddingExtractor {
    private final Block embedder;
    private final NDManager manager;
    private final int batchSize;
    private final HostUpload upload = new HostUpload();
    private final PassMonitor monitor;

    /**
     * Watches a pass between its batches: progress, and the place where a long pass can be
     * stopped (a pass over a large training set takes minutes on a CPU).
     */
    @FunctionalInterface
    public interface PassMonitor {
        /** No progress, never stops. */
        PassMonitor NONE = (done, batches, samples) -> {};

        /**
         * Before the pass's first batch ({@code done} 0) and after each batch; may throw to stop
         * the pass (no array of the pass outlives it).
         *
         * @param done batches finished
         * @param batches the pass's batches
         * @param samples the pass's samples
         */
        void between(int done, int batches, int samples);
    }

    /**
     * @param manager the parent of each batch's sub-manager (its device is the one used)
     */
    public EmbeddingExtractor(Block embedder, NDManager manager, int batchSize) {
        this(embedder, manager, batchSize, PassMonitor.NONE);
    }

    /**
     * @param manager the parent of each batch's sub-manager (its device is the one used)
     * @param monitor called between the batches of every pass
     */
    public EmbeddingExtractor(Block embedder, NDManager manager, int batchSize, PassMonitor monitor) {
        this.embedder = embedder;
        this.manager = manager;
        this.batchSize = batchSize;
        this.monitor = monitor;
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
        return run(data, scorer, null);
    }

    /**
     * As {@link #run(LabeledImages, ClassScorer)}, also keeping every sample's class-probability
     * logits from {@code posterior} (row-major [n, classes]) when it is given.
     */
    public Extraction run(LabeledImages data, ClassScorer scorer, ClassScorer posterior) {
        int n = data.size();
        float[] logits = null;
        int classes = 0;
        int[] predictions = scorer == null ? null : new int[n];
        float[] all = null;
        int dim = -1;
        BatchAssembler assembler = new BatchAssembler(data, false, 0L);
        int offset = 0;
        // One batch shape for every batch once the set fills one: the last batch is padded.
        int rows = Math.min(n, batchSize);
        List<int[]> order = SequentialBatches.of(n, batchSize);
        int done = 0;
        monitor.between(0, order.size(), n);
        try (PrefetchingBatches batches = new PrefetchingBatches(assembler, order, 0)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                int real = batch.size();
                try (NDManager scope = manager.newSubManager()) {
                    ParameterStore store = new ParameterStore(scope, false);
                    NDArray images = upload.floats(
                            scope,
                            padRows(batch.images(), real, rows),
                            data.shape().batchShape(rows));
                    // each layer's intermediates freed as soon as used: see ScopedForward
                    NDArray embeddings = ScopedForward.forward(embedder, store, new NDList(images), false)
                            .head();
                    float[] values = embeddings.toFloatArray();
                    if (all == null) {
                        dim = values.length / rows;
                        all = new float[n * dim];
                    }
                    System.arraycopy(values, 0, all, offset * dim, real * dim);
                    if (scorer != null) {
                        long[] argmax =
                                scorer.scores(store, embeddings).argMax(1).toLongArray();
                        for (int i = 0; i < real; i++) {
                            predictions[offset + i] = (int) argmax[i];
                        }
                    }
                    if (posterior != null) {
                        float[] batchLogits =
                                posterior.scores(store, embeddings).toFloatArray();
                        if (logits == null) {
                            classes = batchLogits.length / rows;
                            logits = new float[n * classes];
                        }
                        System.arraycopy(batchLogits, 0, logits, offset * classes, real * classes);
                    }
                }
                offset += real;
                monitor.between(++done, order.size(), n);
            }
        }
        return new Extraction(new EmbeddingSet(all, n, dim, data.labels()), predictions, logits, classes);
    }

    /**
     * {@code images} holding {@code real} rows, extended to {@code rows} by repeating its last row.
     * Inference mode treats samples independently, so the extra rows change no real row's output,
     * and copying a row costs less than reading (decoding) the sample again.
     */
    static float[] padRows(float[] images, int real, int rows) {
        if (real == rows) {
            return images;
        }
        int size = images.length / real;
        float[] padded = Arrays.copyOf(images, rows * size);
        for (int r = real; r < rows; r++) {
            System.arraycopy(images, (real - 1) * size, padded, r * size, size);
        }
        return padded;
    }

    /** Rows per forward pass (the last batch is padded to it). */
    public int batchSize() {
        return batchSize;
    }

    /** The device the network runs on. */
    public Device device() {
        return manager.getDevice();
    }

    /**
     * @param embeddings one row per sample
     * @param predictions predicted class per sample, or {@code null} without a scorer
     * @param logits class-probability logits [n, classes], or {@code null} without a posterior
     * @param classes columns of {@code logits} (0 without)
     */
    public record Extraction(EmbeddingSet embeddings, int[] predictions, float[] logits, int classes) {
        /** Without logits. */
        public Extraction(EmbeddingSet embeddings, int[] predictions) {
            this(embeddings, predictions, null, 0);
        }
    }
}
