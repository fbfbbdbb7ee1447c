package io.dsml.data.sop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.Fixtures;
import io.dsml.data.files.FileImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SopProviderTest {
    private static final String HEADER = "image_id class_id super_class_id path";
    private final SopProvider sop = new SopProvider();

    @TempDir
    Path tmp;

    private Path root;

    /**
     * Stanford_Online_Products with 2 super-classes (bicycle, chair); training classes 1-3 and test
     * classes 4-5, two images each; products of super-class 1 are 1, 2, 4.
     */
    @BeforeEach
    void writeFixture() {
        root = tmp.resolve("Stanford_Online_Products");
        List<String> train = new ArrayList<>(List.of(HEADER));
        List<String> test = new ArrayList<>(List.of(HEADER));
        List<String> info = new ArrayList<>(List.of(HEADER));
        int id = 0;
        for (int c = 1; c <= 5; c++) {
            int superClass = c == 3 || c == 5 ? 2 : 1;
            String folder = superClass == 1 ? "bicycle_final" : "chair_final";
            for (int k = 0; k < 2; k++) {
                id++;
                String path = folder + "/" + (111085122800L + c) + "_" + k + ".JPG";
                Fixtures.jpeg(root.resolve(path), id);
                String line = id + " " + c + " " + superClass + " " + path;
                (c <= 3 ? train : test).add(line);
                info.add(line);
            }
        }
        Fixtures.write(root.resolve("Ebay_train.txt"), Fixtures.lines(train));
        Fixtures.write(root.resolve("Ebay_test.txt"), Fixtures.lines(test));
        Fixtures.write(root.resolve("Ebay_info.txt"), Fixtures.lines(info));
    }

    private Params params(Object... kv) {
        Map<String, Object> given = new HashMap<>(Map.of("image_size", 8, "resize", 8));
        for (int i = 0; i < kv.length; i += 2) {
            given.put((String) kv[i], kv[i + 1]);
        }
        return Params.resolve("dataset.params", sop.params(), given);
    }

    @Test
    void retrievalIsEbayTrainAgainstEbayTest() {
        DatasetSplits s = sop.load(params(), "retrieval", tmp);
        assertThat(s.sharedClasses()).isFalse();
        assertThat(s.train().size()).isEqualTo(6);
        assertThat(s.train().classes()).isEqualTo(3);
        assertThat(s.test().size()).isEqualTo(4);
        assertThat(s.test().labels()).containsExactly(0, 0, 1, 1);
        FileImages test = (FileImages) s.test();
        assertThat(test.classId(0)).isEqualTo(4);
        assertThat(test.entry(0).source()).isEqualTo(root.resolve("Ebay_test.txt") + ":2");
        assertThat(test.className(0)).contains("4"); // products are named by their class id
    }

    @Test
    void superClassesAreKeptAsASharedLabelling() {
        DatasetSplits s = sop.load(params("labels", "super_class"), "retrieval", root);
        assertThat(s.sharedClasses()).isTrue();
        assertThat(s.train().classes()).isEqualTo(2);
        assertThat(s.train().labels()).containsExactly(0, 0, 0, 0, 1, 1);
        assertThat(s.test().labels()).containsExactly(0, 0, 1, 1);
    }

    @Test
    void validationHoldsOutTrainingProducts() {
        DatasetSplits s = sop.load(params("validation_fraction", 0.34), "retrieval-val", root);
        assertThat(s.train().classes()).isEqualTo(2);
        assertThat(s.test().classes()).isEqualTo(1);
        assertThat(s.train().size() + s.test().size()).isEqualTo(6);
    }

    @Test
    void wrongHeaderIsReported() {
        Fixtures.edit(root.resolve("Ebay_test.txt"), HEADER, "id class super path");
        assertThatThrownBy(() -> sop.load(params(), "retrieval", root))
                .hasMessage(root.resolve("Ebay_test.txt") + ":1: expected the header '" + HEADER
                        + "', found 'id class super path'");
    }

    @Test
    void classInBothPartsIsReported() {
        Fixtures.edit(root.resolve("Ebay_test.txt"), "7 4 1", "7 2 1");
        assertThatThrownBy(() -> sop.load(params(), "retrieval", root))
                .hasMessage(root.resolve("Ebay_test.txt") + ":2: class_id 2 is also a training class ("
                        + root.resolve("Ebay_train.txt") + ":4); the split must be class-disjoint");
    }

    @Test
    void inconsistentSuperClassIsReported() {
        Fixtures.edit(root.resolve("Ebay_train.txt"), "2 1 1", "2 1 2");
        assertThatThrownBy(() -> sop.load(params(), "retrieval", root))
                .hasMessageStartingWith(root.resolve("Ebay_train.txt") + ":3: class_id 1 has super_class_id 2, but 1");
    }

    @Test
    void infoFileDisagreeingWithTheSplitIsReported() {
        Fixtures.edit(root.resolve("Ebay_info.txt"), "9 5 2", "9 4 2");
        assertThatThrownBy(() -> sop.load(params(), "retrieval", root))
                .hasMessageStartingWith(root.resolve("Ebay_info.txt") + ":10: image_id 9 is listed as class 4/2")
                .hasMessageContaining("Ebay_test.txt:4 says 5/2");
    }

    @Test
    void imagePathsLeavingTheDatasetAreRefusedWithTheirLine() {
        Fixtures.edit(root.resolve("Ebay_train.txt"), "3 2 1 ", "3 2 1 ../Stanford_Online_Products/");
        assertThatThrownBy(() -> sop.load(params(), "retrieval", root))
                .hasMessageStartingWith(
                        root.resolve("Ebay_train.txt") + ":4: image path '../Stanford_Online_Products/bicycle_final/")
                .hasMessageContaining("'..' component");
    }

    @Test
    void nonNumericIdIsReportedWithItsLine() {
        Fixtures.edit(root.resolve("Ebay_train.txt"), "3 2 1", "3 x 1");
        assertThatThrownBy(() -> sop.load(params(), "retrieval", root))
                .hasMessage(root.resolve("Ebay_train.txt") + ":4: class_id 'x' is not an integer");
    }

    @Test
    void everyImageIsLoadable() {
        DatasetSplits s = sop.load(params("verify_images", true), "retrieval", root);
        float[] out = new float[s.train().shape().size()];
        for (int i = 0; i < s.train().size(); i++) {
            s.train().read(i, out, 0, false, null);
        }
        assertThat(Arrays.stream(s.train().labels()).max().getAsInt()).isEqualTo(2);
    }
}
