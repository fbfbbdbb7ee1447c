package io.dsml.data.folder;

import io.dsml.core.error.DsmlException;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.data.files.FileSplits;
import io.dsml.data.files.ImageChecks;
import io.dsml.data.files.ImageEntry;
import io.dsml.data.images.Splits;
import io.dsml.data.local.LoadReport;
import io.dsml.data.local.LocalDataset;
import io.dsml.data.pipeline.PipelineParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Any image collection laid out as one sub-folder per class ({@code DIR/<class>/<image>}, as
 * torchvision's ImageFolder), or as {@code DIR/train/<class>/...} and {@code DIR/test/<class>/...}.
 * Classes are numbered by folder name in sorted order; files other than JPEG, PNG, BMP and GIF are
 * ignored. Splits: {@code classification} - train/ and test/ when present, else a stratified
 * random split ({@code test_fraction}, {@code split_seed}); {@code retrieval} - the first half of
 * the classes by name for training, the rest for testing; {@code retrieval-val}.
 */
public final class ImageFolderProvider extends DatasetProvider.Declared implements LocalDataset {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    public ImageFolderProvider() {
        super(
                "image-folder",
                "one sub-folder per class (optionally under train/ and test/), JPEG or PNG",
                List.of(FileSplits.CLASSIFICATION, FileSplits.RETRIEVAL, Splits.RETRIEVAL_VALIDATION));
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> specs = new ArrayList<>(PipelineParams.specs());
        specs.add(ParamSpec.real(
                "test_fraction",
                0.2,
                0.01,
                0.99,
                "classification without train/ and test/: fraction of each class held out for testing"));
        specs.add(ParamSpec.integer("split_seed", 0, 0, null, "seed of that stratified split"));
        specs.addAll(ImageChecks.specs());
        specs.addAll(Splits.validationSpecs());
        return specs;
    }

    @Override
    public String howToGet() {
        return "Arrange your images as DIR/<class>/<image>.jpg (or DIR/train/<class>/... and DIR/test/<class>/...) "
                + "and pass DIR with --data-dir.";
    }

    @Override
    public List<String> markers() {
        return List.of();
    }

    /** Only the given directory, or {@code $DSML_DATA/image-folder}: any folder has sub-folders. */
    @Override
    public List<Path> searchPath(Path given) {
        if (given != null) {
            return List.of(given);
        }
        String env = System.getenv(io.dsml.data.locate.DataLocator.DATA_ENV);
        return env == null || env.isBlank() ? List.of() : List.of(Path.of(env).resolve(name()));
    }

    @Override
    public Optional<Path> find(Path given) {
        return searchPath(given).stream()
                .filter(ImageFolderProvider::hasSubfolders)
                .findFirst();
    }

    @Override
    public Path locate(Path given) {
        return find(given)
                .orElseThrow(() -> new DsmlException(
                        "image-folder: no folder with class sub-folders in " + searchPath(given) + ". " + howToGet()));
    }

    @Override
    public LoadReport inspect(Params params, String split, Path dataDir) {
        Path dir = locate(dataDir);
        boolean parts = Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
        TreeMap<String, List<Path>> train = classes(parts ? dir.resolve("train") : dir);
        TreeMap<String, List<Path>> test = parts ? classes(dir.resolve("test")) : new TreeMap<>();
        List<String> names = new ArrayList<>(train.keySet());
        for (String name : test.keySet()) {
            if (!train.containsKey(name)) {
                if (split.equals(FileSplits.CLASSIFICATION)) {
                    throw new DsmlException(dir.resolve("test").resolve(name) + ": class not in " + dir.resolve("train")
                            + "; classification needs the same classes in both");
                }
                names.add(name);
            }
        }
        Collections.sort(names);
        String description = "image-folder " + dir;
        if (split.equals(FileSplits.CLASSIFICATION)) {
            if (parts) {
                return FileSplits.build(
                        params,
                        split,
                        dir,
                        entries(train, names),
                        entries(test, names),
                        false,
                        description + ", train/ and test/");
            }
            List<List<ImageEntry>> stratified =
                    stratified(entries(train, names), params.getDouble("test_fraction"), params.getInt("split_seed"));
            return FileSplits.build(
                    params,
                    split,
                    dir,
                    stratified.get(0),
                    stratified.get(1),
                    false,
                    description + ", stratified split seed " + params.getInt("split_seed"));
        }
        List<ImageEntry> all = new ArrayList<>(entries(train, names));
        all.addAll(entries(test, names));
        int boundary = FileSplits.firstHalfBoundary(all);
        return FileSplits.build(
                params,
                split,
                dir,
                FileSplits.byClass(all, c -> c <= boundary),
                FileSplits.byClass(all, c -> c > boundary),
                false,
                description + ", zero-shot classes " + names.get(0) + ".." + names.get(boundary - 1) + " / "
                        + names.get(boundary) + ".." + names.get(names.size() - 1));
    }

    /** Class folder name to its image files, sorted. */
    private static TreeMap<String, List<Path>> classes(Path root) {
        TreeMap<String, List<Path>> classes = new TreeMap<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.filter(Files::isDirectory).sorted().toList()) {
                List<Path> images = images(folder);
                if (images.isEmpty()) {
                    throw new DsmlException(folder + ": class folder has no images ("
                            + String.join(", ", new java.util.TreeSet<>(EXTENSIONS)) + ")");
                }
                classes.put(folder.getFileName().toString(), images);
            }
        } catch (IOException e) {
            throw new DsmlException(root + ": cannot list: " + e.getMessage());
        }
        if (classes.isEmpty()) {
            throw new DsmlException(root + ": no class sub-folders");
        }
        return classes;
    }

    private static List<Path> images(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(ImageFolderProvider::isImage)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Entries with class id = 1 + position of the folder name in {@code names}. */
    private static List<ImageEntry> entries(TreeMap<String, List<Path>> classes, List<String> names) {
        List<ImageEntry> entries = new ArrayList<>();
        classes.forEach((name, files) -> {
            int id = Collections.binarySearch(names, name) + 1;
            files.forEach(
                    f -> entries.add(new ImageEntry(f, id, null, f.getParent().toString(), name)));
        });
        return entries;
    }

    private static List<List<ImageEntry>> stratified(List<ImageEntry> entries, double testFraction, long seed) {
        TreeMap<Integer, List<ImageEntry>> byClass = new TreeMap<>();
        entries.forEach(e ->
                byClass.computeIfAbsent(e.classId(), k -> new ArrayList<>()).add(e));
        Random random = new Random(seed);
        List<ImageEntry> train = new ArrayList<>();
        List<ImageEntry> test = new ArrayList<>();
        for (List<ImageEntry> members : byClass.values()) {
            List<ImageEntry> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            int testCount = (int) Math.round(shuffled.size() * testFraction);
            test.addAll(shuffled.subList(0, testCount));
            train.addAll(shuffled.subList(testCount, shuffled.size()));
        }
        return List.of(train, test);
    }

    private static boolean hasSubfolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.anyMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }
}
