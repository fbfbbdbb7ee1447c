package io.dsml.data.cub;

import io.dsml.core.error.DsmlException;
import io.dsml.data.files.ImageEntry;
import io.dsml.data.files.IndexPath;
import io.dsml.data.files.TextTable;
import io.dsml.data.files.TextTable.Line;
import io.dsml.data.pipeline.Box;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The index files of CUB_200_2011, cross-checked: {@code classes.txt} ({@code <class_id>
 * <class_name>}), {@code images.txt} ({@code <image_id> <image_name>}), {@code
 * image_class_labels.txt} ({@code <image_id> <class_id>}), {@code train_test_split.txt} ({@code
 * <image_id> <is_training_image>}) and {@code bounding_boxes.txt} ({@code <image_id> <x> <y>
 * <width> <height>}, pixels from the top-left corner). Every image id must appear once in each
 * file, every class id in {@code classes.txt}, and an image's folder prefix ({@code
 * 001.Black_footed_Albatross/...}) must agree with its class.
 */
final class CubIndex {
    private static final Pattern FOLDER_CLASS = Pattern.compile("^(\\d+)\\.[^/]*/");

    /**
     * @param entries every image with its class and bounding box (if bounding_boxes.txt exists)
     * @param training whether each entry is in the official training part
     * @param classes the number of classes in classes.txt
     */
    record Index(List<ImageEntry> entries, boolean[] training, int classes) {}

    private CubIndex() {}

    static Index read(Path dir, boolean requireBoxes) {
        Map<Integer, String> classes = classes(dir.resolve("classes.txt"));
        Path imagesFile = dir.resolve("images.txt");
        Map<Integer, Line> images = byImageId(imagesFile, List.of("image_id", "image_name"));
        Map<Integer, Line> labels = byImageId(dir.resolve("image_class_labels.txt"), List.of("image_id", "class_id"));
        Map<Integer, Line> split =
                byImageId(dir.resolve("train_test_split.txt"), List.of("image_id", "is_training_image"));
        Path boxesFile = dir.resolve("bounding_boxes.txt");
        Map<Integer, Line> boxes = requireBoxes || Files.exists(boxesFile)
                ? byImageId(boxesFile, List.of("image_id", "x", "y", "width", "height"))
                : Map.of();
        sameIds(images, labels, imagesFile, dir.resolve("image_class_labels.txt"));
        sameIds(images, split, imagesFile, dir.resolve("train_test_split.txt"));
        if (!boxes.isEmpty()) {
            sameIds(images, boxes, imagesFile, boxesFile);
        }
        List<ImageEntry> entries = new ArrayList<>();
        boolean[] training = new boolean[images.size()];
        for (Map.Entry<Integer, Line> image : images.entrySet()) {
            int id = image.getKey();
            Line labelLine = labels.get(id);
            int classId = labelLine.integer(1, "class_id");
            if (!classes.containsKey(classId)) {
                throw new DsmlException(labelLine.where() + ": class_id " + classId + " is not in "
                        + dir.resolve("classes.txt") + " (1-" + classes.size() + ")");
            }
            String name = image.getValue().text(1);
            checkFolder(image.getValue(), name, classId, labelLine);
            training[entries.size()] = flag(split.get(id));
            Box box = boxes.isEmpty() ? null : box(boxes.get(id));
            entries.add(new ImageEntry(
                    IndexPath.resolve(
                            dir.resolve("images"), name, image.getValue().where()),
                    classId,
                    box,
                    image.getValue().where(),
                    classes.get(classId)));
        }
        return new Index(entries, training, classes.size());
    }

    private static Map<Integer, String> classes(Path file) {
        Map<Integer, String> classes = new LinkedHashMap<>();
        for (Line line : TextTable.read(file, List.of("class_id", "class_name"), false)) {
            int id = line.integer(0, "class_id");
            if (id < 1 || classes.put(id, line.text(1)) != null) {
                throw new DsmlException(line.where() + ": class_id " + id + (id < 1 ? " is below 1" : " repeated"));
            }
        }
        for (int id = 1; id <= classes.size(); id++) {
            if (!classes.containsKey(id)) {
                throw new DsmlException(file + ": class ids are not 1-" + classes.size() + " (" + id + " missing)");
            }
        }
        return classes;
    }

    /** The lines of an image-id-keyed file, in file order, rejecting repeated ids. */
    private static Map<Integer, Line> byImageId(Path file, List<String> columns) {
        Map<Integer, Line> byId = new LinkedHashMap<>();
        for (Line line : TextTable.read(file, columns, false)) {
            int id = line.integer(0, "image_id");
            Line previous = byId.put(id, line);
            if (previous != null) {
                throw new DsmlException(
                        line.where() + ": image_id " + id + " repeated (first at line " + previous.number() + ")");
            }
        }
        return byId;
    }

    private static void sameIds(Map<Integer, Line> images, Map<Integer, Line> other, Path imagesFile, Path otherFile) {
        for (Map.Entry<Integer, Line> e : other.entrySet()) {
            if (!images.containsKey(e.getKey())) {
                throw new DsmlException(e.getValue().where() + ": image_id " + e.getKey() + " is not in " + imagesFile);
            }
        }
        for (Map.Entry<Integer, Line> e : images.entrySet()) {
            if (!other.containsKey(e.getKey())) {
                throw new DsmlException(otherFile + ": no line for image_id " + e.getKey() + " (listed at "
                        + e.getValue().where() + ")");
            }
        }
    }

    private static void checkFolder(Line imageLine, String name, int classId, Line labelLine) {
        Matcher m = FOLDER_CLASS.matcher(name);
        if (m.find() && Integer.parseInt(m.group(1)) != classId) {
            throw new DsmlException(labelLine.where() + ": class_id " + classId + " disagrees with the folder of "
                    + name + " (" + imageLine.where() + ")");
        }
    }

    private static boolean flag(Line line) {
        int v = line.integer(1, "is_training_image");
        if (v != 0 && v != 1) {
            throw new DsmlException(line.where() + ": is_training_image must be 0 or 1, found " + v);
        }
        return v == 1;
    }

    private static Box box(Line line) {
        double x = line.decimal(1, "x");
        double y = line.decimal(2, "y");
        double w = line.decimal(3, "width");
        double h = line.decimal(4, "height");
        if (w <= 0 || h <= 0 || x < 0 || y < 0) {
            throw new DsmlException(line.where() + ": bounding box " + x + " " + y + " " + w + " " + h
                    + " must have x, y >= 0 and a positive size");
        }
        return new Box(x, y, w, h);
    }
}
