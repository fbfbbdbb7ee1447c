package io.dsml.data.sop;

import io.dsml.core.error.DsmlException;
import io.dsml.data.files.ImageEntry;
import io.dsml.data.files.IndexPath;
import io.dsml.data.files.TextTable;
import io.dsml.data.files.TextTable.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index files of Stanford_Online_Products: {@code Ebay_train.txt} and {@code Ebay_test.txt},
 * each with the header {@code image_id class_id super_class_id path}, and optionally {@code
 * Ebay_info.txt} (all images, same columns). Checked: ids are positive and unique, each class has
 * one super-class, training and test classes are disjoint, and Ebay_info.txt agrees with both.
 */
final class SopIndex {
    static final List<String> COLUMNS = List.of("image_id", "class_id", "super_class_id", "path");

    /** One listed image. */
    record Item(Line line, int imageId, int classId, int superClassId, String path) {}

    /** Both parts, in file order. */
    record Index(List<Item> train, List<Item> test) {}

    private SopIndex() {}

    static Index read(Path dir) {
        List<Item> train = part(dir.resolve("Ebay_train.txt"));
        List<Item> test = part(dir.resolve("Ebay_test.txt"));
        Map<Integer, Item> byImage = new HashMap<>();
        Map<Integer, Item> superOfClass = new HashMap<>();
        Map<Integer, Item> trainClasses = new HashMap<>();
        for (Item item : train) {
            register(byImage, superOfClass, item);
            trainClasses.putIfAbsent(item.classId(), item);
        }
        for (Item item : test) {
            register(byImage, superOfClass, item);
            Item seen = trainClasses.get(item.classId());
            if (seen != null) {
                throw new DsmlException(item.line().where() + ": class_id " + item.classId()
                        + " is also a training class (" + seen.line().where() + "); the split must be class-disjoint");
            }
        }
        Path info = dir.resolve("Ebay_info.txt");
        if (Files.exists(info)) {
            crossCheck(info, byImage);
        }
        return new Index(train, test);
    }

    /** The entries of {@code items}, labelled by class or super-class. */
    static List<ImageEntry> entries(Path dir, List<Item> items, boolean superClasses) {
        List<ImageEntry> entries = new ArrayList<>(items.size());
        for (Item item : items) {
            entries.add(new ImageEntry(
                    IndexPath.resolve(dir, item.path(), item.line().where()),
                    superClasses ? item.superClassId() : item.classId(),
                    null,
                    item.line().where(),
                    superClasses ? superClassName(item.path()) : String.valueOf(item.classId())));
        }
        return entries;
    }

    /** A product's class is named by its id (SOP has no names); a super-class by its folder, e.g. bicycle. */
    private static String superClassName(String path) {
        int slash = path.indexOf('/');
        String folder = slash < 0 ? path : path.substring(0, slash);
        return folder.endsWith("_final") ? folder.substring(0, folder.length() - "_final".length()) : folder;
    }

    private static List<Item> part(Path file) {
        List<Item> items = new ArrayList<>();
        for (Line line : TextTable.read(file, COLUMNS, true)) {
            items.add(item(line));
        }
        return items;
    }

    private static Item item(Line line) {
        int image = line.integer(0, "image_id");
        int classId = line.integer(1, "class_id");
        int superClass = line.integer(2, "super_class_id");
        if (image < 1 || classId < 1 || superClass < 1) {
            throw new DsmlException(line.where() + ": image_id, class_id and super_class_id must be >= 1");
        }
        return new Item(line, image, classId, superClass, IndexPath.check(line.text(3), line.where()));
    }

    private static void register(Map<Integer, Item> byImage, Map<Integer, Item> superOfClass, Item item) {
        Item previous = byImage.putIfAbsent(item.imageId(), item);
        if (previous != null) {
            throw new DsmlException(item.line().where() + ": image_id " + item.imageId() + " repeated (first at "
                    + previous.line().where() + ")");
        }
        Item first = superOfClass.putIfAbsent(item.classId(), item);
        if (first != null && first.superClassId() != item.superClassId()) {
            throw new DsmlException(item.line().where() + ": class_id " + item.classId() + " has super_class_id "
                    + item.superClassId() + ", but " + first.superClassId() + " at "
                    + first.line().where());
        }
    }

    private static void crossCheck(Path info, Map<Integer, Item> byImage) {
        for (Line line : TextTable.read(info, COLUMNS, true)) {
            Item listed = item(line);
            Item split = byImage.get(listed.imageId());
            if (split == null) {
                continue;
            }
            if (split.classId() != listed.classId()
                    || split.superClassId() != listed.superClassId()
                    || !split.path().equals(listed.path())) {
                throw new DsmlException(line.where() + ": image_id " + listed.imageId() + " is listed as class "
                        + listed.classId() + "/" + listed.superClassId() + " " + listed.path() + ", but "
                        + split.line().where() + " says " + split.classId() + "/" + split.superClassId() + " "
                        + split.path());
            }
        }
    }
}
