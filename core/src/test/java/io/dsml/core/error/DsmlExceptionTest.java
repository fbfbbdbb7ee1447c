package io.dsml.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Library messages name inputs in neutral words; a front end names them its own way. */
class DsmlExceptionTest {
    private static String option(UserInput.Kind kind) {
        return "--" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void anInputIsNamedByItsKindAndAFrontEndNamesItByItsOption() {
        var e = new DsmlException(
                "run.yaml",
                new UserInput(UserInput.Kind.CONFIG_OVERRIDE, "a=1"),
                "bad; leave the " + UserInput.Kind.CONFIG_OVERRIDE.mention() + " out");
        assertThat(e.getMessage()).isEqualTo("run.yaml: config override a=1: bad; leave the config override out");
        assertThat(e.message(DsmlExceptionTest::option))
                .isEqualTo("run.yaml: --config_override a=1: bad; leave the --config_override out");
        assertThat(e.input()).contains(new UserInput(UserInput.Kind.CONFIG_OVERRIDE, "a=1"));
    }

    @Test
    void anInputWithoutTextAndAHintAreNamedToo() {
        var e = new DsmlException(UserInput.of(UserInput.Kind.CLASS_CENTERS), "wrong shape");
        assertThat(e.getMessage()).isEqualTo("class centers: wrong shape");
        assertThat(e.message(DsmlExceptionTest::option)).isEqualTo("--class_centers: wrong shape");
        var hint = new DsmlException(
                UserInput.Kind.DATASET.mention(), null, "put a jar on " + UserInput.Kind.PLUGIN_PATH.mention());
        assertThat(hint.getMessage()).isEqualTo("dataset: put a jar on the class path");
        assertThat(hint.message(DsmlExceptionTest::option)).isEqualTo("--dataset: put a jar on --plugin_path");
        assertThat(hint.input()).isEmpty();
    }

    @Test
    void aMessageInOnePieceNamesTheKindsItMentionsToo() {
        var e = new DsmlException("x.npy: made by cell a; search with " + UserInput.Kind.CELL.mention() + " a");
        assertThat(e.getMessage()).isEqualTo("x.npy: made by cell a; search with cell a");
        assertThat(e.message(DsmlExceptionTest::option)).isEqualTo("x.npy: made by cell a; search with --cell a");
        assertThat(e.input()).isEmpty();
        var plain = new DsmlException("data/x.png: unreadable image", new RuntimeException());
        assertThat(plain.message(DsmlExceptionTest::option)).isEqualTo(plain.getMessage());
    }
}
