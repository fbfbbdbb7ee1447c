package io.dsml.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.files.PathComponent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names that become paths or table cells, and the YAML that dsml reads: what would escape the
 * runs directory, break a table row, or be read as something other than what was written is
 * refused with the key path (or line).
 */
class NamesAndPlainYamlTest {
    private static final String BASE = """
            name: demo
            dataset: {name: fashion-mnist-quickstart}
            backbones: [{name: conv-2}]
            losses: [{name: softmax}]
            """;

    private static ExperimentConfig load(String yaml, String... overrides) {
        return new ConfigLoader()
                .load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of(overrides));
    }

    @Test
    void anExperimentNameThatIsNotAPlainDirectoryNameIsRefused() {
        for (String name : List.of("..", ".")) {
            assertThatThrownBy(() -> load(BASE, "name=" + name))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageStartingWith(
                            "test.yaml: name: names the run's directory, so it cannot be '" + name + "'");
        }
        for (String name : List.of("../x", "a/b", "")) {
            assertThatThrownBy(() -> load(BASE, "name='" + name + "'"))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageStartingWith("test.yaml: name: ");
        }
        assertThat(load(BASE, "name=my.run-2").name()).isEqualTo("my.run-2");
    }

    @Test
    void thePathComponentValidatorRefusesEveryEscape() {
        for (String bad : List.of("..", ".", "", "a/b", "a\\b", "a\nb", "a\u0000b", "x".repeat(256))) {
            assertThat(PathComponent.problem(bad)).as("'%s'", bad).isNotNull();
        }
        assertThatThrownBy(() -> PathComponent.require("cell id", "a\nb"))
                .isInstanceOf(DsmlException.class)
                .hasMessage("cell id: 'aU+000Ab' cannot name a directory (it contains the control character U+000A)");
        assertThat(PathComponent.require("cell id", "conv-2__vmf__seed1")).isEqualTo("conv-2__vmf__seed1");
    }

    @Test
    void labelsWithControlCharactersAreRefusedWithTheKeyPath() {
        assertThatThrownBy(() -> load(BASE, "losses[0].label=\"two\\nlines\""))
                .isInstanceOf(DsmlException.class)
                .hasMessage("test.yaml: losses[0].label: the label contains the control character U+000A; labels are "
                        + "one line of text");
        assertThatThrownBy(() -> load(BASE, "backbones[0].params={weights: \"/tmp/a\\tb.pth\"}"))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("test.yaml: backbones[0]: the label made of its name and params contains the "
                        + "control character U+0009");
        assertThat(load(BASE, "losses[0].label=a | b").losses().get(0).displayName())
                .as("a bar is text: the tables escape it")
                .isEqualTo("a | b");
    }

    @Test
    void aliasesAreRefusedWithTheirLineNotReadAsTheAnchorsName() {
        String aliased = """
                name: demo
                dataset: {name: fashion-mnist-quickstart}
                backbones: [{name: conv-2}]
                losses:
                  - {name: softmax, label: &lab mylabel}
                  - {name: softmax, label: *lab}
                """;
        assertThatThrownBy(() -> load(aliased))
                .isInstanceOf(DsmlException.class)
                .hasMessage("test.yaml: line 6: the YAML alias '*lab' is not supported (dsml reads plain values); "
                        + "write the value out");
        String number = BASE + "training: {epochs: &d 2, max_steps_per_epoch: *d}\n";
        assertThatThrownBy(() -> load(number))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("test.yaml: line 5: the YAML alias '*d' is not supported");
        String merged = BASE + "base: &b {epochs: 2}\ntraining:\n  <<: *b\n";
        assertThatThrownBy(() -> load(merged))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("the YAML alias '*b' is not supported");
        assertThatThrownBy(() -> load(BASE, "losses[0].label=*lab"))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("config override losses[0].label=*lab: line 1: the YAML alias '*lab'");
        assertThat(load(BASE, "losses[0].label=&lab mylabel").losses().get(0).label())
                .as("an anchor alone changes nothing")
                .isEqualTo("mylabel");
    }

    @Test
    void aSecondDocumentIsRefusedNotIgnored() {
        assertThatThrownBy(() -> load(BASE + "---\nname: other\n"))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("test.yaml: line 6: a second YAML document; a config is one document");
        assertThat(load("---\n" + BASE + "...\n").name())
                .as("one explicit document")
                .isEqualTo("demo");
    }

    @Test
    void aFileThatIsNotUtf8IsStillRefused() {
        byte[] latin1 = (BASE + "description: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> new ConfigLoader().load("test.yaml", new ByteArrayInputStream(latin1), List.of()))
                .isInstanceOf(DsmlException.class)
                .hasMessage("test.yaml: not valid YAML: the file is not UTF-8 text (line 5)");
    }
}
