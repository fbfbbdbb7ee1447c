package io.dsml.data.cub;

import io.dsml.data.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a CUB_200_2011 folder in the official layout: {@code classes} classes of {@code perClass}
 * images each, the first {@code perClass - 1} of each class marked for training.
 */
public final class CubFixture {
    private CubFixture() {}

    /** The folder name of class {@code c} (1-based), e.g. {@code 001.Black_footed_Albatross}. */
    static String folder(int c) {
        return String.format("%03d.Bird_%d", c, c);
    }

    public static Path write(Path parent, int classes, int perClass) {
        Path root = parent.resolve("CUB_200_2011");
        List<String> classLines = new ArrayList<>();
        List<String> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> split = new ArrayList<>();
        List<String> boxes = new ArrayList<>();
        int id = 0;
        for (int c = 1; c <= classes; c++) {
            classLines.add(c + " " + folder(c));
            for (int k = 0; k < perClass; k++) {
                id++;
                String name = folder(c) + "/Bird_" + c + "_" + String.format("%04d", k) + "_" + (700000 + id) + ".jpg";
                Fixtures.jpeg(root.resolve("images").resolve(name), id);
                images.add(id + " " + name);
                labels.add(id + " " + c);
                split.add(id + " " + (k < perClass - 1 ? 1 : 0));
                boxes.add(id + " 1.0 2.0 8.0 6.0");
            }
        }
        Fixtures.write(root.resolve("classes.txt"), Fixtures.lines(classLines));
        Fixtures.write(root.resolve("images.txt"), Fixtures.lines(images));
        Fixtures.write(root.resolve("image_class_labels.txt"), Fixtures.lines(labels));
        Fixtures.write(root.resolve("train_test_split.txt"), Fixtures.lines(split));
        Fixtures.write(root.resolve("bounding_boxes.txt"), Fixtures.lines(boxes));
        return root;
    }
}
