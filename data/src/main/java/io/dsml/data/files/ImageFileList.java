package io.dsml.data.files;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.TestTimePipeline;
import io.dsml.data.pipeline.ImageDecoder;
import io.dsml.data.pipeline.TestTimeTransform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Unlabelled image files (every label 0) put through a model's {@link TestTimePipeline}, to embed
 * pictures that belong to no dataset. Decodes inside {@link #read}; immutable.
 */
public final class ImageFileList implements LabeledImages {
    /** The file name extensions {@link #scan} picks up. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private final List<Path> files;
    private final TestTimePipeline pipeline;

    /**
     * @param files the images, in the order of the embeddings
     * @param pipeline the model's test-time pipeline
     */
    public ImageFileList(List<Path> files, TestTimePipeline pipeline) {
        this.files = List.copyOf(files);
        this.pipeline = pipeline;
    }

    /**
     * Every image file under {@code dir} (recursively, by extension), sorted by path.
     *
     * @throws DsmlException when {@code dir} is not a directory or holds no image
     */
    public static List<Path> scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DsmlException(dir + ": not a directory");
        }
        // Symbolic links are followed (a gallery often links to folders kept elsewhere); a link
        // back to a folder above it is one line instead of an endless walk.
        try (Stream<Path> paths = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            List<Path> images = paths.filter(Files::isRegularFile)
                    .filter(ImageFileList::hasImageExtension)
                    .sorted()
                    .toList();
            if (images.isEmpty()) {
                throw new DsmlException(dir + ": no image files ("
                        + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ")");
            }
            return images;
        } catch (IOException e) {
            throw unreadableFolder(dir, e);
        } catch (UncheckedIOException e) {
            throw unreadableFolder(dir, e.getCause());
        }
    }

    private static DsmlException unreadableFolder(Path dir, IOException e) {
        if (e instanceof java.nio.file.FileSystemLoopException loop) {
            return new DsmlException(loop.getFile() + ": a symbolic link to a folder that contains it (under " + dir
                    + "); remove the link or list the images with --images-list");
        }
        return new DsmlException(dir + ": cannot list the images: " + io.dsml.core.files.IoFailure.reason(e));
    }

    /**
     * The image files a list file names, one path per line in the file's order (blank lines and
     * lines starting with {@code #} skipped; UTF-8, a leading byte-order mark ignored); relative paths
     * are relative to the list file's folder.
     *
     * @throws DsmlException when the list is unreadable or names no file
     */
    public static List<Path> readList(Path listFile) {
        List<String> lines;
        try {
            lines = TextLines.read(listFile);
        } catch (IOException e) {
            throw new DsmlException(listFile + ": cannot read the image list: " + e.getMessage());
        }
        Path base = listFile.toAbsolutePath().getParent();
        List<Path> images = lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> base.resolve(line).normalize())
                .toList();
        if (images.isEmpty()) {
            throw new DsmlException(listFile + ": the image list names no file");
        }
        return images;
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Reads every file's header, so that an absent or undecodable image fails with one line naming
     * it before any work starts.
     */
    public ImageFileList checked() {
        files.forEach(ImageDecoder::probe);
        return this;
    }

    /** The files, in index order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int classes() {
        return 1;
    }

    @Override
    public int label(int index) {
        return 0;
    }

    @Override
    public ImageShape shape() {
        return pipeline.shape();
    }

    @Override
    public void read(int index, float[] destination, int offset, boolean augment, Random random) {
        TestTimeTransform.apply(pipeline, ImageDecoder.decode(files.get(index)), destination, offset);
    }

    @Override
    public java.util.Optional<TestTimePipeline> testTimePipeline() {
        return java.util.Optional.of(pipeline);
    }
}
