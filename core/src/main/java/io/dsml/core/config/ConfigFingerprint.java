package io.dsml.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 of everything in an experiment's configuration that shapes a cell's training, that
 * is all of it except {@code training.epochs}, which a resumed run may raise to train longer, and
 * {@code training.devices}, since a checkpoint resumes exactly on any number of devices, and
 * {@code engine}, since it resumes on either engine, and what is measured without shaping training
 * ({@code evaluation.probes_per_epoch}, {@code evaluation.measure_test}).
 * Checkpoints record it, so that resuming with a configuration edited since (a different learning
 * rate, loss or dataset) is refused instead of mixing two configurations in one cell.
 */
public final class ConfigFingerprint {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ConfigFingerprint() {}

    /** The fingerprint, 64 hex digits. */
    public static String of(ExperimentConfig config) {
        JsonNode tree = CANONICAL.valueToTree(config);
        ((ObjectNode) tree.get("training")).remove("epochs");
        ((ObjectNode) tree.get("training")).remove("devices");
        // probes measure the network without changing it
        ((ObjectNode) tree.get("evaluation")).remove("probes_per_epoch");
        // whether the test split is measured: training is the same either way
        ((ObjectNode) tree.get("evaluation")).remove("measure_test");
        // parameters and optimizer state are engine-independent: a checkpoint resumes on either
        ((ObjectNode) tree).remove("engine");
        ((ObjectNode) tree).remove("tune"); // what dsml tune searches; the cells train the same
        try {
            // writeValueAsString of a tree keeps insertion order; re-sorting goes through a map
            Object sorted = CANONICAL.treeToValue(tree, Object.class);
            byte[] canonical = CANONICAL.writeValueAsString(sorted).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a bound config always serialises", e);
        }
    }
}
