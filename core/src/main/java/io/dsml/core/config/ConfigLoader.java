package io.dsml.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads experiment YAML into {@link ExperimentConfig}, applying {@code key.path=value} overrides
 * first. Keys are snake_case. Unknown keys, wrong types and invalid values fail with a {@link
 * DsmlException} naming the source and the key path.
 */
public final class ConfigLoader {
    private static final Pattern OVERRIDE = Pattern.compile("([A-Za-z0-9_.\\[\\]-]+)=(.*)", Pattern.DOTALL);
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_-]+)((?:\\[\\d+])*)");

    private final ObjectMapper yaml;

    public ConfigLoader() {
        yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // A repeated key would otherwise silently keep the last value.
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // `epochs: 2.9` must not become 2.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** Loads a config file. */
    public ExperimentConfig load(Path file, List<String> overrides) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return load(source, in, overrides);
        } catch (NoSuchFileException e) {
            throw new DsmlException(source + ": no such config file");
        } catch (IOException e) {
            throw new DsmlException(source + ": cannot read config: " + io.dsml.core.files.IoFailure.reason(e));
        }
    }

    /**
     * Loads a config from a stream.
     *
     * @param source how to name the stream in messages (a file name or resource)
     */
    public ExperimentConfig load(String source, InputStream in, List<String> overrides) {
        JsonNode tree;
        try {
            String text = utf8(source, in.readAllBytes());
            PlainYaml.require(source, text);
            tree = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DsmlException(source + ": not valid YAML: " + JacksonMessages.syntax(e) + locationOf(e));
        } catch (java.io.CharConversionException e) {
            throw new DsmlException(source + ": not valid YAML: the file is not UTF-8 text");
        } catch (IOException e) {
            throw new DsmlException(source + ": cannot read config: " + io.dsml.core.files.IoFailure.reason(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new DsmlException(source + ": a config must be a YAML mapping");
        }
        for (String override : overrides) {
            applyOverride(source, (ObjectNode) tree, override);
        }
        ExperimentConfig config = bind(source, tree);
        ConfigValidator.validate(source, config);
        return config;
    }

    /**
     * Decodes strictly: a file that is not UTF-8 is refused with the line of its first bad byte,
     * not read with replacement characters.
     */
    private static String utf8(String source, byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new DsmlException(source + ": not valid YAML: the file is not UTF-8 text (line " + line + ")");
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte-order mark is no content
    }

    /** Writes the resolved config as YAML, for the run directory's record. */
    public String toYaml(ExperimentConfig config) {
        try {
            return yaml.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExperimentConfig bind(String source, JsonNode tree) {
        try {
            return yaml.treeToValue(tree, ExperimentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String valid = e.getKnownPropertyIds().stream()
                    .map(Object::toString)
                    .sorted()
                    .collect(Collectors.joining(", "));
            throw new DsmlException(source + ": unknown key '" + pathOf(e) + "' (valid here: " + valid + ")");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ConfigChoice.UnknownChoice unknown) {
                // worded as the validator words a bad value, which it was until choices became enums
                throw new DsmlException(source + ": " + pathOf(e) + ": " + unknown.getMessage());
            }
            throw new DsmlException(
                    source + ": invalid value at '" + pathOf(e) + "': " + JacksonMessages.mapping(e, tree));
        } catch (JsonProcessingException e) {
            throw new DsmlException(source + ": " + JacksonMessages.syntax(e));
        }
    }

    static String pathOf(JsonMappingException e) {
        return JacksonMessages.path(e);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /**
     * Sets {@code a.b[2].c=value} in the tree; the value is parsed as YAML (numbers, lists...).
     *
     * @param source the config the override applies to, for messages
     */
    void applyOverride(String source, ObjectNode root, String override) {
        Matcher m = OVERRIDE.matcher(override);
        if (!m.matches()) {
            throw new DsmlException(override(override), "expected key.path=value");
        }
        String keyPath = m.group(1);
        JsonNode value = parseValue(override, m.group(2));
        if (value.isNull()) {
            // Binding would silently turn null into the default, not what the user asked for.
            throw new DsmlException(
                    source,
                    override(override),
                    "'" + keyPath
                            + "' needs a value (null would silently mean the default; leave the "
                            + UserInput.Kind.CONFIG_OVERRIDE.mention() + " out for that)");
        }
        List<Object> steps = parsePath(override, keyPath);
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            node = child(override, node, steps.get(i), steps.get(i + 1));
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof String field) {
            if (!node.isObject()) {
                throw new DsmlException(override(override), "'" + field + "' is not inside a mapping");
            }
            ((ObjectNode) node).set(field, value);
        } else {
            if (!node.isArray()) {
                throw new DsmlException(override(override), "[" + last + "] indexes something that is not a list");
            }
            ArrayNode array = (ArrayNode) node;
            BigInteger index = (BigInteger) last;
            if (!within(index, array)) {
                throw new DsmlException(override(override), "index " + index + " is past the end of the list");
            }
            array.set(index.intValueExact(), value);
        }
    }

    private JsonNode parseValue(String override, String text) {
        PlainYaml.problem(text).ifPresent(problem -> {
            throw new DsmlException(override(override), problem);
        });
        try {
            JsonNode value = yaml.readTree(text);
            return value == null || value.isMissingNode() ? NullNode.getInstance() : value;
        } catch (JsonProcessingException e) {
            throw new DsmlException(override(override), "value is not valid YAML");
        }
    }

    private static List<Object> parsePath(String override, String keyPath) {
        List<Object> steps = new ArrayList<>();
        for (String part : keyPath.split("\\.")) {
            Matcher seg = SEGMENT.matcher(part);
            if (!seg.matches()) {
                throw new DsmlException(override(override), "bad key path '" + keyPath + "'");
            }
            steps.add(seg.group(1));
            Matcher idx = Pattern.compile("\\[(\\d+)]").matcher(seg.group(2));
            while (idx.find()) {
                steps.add(new BigInteger(idx.group(1))); // any size: compared with the list's
            }
        }
        return steps;
    }

    private static JsonNode child(String override, JsonNode node, Object step, Object next) {
        if (step instanceof String field) {
            if (!node.isObject()) {
                throw new DsmlException(override(override), "'" + field + "' is not inside a mapping");
            }
            ObjectNode object = (ObjectNode) node;
            JsonNode child = object.get(field);
            if (child == null || child.isNull()) {
                child = next instanceof String ? object.putObject(field) : object.putArray(field);
            }
            return child;
        }
        BigInteger index = (BigInteger) step;
        if (!node.isArray() || !within(index, node)) {
            throw new DsmlException(
                    override(override),
                    "no list element [" + index + "]" + (node.isArray() ? " (the list has " + node.size() + ")" : ""));
        }
        return node.get(index.intValueExact());
    }

    private static UserInput override(String override) {
        return new UserInput(UserInput.Kind.CONFIG_OVERRIDE, override);
    }

    private static boolean within(BigInteger index, JsonNode list) {
        return index.compareTo(BigInteger.valueOf(list.size())) < 0;
    }
}
