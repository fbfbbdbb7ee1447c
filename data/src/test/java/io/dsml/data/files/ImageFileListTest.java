package io.dsml.data.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileListTest {
    @TempDir
    Path dir;

    /** Notepad saves "UTF-8" with a byte-order mark, which became part of the first file name. */
    @Test
    void aByteOrderMarkBeforeTheFirstPathIsIgnored() throws Exception {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "\uFEFFa.jpg\n# a comment\nsub/b.png\n\n", StandardCharsets.UTF_8);
        assertThat(ImageFileList.readList(list)).containsExactly(dir.resolve("a.jpg"), dir.resolve("sub/b.png"));
        Files.writeString(list, "\uFEFF# photos\r\na.jpg\r\n", StandardCharsets.UTF_8);
        assertThat(ImageFileList.readList(list)).containsExactly(dir.resolve("a.jpg"));
    }

    @Test
    void onlyALeadingMarkIsAMark() throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "\uFEFFx\n\uFEFFy\n", StandardCharsets.UTF_8);
        assertThat(TextLines.read(file)).containsExactly("x", "\uFEFFy");
        Files.writeString(file, "\uFEFF", StandardCharsets.UTF_8);
        assertThat(TextLines.read(file)).containsExactly("");
    }
}
