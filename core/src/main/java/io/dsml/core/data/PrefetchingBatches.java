package io.dsml.core.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Iterates the batches of one epoch, assembling the next batch on a background thread while the
 * caller trains on the current one, so a step waits on decoding only when decoding is slower than
 * the step.
 */
public final class PrefetchingBatches implements Iterator<Batch>, AutoCloseable {
    private final BatchAssembler assembler;
    private final List<int[]> batches;
    private final long streamBase;
    private final ExecutorService worker;
    private CompletableFuture<Batch> next;
    private int position;

    /**
     * @param streamBase distinguishes epochs: batch i of this epoch uses stream streamBase + i
     */
    public PrefetchingBatches(BatchAssembler assembler, List<int[]> batches, long streamBase) {
        this.assembler = assembler;
        this.batches = batches;
        this.streamBase = streamBase;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dsml-prefetch");
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    private void schedule() {
        if (position < batches.size()) {
            int[] indices = batches.get(position);
            long stream = streamBase + position;
            next = CompletableFuture.supplyAsync(() -> assembler.assemble(indices, stream), worker);
        } else {
            next = null;
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public Batch next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        Batch batch = next.join();
        position++;
        schedule();
        return batch;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
