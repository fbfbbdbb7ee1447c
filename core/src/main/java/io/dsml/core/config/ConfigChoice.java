package io.dsml.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A config key that takes one word of a closed set: an enum whose constants are written in YAML as
 * their names in lower case, bound by {@link Deserializer} (name it in the enum's {@code
 * JsonDeserialize} annotation). The loader binds the word to the constant and the code that acts
 * on it switches over the enum, so the words accepted and the words acted on cannot drift apart.
 */
public interface ConfigChoice {
    /** The word as written in YAML. */
    @JsonValue
    default String key() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /**
     * A word that is none of a choice's keys. {@link ConfigLoader} reports it against the key's path,
     * as {@code training.optimizer: must be one of [adam, adamw, sgd]}.
     */
    final class UnknownChoice extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownChoice(String message) {
            super(message);
        }
    }

    /**
     * Binds a YAML scalar to the constant with that key, read as a text value first so that other
     * types are refused (or coerced) exactly as for a plain text key.
     */
    final class Deserializer extends JsonDeserializer<ConfigChoice> implements ContextualDeserializer {
        private final Class<?> type;

        /** The instance Jackson creates; {@link #createContextual} makes the one for each enum. */
        public Deserializer() {
            this(null);
        }

        private Deserializer(Class<?> type) {
            this.type = type;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            return new Deserializer(context.getContextualType().getRawClass());
        }

        @Override
        public ConfigChoice deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String word = context.readValue(parser, String.class);
            ConfigChoice[] choices = (ConfigChoice[]) type.getEnumConstants();
            for (ConfigChoice choice : choices) {
                if (choice.key().equals(word)) {
                    return choice;
                }
            }
            throw new UnknownChoice(Arrays.stream(choices)
                    .map(ConfigChoice::key)
                    .collect(Collectors.joining(", ", "must be one of [", "]")));
        }
    }
}
