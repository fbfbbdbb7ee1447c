package io.dsml.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;

/**
 * Turns Jackson's exceptions into words a user of a config file understands: what was expected at
 * a key and what was found there, never Jackson's class names, tokens or "creator" vocabulary.
 */
public final class JacksonMessages {
    private JacksonMessages() {}

    /**
     * Why a value could not be bound.
     *
     * @param tree the tree that was bound, to show the value found at the failing path
     */
    public static String mapping(JsonMappingException e, JsonNode tree) {
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage(); // a record's own check, already in words
        }
        JsonNode found = at(tree, e);
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + expected(mismatch.getTargetType()) + (found == null ? "" : ", got " + describe(found));
        }
        return "not a valid value" + (found == null ? "" : ": " + describe(found));
    }

    /** Where the failing value is, as keys and indexes: {@code pipeline.std[0]}. */
    public static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.toString();
    }

    /** A parse error of YAML or JSON text, without Jackson's location block. */
    public static String syntax(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field ")) {
            return "key " + message.substring("Duplicate field ".length()).replaceFirst(" for .*", "")
                    + " appears twice in one mapping";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.CharConversionException) {
                return "the file is not UTF-8 text";
            }
        }
        // SnakeYAML's own message spans lines with a caret drawing; its first line says it.
        String first = message.lines().findFirst().orElse(message).strip();
        return first.replaceAll("\\s*\\(for input String.*", "");
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || ConfigChoice.class.isAssignableFrom(type)) {
            return "a text value";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || type.isAnnotationPresent(JsonPOJOBuilder.class)) {
            return "a mapping (key: value)";
        }
        return "a " + type.getSimpleName();
    }

    private static String describe(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.asText();
    }

    /** The node at the exception's path, or null if the path does not lead to one. */
    private static JsonNode at(JsonNode tree, JsonMappingException e) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (node == null) {
                return null;
            }
            node = ref.getIndex() >= 0 ? node.get(ref.getIndex()) : node.get(ref.getFieldName());
        }
        return node == tree ? null : node;
    }
}
