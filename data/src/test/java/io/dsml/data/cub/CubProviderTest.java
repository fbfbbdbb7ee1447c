package io.dsml.data.cub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import io.dsml.data.Fixtures;
import io.dsml.data.local.LoadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubProviderTest {
    private final CubProvider cub = new CubProvider();

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void writeFixture() {
        root = CubFixture.write(tmp, 4, 3);
    }

    private Params params(Object... kv) {
        Map<String, Object> given = new HashMap<>(Map.of("image_size", 8, "resize", 8));
        for (int i = 0; i < kv.length; i += 2) {
            given.put((String) kv[i], kv[i + 1]);
        }
        return Params.resolve("dataset.params", cub.params(), given);
    }

    @Test
    void classificationFollowsTrainTestSplitWithSharedLabels() {
        DatasetSplits s = cub.load(params(), "classification", root);
        assertThat(s.train().size()).isEqualTo(8);
        assertThat(s.test().size()).isEqualTo(4);
        assertThat(s.sharedClasses()).isTrue();
        assertThat(s.train().classes()).isEqualTo(4);
        assertThat(s.test().labels()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void retrievalSplitsTheClassesInHalvesAndRelabels() {
        DatasetSplits s = cub.load(params(), "retrieval", tmp);
        assertThat(s.sharedClasses()).isFalse();
        assertThat(s.train().size()).isEqualTo(6);
        assertThat(s.test().size()).isEqualTo(6);
        assertThat(s.train().labels()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(s.test().labels()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(files(s.train())).allMatch(f -> f.startsWith("001.") || f.startsWith("002."));
        assertThat(files(s.test())).allMatch(f -> f.startsWith("003.") || f.startsWith("004."));
        assertThat(s.description()).contains("classes 1-2 / 3-4");
        // classes.txt's names follow the relabelled classes of each part
        assertThat(s.train().classNames()).containsExactly("001.Bird_1", "002.Bird_2");
        assertThat(s.test().className(1)).contains("004.Bird_4");
    }

    @Test
    void validationHoldsOutWholeTrainingClasses() {
        DatasetSplits s = cub.load(params("validation_fraction", 0.5), "retrieval-val", root);
        Set<String> train = classesOf(s.train());
        Set<String> val = classesOf(s.test());
        assertThat(train).hasSize(1).doesNotContainAnyElementsOf(val);
        assertThat(val).hasSize(1);
        assertThat(new TreeSet<>(Set.of(train.iterator().next(), val.iterator().next())))
                .containsExactly("001", "002");
    }

    @Test
    void readsImagesDeterministicallyWithBoundingBoxes() {
        DatasetSplits s = cub.load(params("bbox_crop", true), "retrieval", root);
        float[] a = new float[3 * 8 * 8];
        float[] b = new float[a.length];
        s.train().read(2, a, 0, true, new Random(7));
        s.train().read(2, b, 0, true, new Random(7));
        assertThat(a).containsExactly(b);
        s.train().read(2, b, 0, false, null);
        assertThat(b).doesNotContain(Float.NaN);
    }

    @Test
    void missingIndexFileNamesItAndTheSearchPath() throws IOException {
        Files.delete(root.resolve("images.txt"));
        assertThatThrownBy(() -> cub.load(params(), "retrieval", root))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("images.txt not found in [" + root + "]")
                .hasMessageContaining("CUB_200_2011.tgz");
    }

    @Test
    void malformedLineIsReportedWithFileAndLine() {
        Fixtures.edit(root.resolve("image_class_labels.txt"), "5 2", "5 two");
        assertThatThrownBy(() -> cub.load(params(), "retrieval", root))
                .hasMessage(root.resolve("image_class_labels.txt") + ":5: class_id 'two' is not an integer");
    }

    @Test
    void wrongFieldCountIsReported() {
        Fixtures.edit(root.resolve("bounding_boxes.txt"), "3 1.0 2.0 8.0 6.0", "3 1.0 2.0 8.0");
        assertThatThrownBy(() -> cub.load(params(), "retrieval", root))
                .hasMessageStartingWith(root.resolve("bounding_boxes.txt") + ":3: expected 5 fields");
    }

    @Test
    void classOutOfRangeIsReported() {
        Fixtures.edit(root.resolve("image_class_labels.txt"), "12 4", "12 9");
        assertThatThrownBy(() -> cub.load(params(), "retrieval", root))
                .hasMessage(root.resolve("image_class_labels.txt") + ":12: class_id 9 is not in "
                        + root.resolve("classes.txt") + " (1-4)");
    }

    @Test
    void classDisagreeingWithTheImageFolderIsReported() {
        Fixtures.edit(root.resolve("image_class_labels.txt"), "4 2", "4 3");
        assertThatThrownBy(() -> cub.load(params(), "retrieval", root))
                .hasMessageStartingWith(root.resolve("image_class_labels.txt")
                        + ":4: class_id 3 disagrees with the folder of 002.Bird_2/")
                .hasMessageEndingWith("(" + root.resolve("images.txt") + ":4)");
    }

    @Test
    void indexFilesSavedWithAByteOrderMarkReadAsWritten() throws IOException {
        Path images = root.resolve("images.txt");
        Files.writeString(images, "\uFEFF" + Files.readString(images));
        assertThat(cub.load(params(), "classification", root).train().size()).isEqualTo(8);
    }

    /** Both names point at real images of the set, and were read from there. */
    @Test
    void imagePathsLeavingTheImagesFolderAreRefusedWithTheirLine() {
        Path images = root.resolve("images.txt");
        Fixtures.edit(images, "2 001.", "2 ../images/001.");
        assertThatThrownBy(() -> cub.load(params(), "classification", root))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(images + ":2: image path '../images/001.")
                .hasMessageContaining("'..' component");
        Fixtures.edit(images, "2 ../images/001.", "2 " + root.resolve("images") + "/001.");
        assertThatThrownBy(() -> cub.load(params(), "classification", root))
                .hasMessageStartingWith(images + ":2: image path '" + root.resolve("images") + "/001.")
                .hasMessageContaining("is absolute");
    }

    @Test
    void imageMissingFromAnIndexFileIsReported() {
        Fixtures.edit(root.resolve("train_test_split.txt"), "7 1\n", "");
        assertThatThrownBy(() -> cub.load(params(), "classification", root))
                .hasMessage(root.resolve("train_test_split.txt") + ": no line for image_id 7 (listed at "
                        + root.resolve("images.txt") + ":7)");
    }

    @Test
    void repeatedImageIdIsReported() {
        Fixtures.edit(root.resolve("images.txt"), "2 001", "1 001");
        assertThatThrownBy(() -> cub.load(params(), "classification", root))
                .hasMessageContaining("images.txt:2: image_id 1 repeated (first at line 1)");
    }

    @Test
    void absentImageFailsUnlessSkipped() throws IOException {
        Path image = root.resolve("images")
                .resolve(Files.readAllLines(root.resolve("images.txt")).get(4).split(" ")[1]);
        Files.delete(image);
        assertThatThrownBy(() -> cub.load(params(), "retrieval", root))
                .hasMessageStartingWith(image + ": image listed in " + root.resolve("images.txt") + ":5 but absent")
                .hasMessageContaining("skip_unreadable=true");
        LoadReport report = cub.inspect(params("skip_unreadable", true), "retrieval", root);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.splits().train().size()).isEqualTo(5);
        assertThat(report.splits().description()).contains("1 unreadable images skipped");
    }

    @Test
    void unreadableImageIsFoundByVerificationAndSkippable() {
        Path image = root.resolve("images/003.Bird_3/Bird_3_0000_700007.jpg");
        Fixtures.write(image, "<html>not an image</html>");
        assertThatThrownBy(() -> cub.load(params("verify_images", true), "retrieval", root))
                .hasMessageStartingWith(image + ": unreadable image");
        LoadReport report = cub.inspect(params("skip_unreadable", true), "retrieval", root);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.skippedExamples().get(0)).startsWith(image + ": unreadable image");
        assertThat(report.splits().test().size()).isEqualTo(5);
        // Without verification, the bad file surfaces when read, still as one line naming it.
        LabeledImages test = cub.load(params(), "retrieval", root).test();
        assertThatThrownBy(() -> test.read(0, new float[test.shape().size()], 0, false, null))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(image + ": unreadable image");
    }

    private static Set<String> classesOf(LabeledImages images) {
        Set<String> classes = new TreeSet<>();
        files(images).forEach(f -> classes.add(f.substring(0, 3)));
        return classes;
    }

    private static java.util.List<String> files(LabeledImages images) {
        io.dsml.data.files.FileImages files =
                images instanceof io.dsml.core.data.SubsetImages sub ? null : (io.dsml.data.files.FileImages) images;
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (files != null) {
                names.add(files.entry(i).file().getParent().getFileName().toString());
            }
        }
        if (files == null) {
            // a retrieval-val view: identify classes through the base entries
            io.dsml.core.data.SubsetImages sub = (io.dsml.core.data.SubsetImages) images;
            io.dsml.data.files.FileImages base = (io.dsml.data.files.FileImages) sub.base();
            for (int i = 0; i < images.size(); i++) {
                names.add(base.entry(sub.baseIndex(i))
                        .file()
                        .getParent()
                        .getFileName()
                        .toString());
            }
        }
        return names;
    }
}
