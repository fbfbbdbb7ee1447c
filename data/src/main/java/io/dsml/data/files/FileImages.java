package io.dsml.data.files;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.data.pipeline.Box;
import io.dsml.data.pipeline.ImageDecoder;
import io.dsml.data.pipeline.ImagePipeline;
import io.dsml.data.pipeline.RgbImage;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Labelled image files, decoded and transformed inside {@link #read}. Nothing is cached: the
 * trainer calls {@code read} for a whole batch in parallel on its prefetch thread, so decoding
 * overlaps the previous training step. Immutable, hence safe for concurrent reads.
 */
public final class FileImages implements LabeledImages {
    private final List<ImageEntry> entries;
    private final int[] labels;
    private final int classes;
    private final int[] classIds;
    private final ImagePipeline pipeline;
    private final boolean bboxCrop;
    /** By dense label, from the entries; {@code null} where the dataset names no class. */
    private final String[] classNames;

    private FileImages(List<ImageEntry> entries, int[] classIds, ImagePipeline pipeline, boolean bboxCrop) {
        this.entries = List.copyOf(entries);
        this.classIds = classIds;
        this.classes = classIds.length;
        this.labels = new int[entries.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = java.util.Arrays.binarySearch(classIds, entries.get(i).classId());
            if (labels[i] < 0) {
                throw new IllegalArgumentException("class " + entries.get(i).classId() + " not among the classes");
            }
        }
        this.pipeline = pipeline;
        this.bboxCrop = bboxCrop;
        this.classNames = new String[classes];
        for (int i = 0; i < labels.length; i++) {
            if (classNames[labels[i]] == null) {
                classNames[labels[i]] = entries.get(i).className();
            }
        }
    }

    @Override
    public java.util.Optional<String> className(int label) {
        return java.util.Optional.ofNullable(classNames[label]);
    }

    /** Labels the entries densely by increasing class id (e.g. CUB classes 101-200 become 0-99). */
    public static FileImages dense(List<ImageEntry> entries, ImagePipeline pipeline, boolean bboxCrop) {
        TreeSet<Integer> ids = new TreeSet<>();
        entries.forEach(e -> ids.add(e.classId()));
        return new FileImages(entries, ids.stream().mapToInt(Integer::intValue).toArray(), pipeline, bboxCrop);
    }

    /**
     * Labels the entries by their position in {@code classIds}, so two parts share one numbering
     * (classification protocols, where test label k must mean training label k).
     */
    public static FileImages shared(
            List<ImageEntry> entries, int[] classIds, ImagePipeline pipeline, boolean bboxCrop) {
        int[] sorted = classIds.clone();
        java.util.Arrays.sort(sorted);
        return new FileImages(entries, sorted, pipeline, bboxCrop);
    }

    /** The entry behind sample {@code index}. */
    public ImageEntry entry(int index) {
        return entries.get(index);
    }

    /** The dataset's class id of dense label {@code label}. */
    public int classId(int label) {
        return classIds[label];
    }

    @Override
    public int size() {
        return entries.size();
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
        return pipeline.shape();
    }

    @Override
    public void read(int index, float[] destination, int offset, boolean augment, Random random) {
        ImageEntry entry = entries.get(index);
        RgbImage image = ImageDecoder.decode(entry.file());
        Box region =
                bboxCrop && entry.bbox() != null ? entry.bbox().clip(image.width(), image.height()) : Box.of(image);
        pipeline.apply(image, region, augment, random, destination, offset);
    }

    /** The evaluation crop (bounding-box crops apply to annotated dataset images only). */
    @Override
    public java.util.Optional<io.dsml.core.spi.TestTimePipeline> testTimePipeline() {
        return java.util.Optional.of(new io.dsml.core.spi.TestTimePipeline(
                pipeline.shape(), pipeline.resize(), pipeline.mean(), pipeline.std()));
    }
}
