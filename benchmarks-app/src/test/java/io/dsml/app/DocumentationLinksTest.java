package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's docs stand alone: every relative link in a Markdown file of the repository points
 * at a file or folder inside the repository that exists (a clone has nothing beside it).
 */
class DocumentationLinksTest {

    /** [text](target) with an optional #anchor; absolute URLs and pure anchors are not files. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void everyRelativeLinkInTheDocsResolvesInsideTheRepository() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("README.md")).as("repository root").exists();
        List<String> broken = new ArrayList<>();
        for (Path doc : markdownFiles(root)) {
            String text = Files.readString(doc);
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // https:, mailto:, data: ...
                }
                Path resolved = doc.getParent().resolve(target).normalize();
                if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                    broken.add(root.relativize(doc) + ": " + target);
                }
            }
        }
        assertThat(broken)
                .as("links that leave the repository or point nowhere")
                .isEmpty();
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|runs|node_modules)/.*"))
                    .filter(p -> !root.relativize(p).startsWith(".git"))
                    .sorted()
                    .toList();
        }
    }
}
