package io.dsml.app.api;

import io.dsml.data.files.ImageFileList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's example of the Java API: loads a run's first finished cell, embeds a folder of
 * images as the gallery and prints the nearest gallery images of one query image, with the
 * predicted class when the cell's loss classifies.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "benchmarks-app/target/dsml.jar:benchmarks-app/target/lib/*" \
 *     io.dsml.app.api.SearchExample RUN_DIR GALLERY_DIR QUERY_IMAGE
 * </pre>
 */
public final class SearchExample {
    private SearchExample() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SearchExample RUN_DIR GALLERY_DIR QUERY_IMAGE");
            System.exit(2);
        }
        search(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 5).forEach(System.out::println);
    }

    /** The lines the example prints: the prediction (if any), then one line per neighbour. */
    public static List<String> search(Path runDir, Path galleryDir, Path query, int k) {
        List<String> lines = new ArrayList<>();
        try (TrainedCell cell = TrainedCell.load(runDir, null)) {
            Gallery gallery = cell.gallery(ImageFileList.scan(galleryDir), null);
            float[] embedding = cell.embed(query);
            cell.classify(embedding)
                    .ifPresent(p -> lines.add("predicted class " + p.classIndex() + ", p = " + p.probability()));
            for (Gallery.Hit hit : gallery.search(embedding, k)) {
                lines.add(hit.rank() + ". " + hit.name() + "  cosine " + hit.score());
            }
        }
        return lines;
    }
}
