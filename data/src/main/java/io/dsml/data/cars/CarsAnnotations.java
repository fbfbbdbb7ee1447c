package io.dsml.data.cars;

import io.dsml.core.error.DsmlException;
import io.dsml.data.cars.MatStructs.StructArray;
import io.dsml.data.files.ImageEntry;
import io.dsml.data.files.IndexPath;
import io.dsml.data.pipeline.Box;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import us.hebi.matlab.mat.types.MatFile;

/**
 * The two official annotation layouts of Stanford Cars (Krause et al. 2013).
 *
 * <p>Full set: {@code cars_annos.mat} with a 1x16,185 struct array {@code annotations} (fields
 * {@code relative_im_path} such as {@code car_ims/000001.jpg}, {@code bbox_x1}, {@code bbox_y1},
 * {@code bbox_x2}, {@code bbox_y2}, {@code class} 1-196, {@code test} 0/1) and a cell array {@code
 * class_names}, next to {@code car_ims/}.
 *
 * <p>Devkit: {@code cars_train_annos.mat} and {@code cars_test_annos_withlabels.mat} (or a {@code
 * cars_test_annos.mat} that has {@code class}) with fields {@code bbox_*}, {@code class}, {@code
 * fname}, images in {@code cars_train/} and {@code cars_test/}, class names in {@code
 * cars_meta.mat}; the annotation files may sit in a {@code devkit/} folder.
 *
 * <p>Boxes are MATLAB's 1-based inclusive pixel coordinates.
 */
final class CarsAnnotations {
    static final String FULL = "cars_annos.mat";
    static final String DEVKIT_TRAIN = "cars_train_annos.mat";
    private static final List<String> BOX = List.of("bbox_x1", "bbox_y1", "bbox_x2", "bbox_y2");

    /**
     * @param entries every image
     * @param test whether each entry is in the official test part
     * @param classes the number of class names, or the largest class id when names are absent
     */
    record Annotations(List<ImageEntry> entries, boolean[] test, int classes) {}

    private CarsAnnotations() {}

    /** Reads whichever layout {@code dir} (the folder holding the marker file) has. */
    static Annotations read(Path dir) {
        if (Files.isRegularFile(dir.resolve(FULL))) {
            return full(dir);
        }
        return devkit(dir);
    }

    private static Annotations full(Path dir) {
        Path file = dir.resolve(FULL);
        MatFile mat = MatStructs.open(file);
        List<String> fields = new ArrayList<>(List.of("relative_im_path", "class", "test"));
        fields.addAll(BOX);
        StructArray annotations = MatStructs.struct(file, mat, "annotations", fields);
        List<String> names = MatStructs.cellTexts(mat, "class_names");
        int classes = names == null ? -1 : names.size();
        List<ImageEntry> entries = new ArrayList<>();
        boolean[] test = new boolean[annotations.size()];
        for (int i = 0; i < annotations.size(); i++) {
            int flag = annotations.integer(i, "test");
            if (flag != 0 && flag != 1) {
                throw new DsmlException(annotations.where(i, "test") + " = " + flag + " is not 0 or 1");
            }
            test[i] = flag == 1;
            entries.add(entry(annotations, i, image(annotations, i, dir, "relative_im_path"), names));
        }
        return new Annotations(entries, test, classes > 0 ? classes : maxClass(entries));
    }

    private static Annotations devkit(Path annotationDir) {
        Path imageRoot = Files.isDirectory(annotationDir.resolve("cars_train")) || annotationDir.getParent() == null
                ? annotationDir
                : annotationDir.getParent();
        Path metaFile = firstExisting(annotationDir, imageRoot, "cars_meta.mat").orElse(null);
        List<String> names = metaFile == null ? null : MatStructs.cellTexts(MatStructs.open(metaFile), "class_names");
        int classes = names == null ? -1 : names.size();
        Path trainFile = annotationDir.resolve(DEVKIT_TRAIN);
        Path testFile = firstExisting(annotationDir, imageRoot, "cars_test_annos_withlabels.mat")
                .or(() -> firstExisting(annotationDir, imageRoot, "cars_test_annos.mat"))
                .orElseThrow(() -> new DsmlException(annotationDir.resolve("cars_test_annos_withlabels.mat")
                        + ": no such file (the devkit's test labels)"));
        List<ImageEntry> train = devkitPart(trainFile, imageRoot.resolve("cars_train"), names);
        List<ImageEntry> test = devkitPart(testFile, imageRoot.resolve("cars_test"), names);
        List<ImageEntry> entries = new ArrayList<>(train);
        entries.addAll(test);
        boolean[] isTest = new boolean[entries.size()];
        for (int i = train.size(); i < isTest.length; i++) {
            isTest[i] = true;
        }
        return new Annotations(entries, isTest, classes > 0 ? classes : maxClass(entries));
    }

    private static List<ImageEntry> devkitPart(Path file, Path imageDir, List<String> names) {
        MatFile mat = MatStructs.open(file);
        List<String> fields = new ArrayList<>(List.of("fname"));
        fields.addAll(BOX);
        StructArray annotations = MatStructs.struct(file, mat, "annotations", fields);
        if (!annotations.has("class")) {
            throw new DsmlException(file + ": has no 'class' field: the devkit's test annotations are unlabelled;"
                    + " use cars_test_annos_withlabels.mat, or the full cars_annos.mat with car_ims/");
        }
        List<ImageEntry> entries = new ArrayList<>();
        for (int i = 0; i < annotations.size(); i++) {
            entries.add(entry(annotations, i, image(annotations, i, imageDir, "fname"), names));
        }
        return entries;
    }

    /** The image that element {@code i}'s {@code field} names, inside {@code root}. */
    private static Path image(StructArray annotations, int i, Path root, String field) {
        return IndexPath.resolve(root, annotations.text(i, field), annotations.where(i, field));
    }

    /** @param names the class_names by class id - 1 (car models), or {@code null} when absent */
    private static ImageEntry entry(StructArray annotations, int i, Path image, List<String> names) {
        int classes = names == null ? -1 : names.size();
        int classId = annotations.integer(i, "class");
        if (classId < 1 || (classes > 0 && classId > classes)) {
            throw new DsmlException(annotations.where(i, "class") + " = " + classId + " is outside 1-"
                    + (classes > 0 ? classes + " (class_names has " + classes + " entries)" : "255"));
        }
        int x1 = annotations.integer(i, "bbox_x1");
        int y1 = annotations.integer(i, "bbox_y1");
        int x2 = annotations.integer(i, "bbox_x2");
        int y2 = annotations.integer(i, "bbox_y2");
        if (x2 < x1 || y2 < y1 || x1 < 1 || y1 < 1) {
            throw new DsmlException(annotations.where(i, "bbox_x1") + ": box (" + x1 + ", " + y1 + ")-(" + x2 + ", "
                    + y2 + ") is empty or starts below 1");
        }
        Box box = new Box(x1 - 1, y1 - 1, x2 - x1 + 1, y2 - y1 + 1);
        return new ImageEntry(
                image,
                classId,
                box,
                annotations.file().getFileName() + " " + annotations.variable() + "(" + (i + 1) + ")",
                names == null ? null : names.get(classId - 1));
    }

    private static Optional<Path> firstExisting(Path a, Path b, String name) {
        return List.of(a.resolve(name), b.resolve(name)).stream()
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private static int maxClass(List<ImageEntry> entries) {
        return entries.stream().mapToInt(ImageEntry::classId).max().orElse(0);
    }
}
