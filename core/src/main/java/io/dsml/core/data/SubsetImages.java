package io.dsml.core.data;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
    private final boolean relabelled;

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
        this.relabelled = relabel;
    }

    @Override
    public java.util.Optional<String> className(int label) {
        return base.className(relabelled ? originalClasses[label] : label);
    }

    /**
     * At most {@code perClass} samples of each class, drawn without replacement with a seeded
     * shuffle, in increasing base index; labels and class count kept.
     */
    public static SubsetImages perClass(LabeledImages base, int perClass, long seed) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
        }
        Random random = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> members : indicesByClass(base)) {
            Collections.shuffle(members, random);
            chosen.addAll(members.subList(0, Math.min(perClass, members.size())));
        }
        return new SubsetImages(
                base, chosen.stream().mapToInt(Integer::intValue).sorted().toArray(), false);
    }

    /** The indices of each class's samples, ascending, one mutable list per class label. */
    public static List<List<Integer>> indicesByClass(LabeledImages images) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < images.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            byClass.get(images.label(i)).add(i);
        }
        return byClass;
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

    @Override
    public java.util.Optional<io.dsml.core.spi.TestTimePipeline> testTimePipeline() {
        return base.testTimePipeline();
    }
}
