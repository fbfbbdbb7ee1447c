package io.dsml.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code docs/config.md} lists every config key with the type and default the records have. */
class ConfigReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "config.md");

    @Test
    void everyKeyIsDocumentedWithItsTypeAndDefault() throws Exception {
        String page = Files.readString(PAGE);
        List<String> missing = ConfigKeys.all().stream()
                .map(key -> "| `" + key.path() + "` | " + key.type() + " | `" + key.defaultValue() + "` |")
                .filter(row -> !page.contains(row))
                .toList();
        assertThat(missing)
                .as(
                        "rows of docs/config.md that are missing or state another type or default (the row "
                                + "starts like this, then the key's meaning):\n%s",
                        missing.stream().collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void theKeysIncludeNestedSectionsAndListElements() {
        assertThat(ConfigKeys.all())
                .contains(new ConfigKeys.Key("training.schedule.warmup_epochs", "number", "0.0"))
                .contains(new ConfigKeys.Key("losses[N].params", "mapping", "{}"))
                .contains(new ConfigKeys.Key("training.devices", "list of strings", "[]"))
                .contains(new ConfigKeys.Key("seeds", "list of integers", "[1]"));
    }
}
