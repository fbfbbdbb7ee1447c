package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import org.junit.jupiter.api.Test;

/** Library errors said in the command line's words: its options and environment variables. */
class InputNamesTest {
    @Test
    void everyKindOfInputHasItsOwnName() {
        var names = java.util.Arrays.stream(UserInput.Kind.values())
                .map(InputNames::of)
                .toList();
        assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.startsWith("--") || name.startsWith("DSML_"));
    }

    @Test
    void aMessageThatTookInItsCausesMessageSaysThatPartInTheCommandLinesWordsToo() {
        var cause = new DsmlException(
                "losses[0].name",
                null,
                "unknown loss 'x'; plugins: put a jar on " + UserInput.Kind.PLUGIN_PATH.mention());
        var wrapped = new DsmlException("run.yaml: " + cause.getMessage(), cause);
        assertThat(wrapped.getMessage()).endsWith("put a jar on the class path");
        assertThat(InputNames.message(wrapped))
                .isEqualTo("run.yaml: losses[0].name: unknown loss 'x'; plugins: put a jar on DSML_CLASSPATH");
        assertThat(InputNames.message(new DsmlException(new UserInput(UserInput.Kind.CONFIG_OVERRIDE, "a"), "bad")))
                .isEqualTo("--set a: bad");
    }
}
