package io.dsml.data.sampler;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.BatchSampler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * "PK" batches for pair and triplet losses: every batch holds exactly M samples of each of P =
 * batchSize / M distinct classes.
 *
 * <p>How an epoch covers the training set:
 * <ul>
 *   <li>An epoch has {@code max(1, n / batchSize)} batches (n samples, rounded down), so it draws
 *       about as many samples as there are.
 *   <li>Classes are visited in passes: the classes are shuffled and each batch takes the next P of
 *       them, without replacement within a pass; a new pass reshuffles all classes, and a class
 *       still in the current batch waits for the next one, so the P classes of a batch are always
 *       distinct. Every class is therefore visited equally often, to within one visit.
 *   <li>Within a class, samples are drawn from a shuffled queue: all of a class's samples are used
 *       before any repeats. On a class-balanced set this makes every sample appear once per epoch
 *       (exactly once when the class count is a multiple of P and n a multiple of the batch size);
 *       on an imbalanced set, small classes repeat samples and large ones are covered partly, as
 *       class-balanced sampling means to.
 *   <li>A class with fewer than M samples repeats them within a batch.
 * </ul>
 * Each epoch starts from fresh queues drawn from the epoch's {@link Random}, so epochs are
 * reproducible one by one.
 */
public final class MPerClassBatchSampler implements BatchSampler {
    private final int[][] samplesByClass;
    private final int samplesPerClass;
    private final int classesPerBatch;
    private final int batches;

    /**
     * @param labels the label of every training sample
     * @param batchSize samples per batch, a multiple of {@code samplesPerClass}
     * @param samplesPerClass M
     * @throws DsmlException if the batch size is not a multiple of M or fewer than batchSize / M
     *     classes have samples
     */
    public MPerClassBatchSampler(int[] labels, int batchSize, int samplesPerClass) {
        if (samplesPerClass < 1 || batchSize < samplesPerClass || batchSize % samplesPerClass != 0) {
            throw new DsmlException("training.batch_size: " + batchSize + " is not a multiple of "
                    + "training.samples_per_class (" + samplesPerClass + "), as the m-per-class sampler needs");
        }
        this.samplesByClass = groupByClass(labels);
        this.samplesPerClass = samplesPerClass;
        this.classesPerBatch = batchSize / samplesPerClass;
        if (samplesByClass.length < classesPerBatch) {
            throw new DsmlException("training.batch_size: the m-per-class sampler needs " + classesPerBatch
                    + " classes per batch (" + batchSize + " / " + samplesPerClass + ") but the training set has "
                    + samplesByClass.length + " classes with samples");
        }
        this.batches = Math.max(1, labels.length / batchSize);
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    @Override
    public List<int[]> epoch(Random random) {
        ClassQueue classes = new ClassQueue(samplesByClass.length, random);
        List<SampleQueue> samples = new ArrayList<>();
        for (int[] members : samplesByClass) {
            samples.add(new SampleQueue(members, random));
        }
        List<int[]> epoch = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            int[] batch = new int[classesPerBatch * samplesPerClass];
            int at = 0;
            for (int c : classes.next(classesPerBatch)) {
                for (int m = 0; m < samplesPerClass; m++) {
                    batch[at++] = samples.get(c).next();
                }
            }
            epoch.add(batch);
        }
        return epoch;
    }

    /** Sample indices per class (classes with samples only, in label order). */
    private static int[][] groupByClass(int[] labels) {
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        return byLabel.values().stream()
                .map(members -> members.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /** Classes in shuffled passes; hands out P distinct classes at a time. */
    private static final class ClassQueue {
        private final int classes;
        private final Random random;
        private final Deque<Integer> queue = new ArrayDeque<>();

        ClassQueue(int classes, Random random) {
            this.classes = classes;
            this.random = random;
        }

        Set<Integer> next(int count) {
            Set<Integer> chosen = new LinkedHashSet<>();
            List<Integer> deferred = new ArrayList<>();
            while (chosen.size() < count) {
                if (queue.isEmpty()) {
                    queue.addAll(shuffled(classes, random));
                }
                int c = queue.poll();
                if (!chosen.add(c)) {
                    deferred.add(c); // already in this batch from the previous pass: keep it for the next batch
                }
            }
            deferred.forEach(queue::addFirst);
            return chosen;
        }
    }

    /** One class's samples in shuffled order, reshuffled whenever used up. */
    private static final class SampleQueue {
        private final int[] members;
        private final Random random;
        private final Deque<Integer> queue = new ArrayDeque<>();

        SampleQueue(int[] members, Random random) {
            this.members = members;
            this.random = random;
        }

        int next() {
            if (queue.isEmpty()) {
                for (int k : shuffled(members.length, random)) {
                    queue.add(members[k]);
                }
            }
            return queue.poll();
        }
    }

    private static List<Integer> shuffled(int size, Random random) {
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        return order;
    }
}
