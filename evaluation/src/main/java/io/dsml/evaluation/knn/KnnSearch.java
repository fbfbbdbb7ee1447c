package io.dsml.evaluation.knn;

import io.dsml.evaluation.compute.Blas;
import io.dsml.evaluation.compute.BlockScheduler;
import java.util.function.Consumer;

/**
 * Blocked exact maximum-inner-product search (cosine similarity when rows are L2-normalised).
 *
 * <p>Queries are split into blocks of {@code queryBlock} rows; each block walks the gallery in
 * tiles of {@code galleryBlock} rows, computing one {@code [queryBlock, galleryBlock]} similarity
 * tile with BLAS and folding it into per-row top-k heaps. How the threads are shared between
 * BLAS, concurrent blocks and the per-row folding is decided by {@link BlockScheduler}. Peak
 * scratch memory per concurrent block is {@code queryBlock * (galleryBlock + 4k)} floats.
 *
 * <p><b>Ties.</b> Exactly equal similarities go to the lower gallery index, or, given {@link
 * Labels}, first to the gallery rows of another class than the query's, then to the lower index
 * (see {@link #search(float[], int, float[], int, int, boolean, Labels, Consumer)}).
 */
public final class KnnSearch {
    /** Default query rows per block: large enough for an efficient GEMM, small enough to balance. */
    public static final int DEFAULT_QUERY_BLOCK = 256;
    /** Default gallery rows per tile: a 256 x 8192 float tile is 8 MiB per worker. */
    public static final int DEFAULT_GALLERY_BLOCK = 8192;

    private final int k;
    private final int queryBlock;
    private final int galleryBlock;
    private final int threads;

    /** Creates a search for the {@code k} best neighbours. */
    public KnnSearch(int k, int queryBlock, int galleryBlock, int threads) {
        if (k < 1 || queryBlock < 1 || galleryBlock < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "k, block sizes and threads must be >= 1, got k=%d queryBlock=%d galleryBlock=%d threads=%d"
                            .formatted(k, queryBlock, galleryBlock, threads));
        }
        this.k = k;
        this.queryBlock = queryBlock;
        this.galleryBlock = galleryBlock;
        this.threads = threads;
    }

    /** Creates a search with the default block sizes. */
    public KnnSearch(int k, int threads) {
        this(k, DEFAULT_QUERY_BLOCK, DEFAULT_GALLERY_BLOCK, threads);
    }

    /**
     * The class labels of the query and gallery rows, for the tie rule of retrieval metrics.
     *
     * @param queries one label per query row
     * @param gallery one label per gallery row
     */
    public record Labels(int[] queries, int[] gallery) {}

    /**
     * Finds the k best gallery rows for every query row and hands them to {@code consumer} one query
     * block at a time; equal similarities go to the lower gallery index. Blocks arrive in no
     * particular order and possibly concurrently, so the consumer must write its results by query
     * index.
     *
     * @param excludeSelf when the queries are the gallery: query i never returns gallery row i
     */
    public void search(
            float[] queries,
            int nq,
            float[] gallery,
            int ng,
            int dim,
            boolean excludeSelf,
            Consumer<NeighbourBlock> consumer) {
        search(queries, nq, gallery, ng, dim, excludeSelf, null, consumer);
    }

    /**
     * As {@link #search(float[], int, float[], int, int, boolean, Consumer)}, but among equal
     * similarities the gallery rows of another class than the query's come first (then the lower
     * index): the pessimistic rule, under which a tie between a positive and a negative never
     * counts as a hit, so retrieval metrics depend only on the similarities and labels and not on
     * the order of the rows.
     *
     * @param labels the labels of both sets, or null for index order
     */
    public void search(
            float[] queries,
            int nq,
            float[] gallery,
            int ng,
            int dim,
            boolean excludeSelf,
            Labels labels,
            Consumer<NeighbourBlock> consumer) {
        if (labels != null && (labels.queries().length != nq || labels.gallery().length != ng)) {
            throw new IllegalArgumentException("labels for %d queries and %d gallery rows, expected %d and %d"
                    .formatted(labels.queries().length, labels.gallery().length, nq, ng));
        }
        int available = excludeSelf ? ng - 1 : ng;
        if (k > available) {
            throw new IllegalArgumentException(
                    "k=%d exceeds the %d gallery items available per query".formatted(k, available));
        }
        int qb = Math.min(queryBlock, Math.max(1, nq));
        int gb = Math.min(galleryBlock, ng);
        int blocks = (nq + qb - 1) / qb;
        try (BlockScheduler scheduler = new BlockScheduler(threads)) {
            Worker[] workers = new Worker[scheduler.callers()];
            scheduler.blocks(blocks, (w, b) -> {
                if (workers[w] == null) {
                    workers[w] = new Worker(qb, gb, scheduler);
                }
                int first = b * qb;
                consumer.accept(workers[w].run(
                        queries, first, Math.min(qb, nq - first), gallery, ng, dim, excludeSelf, labels));
            });
        }
    }

    /** Convenience: all neighbours at once, {@code [nq, k]} row-major (for tests and small sets). */
    public NeighbourBlock searchAll(float[] queries, int nq, float[] gallery, int ng, int dim, boolean excludeSelf) {
        int[] indices = new int[nq * k];
        float[] scores = new float[nq * k];
        search(queries, nq, gallery, ng, dim, excludeSelf, block -> {
            System.arraycopy(block.indices(), 0, indices, block.firstQuery() * k, block.count() * k);
            System.arraycopy(block.scores(), 0, scores, block.firstQuery() * k, block.count() * k);
        });
        return new NeighbourBlock(0, nq, k, indices, scores);
    }

    /** Per-caller scratch: one similarity tile, the heaps and the output block. */
    private final class Worker {
        private final float[] tile;
        private final TopK topK;
        private final int[] outIdx;
        private final float[] outScores;
        private final int gb;
        private final BlockScheduler scheduler;

        Worker(int qb, int gb, BlockScheduler scheduler) {
            this.gb = gb;
            this.scheduler = scheduler;
            this.tile = new float[qb * gb];
            this.topK = new TopK(k, qb);
            this.outIdx = new int[qb * k];
            this.outScores = new float[qb * k];
        }

        NeighbourBlock run(
                float[] queries,
                int first,
                int rows,
                float[] gallery,
                int ng,
                int dim,
                boolean excludeSelf,
                Labels labels) {
            int[] galleryLabels = labels == null ? null : labels.gallery();
            topK.reset(rows);
            for (int g0 = 0; g0 < ng; g0 += gb) {
                int tileStart = g0;
                int cols = Math.min(gb, ng - g0);
                Blas.dotBlock(queries, first, rows, gallery, g0, cols, dim, tile);
                // Rows are independent heaps, so helpers can fold disjoint row ranges concurrently.
                scheduler.rows(rows, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        int queryLabel = labels == null ? 0 : labels.queries()[first + r];
                        topK.offer(
                                r,
                                tile,
                                r * cols,
                                cols,
                                tileStart,
                                excludeSelf ? first + r : -1,
                                queryLabel,
                                galleryLabels);
                    }
                });
            }
            scheduler.rows(rows, (from, to) -> {
                for (int r = from; r < to; r++) {
                    topK.drainSorted(r, outIdx, outScores, r * k);
                }
            });
            return new NeighbourBlock(first, rows, k, outIdx, outScores);
        }
    }
}
