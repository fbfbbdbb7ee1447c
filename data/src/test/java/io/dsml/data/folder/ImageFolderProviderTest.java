package io.dsml.data.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderProviderTest {
    private final ImageFolderProvider folder = new ImageFolderProvider();

    @TempDir
    Path tmp;

    private Params params() {
        return Params.resolve(
                "dataset.params", folder.params(), Map.of("image_size", 8, "resize", 8, "test_fraction", 0.25));
    }

    private void classes(Path root, String... names) {
        int seed = 0;
        for (String name : names) {
            for (int k = 0; k < 4; k++) {
                Fixtures.jpeg(root.resolve(name).resolve("img" + k + ".jpg"), seed++);
            }
        }
        Fixtures.write(root.resolve(names[0]).resolve("notes.txt"), "ignored");
    }

    @Test
    void flatLayoutSplitsStratifiedAndByClassName() {
        classes(tmp, "zebra", "ant", "cat", "dog");
        DatasetSplits c = folder.load(params(), "classification", tmp);
        assertThat(c.train().size()).isEqualTo(12);
        assertThat(c.test().size()).isEqualTo(4);
        assertThat(c.test().labels()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(c.train().classNames()).containsExactly("ant", "cat", "dog", "zebra");
        DatasetSplits r = folder.load(params(), "retrieval", tmp);
        assertThat(r.train().size()).isEqualTo(8);
        assertThat(r.description()).contains("ant..cat / dog..zebra");
    }

    @Test
    void trainAndTestFoldersAreTheClassificationSplit() {
        classes(tmp.resolve("train"), "a", "b");
        classes(tmp.resolve("test"), "a", "b");
        DatasetSplits c = folder.load(params(), "classification", tmp);
        assertThat(c.train().size()).isEqualTo(8);
        assertThat(c.test().size()).isEqualTo(8);
        classes(tmp.resolve("test"), "c");
        assertThatThrownBy(() -> folder.load(params(), "classification", tmp))
                .hasMessageStartingWith(tmp.resolve("test/c") + ": class not in " + tmp.resolve("train"));
    }

    @Test
    void emptyClassFolderIsReported() throws IOException {
        classes(tmp, "a", "b");
        Files.createDirectories(tmp.resolve("c"));
        assertThatThrownBy(() -> folder.load(params(), "retrieval", tmp))
                .hasMessageStartingWith(tmp.resolve("c") + ": class folder has no images");
    }
}
