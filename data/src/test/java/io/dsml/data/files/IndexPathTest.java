package io.dsml.data.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IndexPathTest {
    private static final Path ROOT = Path.of("/data/set");

    @Test
    void relativeNamesResolveUnderTheRoot() {
        assertThat(IndexPath.resolve(ROOT, "a/b.jpg", "i.txt:1")).isEqualTo(ROOT.resolve("a/b.jpg"));
        // names that merely start or end with dots are names, not parent references
        assertThat(IndexPath.resolve(ROOT, "..a/b..jpg", "i.txt:1")).isEqualTo(ROOT.resolve("..a/b..jpg"));
        assertThat(IndexPath.resolve(ROOT, "./a.jpg", "i.txt:1")).isEqualTo(ROOT.resolve("./a.jpg"));
    }

    @Test
    void namesThatLeaveTheRootAreRefusedNamingTheLine() {
        for (String name : new String[] {"..", "../a.jpg", "a/../../b.jpg", "a/..", "a\\..\\..\\b.jpg"}) {
            assertThatThrownBy(() -> IndexPath.resolve(ROOT, name, "i.txt:3"))
                    .isInstanceOf(DsmlException.class)
                    .hasMessage("i.txt:3: image path '" + name + "' has a '..' component; an index must not name"
                            + " files outside the dataset's folder");
        }
        for (String name : new String[] {"/etc/passwd", "\\\\server\\share\\a.jpg", "C:\\a.jpg", "c:a.jpg"}) {
            assertThatThrownBy(() -> IndexPath.resolve(ROOT, name, "i.txt:4"))
                    .hasMessageStartingWith("i.txt:4: image path '" + name + "' is absolute");
        }
        assertThatThrownBy(() -> IndexPath.resolve(ROOT, "", "i.txt:5")).hasMessage("i.txt:5: empty image path");
        assertThatThrownBy(() -> IndexPath.resolve(ROOT, "a\0b", "i.txt:6"))
                .hasMessageStartingWith("i.txt:6: image path 'a\0b' is not a valid path");
    }
}
