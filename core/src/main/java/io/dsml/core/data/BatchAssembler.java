package io.dsml.core.data;

import io.dsml.core.spi.LabeledImages;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Reads the samples of a batch into one float buffer. Samples are read in parallel (decoding image
 * files dominates for file-based datasets), and each sample's augmentation draws from its own
 * {@link Random} seeded by (seed, epoch, position), so results do not depend on thread timing.
 */
public final class BatchAssembler {
    private final LabeledImages data;
    private final boolean augment;
    private final long seed;

    public BatchAssembler(LabeledImages data, boolean augment, long seed) {
        this.data = data;
        this.augment = augment;
        this.seed = seed;
    }

    /** Assembles the samples {@code indices}; {@code stream} distinguishes epochs and batches. */
    public Batch assemble(int[] indices, long stream) {
        int sampleSize = data.shape().size();
        float[] images = new float[indices.length * sampleSize];
        int[] labels = new int[indices.length];
        IntStream.range(0, indices.length).parallel().forEach(i -> {
            Random random = augment ? new Random(mix(seed, stream, i)) : null;
            data.read(indices[i], images, i * sampleSize, augment, random);
            labels[i] = data.label(indices[i]);
        });
        return new Batch(images, labels, indices.length);
    }

    /** SplitMix64-style mixing: distinct, well-spread seeds for every (seed, stream, position). */
    static long mix(long seed, long stream, long position) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL + position;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
