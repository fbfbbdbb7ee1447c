package io.dsml.data.images;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;

/**
 * A view of some samples of another {@link LabeledImages}, with labels renumbered densely in
 * increasing order of the original label, as zero-shot splits need (classes 5-9 become 0-4).
 */
public final class SubsetImages implements LabeledImages {
    private final LabeledImages base;
    private final int[] indices;
    private final int[] labels;
    private final int classes;
    private final int[] originalClasses;

    /**
     * @param indices the base indices in this view, in order
     * @param relabel whether to renumber labels densely; otherwise the base labels and class count
     *     are kept
     */
    public SubsetImages(LabeledImages base, int[] indices, boolean relabel) {
        this.base = base;
        this.indices = indices.clone();
        TreeSet<Integer> present = new TreeSet<>();
        for (int i : indices) {
            present.add(base.label(i));
        }
        this.originalClasses = present.stream().mapToInt(Integer::intValue).toArray();
        this.labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int original = base.label(indices[i]);
            labels[i] = relabel ? Arrays.binarySearch(originalClasses, original) : original;
        }
        this.classes = relabel ? originalClasses.length : base.classes();
    }

    /** The images this is a view of. */
    public LabeledImages base() {
        return base;
    }

    /** The base index of sample {@code index}. */
    public int baseIndex(int index) {
        return indices[index];
    }

    /** The base labels of the classes in this view, ascending; index = new label when relabelled. */
    public int[] originalClasses() {
        return originalClasses.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public ImageShape shape() {
        return base.shape();
    }

    @Override
    public void read(int index, float[] destination, int offset, boolean augment, Random random) {
        base.read(indices[index], destination, offset, augment, random);
    }
}
