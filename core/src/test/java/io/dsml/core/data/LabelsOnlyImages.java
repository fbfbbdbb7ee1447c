package io.dsml.core.data;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import java.util.Random;

/** Test images that are only labels: one 1x1x1 pixel per sample whose value is its index. */
public record LabelsOnlyImages(int[] labels, int classes) implements LabeledImages {
    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public ImageShape shape() {
        return new ImageShape(1, 1, 1);
    }

    @Override
    public void read(int index, float[] destination, int offset, boolean augment, Random random) {
        destination[offset] = index;
    }
}
