package io.dsml.core.spi;

import java.util.Random;

/**
 * Random access to labelled images, decoded and transformed into float tensors on demand. Loaders
 * for in-memory formats (idx, CIFAR) copy from memory; loaders for image files decode lazily, so
 * the trainer can decode ahead of the training step on several threads. Implementations must be
 * safe for concurrent {@link #read} calls.
 */
public interface LabeledImages {

    /** Number of samples. */
    int size();

    /** Number of classes; labels are dense in [0, classes). */
    int classes();

    /** The dense class index of sample {@code index}. */
    int label(int index);

    /** The shape of the tensor {@link #read} writes. */
    ImageShape shape();

    /**
     * Writes sample {@code index} as {@code shape().size()} floats, channels first, into {@code
     * destination} from {@code offset}.
     *
     * @param augment whether to apply training-time augmentation
     * @param random the source of randomness for augmentation; deterministic under a seed
     */
    void read(int index, float[] destination, int offset, boolean augment, Random random);

    /** All labels, in index order. */
    default int[] labels() {
        int[] labels = new int[size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = label(i);
        }
        return labels;
    }

    /**
     * The dataset's name of class {@code label} (CUB's {@code 013.Bobolink}, an image folder's
     * sub-folder, Fashion-MNIST's {@code Sneaker}), for what users read: reports, search results,
     * {@code model.json}. Empty when the dataset numbers its classes only.
     */
    default java.util.Optional<String> className(int label) {
        return java.util.Optional.empty();
    }

    /** The names of classes 0 .. classes()-1, or {@code null} unless every class has one. */
    default java.util.List<String> classNames() {
        java.util.List<String> names = new java.util.ArrayList<>(classes());
        for (int c = 0; c < classes(); c++) {
            java.util.Optional<String> name = className(c);
            if (name.isEmpty()) {
                return null;
            }
            names.add(name.get());
        }
        return names;
    }

    /**
     * How this split's images are transformed at test time, so that other images can be fed to a
     * model trained on it; empty when the images do not come from decoded pictures (synthetic data).
     */
    default java.util.Optional<TestTimePipeline> testTimePipeline() {
        return java.util.Optional.empty();
    }
}
