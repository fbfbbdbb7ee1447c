package io.dsml.data.files;

import io.dsml.data.pipeline.Box;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One image an index file lists.
 *
 * @param file the image file
 * @param classId the class as the dataset numbers it (e.g. CUB's 1-200)
 * @param bbox the annotated bounding box, or {@code null}
 * @param source where it was listed, e.g. {@code images.txt:17}, for messages
 * @param className the dataset's name of the class (CUB's {@code 013.Bobolink}), or {@code null}
 */
public record ImageEntry(Path file, int classId, Box bbox, String source, String className) {
    public ImageEntry {
        Objects.requireNonNull(file, "file");
        source = source == null ? file.toString() : source;
    }
}
