package io.dsml.core.data;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Class-disjoint k-fold cross-validation on the training classes, the protocol of Musgrave, Belongie
 * and Lim, <i>A Metric Learning Reality Check</i> (ECCV 2020): the classes of a training split, not
 * its samples, are divided into k folds; fold f validates on its own classes and trains on the
 * classes of the other k-1 folds, so a configuration is always scored on classes it never saw.
 *
 * <p>The classes are put in a random order under the seed and that order is cut into k contiguous
 * parts the way {@code numpy.array_split} cuts a list (the first {@code classes % k} parts have one
 * class more), so fold sizes differ by at most one class. The same seed and class count always give
 * the same assignment, which is what a resumed or sharded search relies on.
 */
public final class ClassFolds {
    private final int[] foldOfClass;
    private final int folds;

    private ClassFolds(int[] foldOfClass, int folds) {
        this.foldOfClass = foldOfClass;
        this.folds = folds;
    }

    /**
     * Deals {@code classes} classes into {@code folds} folds in an order shuffled under {@code seed}.
     *
     * @throws DsmlException if {@code folds < 2} or there are fewer classes than folds
     */
    public static ClassFolds assign(int classes, int folds, long seed) {
        requireFoldable(classes, folds);
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, classes).forEach(order::add);
        Collections.shuffle(order, new Random(seed));
        return ofOrder(order.stream().mapToInt(Integer::intValue).toArray(), folds);
    }

    /**
     * Cuts {@code classOrder}, a permutation of 0..n-1, into {@code folds} contiguous parts: part f
     * holds the next {@code n / folds} classes, one more for the first {@code n % folds} parts.
     *
     * @throws DsmlException if the order is not a permutation or cannot be cut into that many folds
     */
    public static ClassFolds ofOrder(int[] classOrder, int folds) {
        int classes = classOrder.length;
        requireFoldable(classes, folds);
        int[] foldOfClass = new int[classes];
        Arrays.fill(foldOfClass, -1);
        int position = 0;
        for (int f = 0; f < folds; f++) {
            int size = classes / folds + (f < classes % folds ? 1 : 0);
            for (int end = position + size; position < end; position++) {
                int c = classOrder[position];
                if (c < 0 || c >= classes || foldOfClass[c] != -1) {
                    throw new DsmlException("the class order " + Arrays.toString(classOrder)
                            + " is not a permutation of 0.." + (classes - 1));
                }
                foldOfClass[c] = f;
            }
        }
        return new ClassFolds(foldOfClass, folds);
    }

    private static void requireFoldable(int classes, int folds) {
        if (folds < 2) {
            throw new DsmlException("class-disjoint cross-validation needs at least 2 folds, got " + folds);
        }
        if (classes < folds) {
            throw new DsmlException(
                    "cannot divide " + classes + " training classes into " + folds + " class-disjoint folds");
        }
    }

    /** The number of folds. */
    public int folds() {
        return folds;
    }

    /** The number of classes assigned. */
    public int classes() {
        return foldOfClass.length;
    }

    /** The fold whose validation part holds class {@code c}. */
    public int foldOf(int c) {
        return foldOfClass[c];
    }

    /** The fold of every class, indexed by class (a copy), what a run records. */
    public int[] foldOfEachClass() {
        return foldOfClass.clone();
    }

    /** The classes fold {@code fold} validates on, ascending. */
    public int[] validationClasses(int fold) {
        requireFold(fold);
        return IntStream.range(0, foldOfClass.length)
                .filter(c -> foldOfClass[c] == fold)
                .toArray();
    }

    /** The classes fold {@code fold} trains on (those of every other fold), ascending. */
    public int[] trainingClasses(int fold) {
        requireFold(fold);
        return IntStream.range(0, foldOfClass.length)
                .filter(c -> foldOfClass[c] != fold)
                .toArray();
    }

    /**
     * Fold {@code fold} of {@code train}, whose class count must be the one assigned: training on the
     * samples of the other folds' classes, validating on the samples of this fold's classes, both
     * relabelled densely (as zero-shot splits are).
     */
    public DatasetSplits split(LabeledImages train, int fold, String description) {
        requireFold(fold);
        if (train.classes() != foldOfClass.length) {
            throw new DsmlException("the folds were assigned for " + foldOfClass.length
                    + " classes but the training split has " + train.classes());
        }
        int[] trainIndices = IntStream.range(0, train.size())
                .filter(i -> foldOf(train.label(i)) != fold)
                .toArray();
        int[] validationIndices = IntStream.range(0, train.size())
                .filter(i -> foldOf(train.label(i)) == fold)
                .toArray();
        return new DatasetSplits(
                new SubsetImages(train, trainIndices, true),
                new SubsetImages(train, validationIndices, true),
                false,
                description + ", class-disjoint fold " + fold + " (of folds 0-" + (folds - 1) + ")");
    }

    private void requireFold(int fold) {
        if (fold < 0 || fold >= folds) {
            throw new IllegalArgumentException("fold " + fold + " is not in [0, " + folds + ")");
        }
    }

    @Override
    public String toString() {
        return folds + " class-disjoint folds of " + foldOfClass.length + " classes " + Arrays.toString(foldOfClass);
    }
}
