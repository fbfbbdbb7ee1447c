package io.dsml.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsml.core.config.JacksonMessages;
import io.dsml.core.error.DsmlException;
import io.dsml.core.export.ModelExport;
import io.dsml.core.files.AtomicFile;
import io.dsml.core.files.IoFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of one cell, {@code cells/<id>/} of a run directory ({@link RunStore#cell}): the one
 * place that names them, reads the cell's result back and writes it atomically.
 *
 * @param dir the cell's directory
 */
public record CellFiles(Path dir) {
    /** The cell's outcome ({@link CellResult}), written once it finished or diverged. */
    public static final String RESULT = "result.json";
    /** The training state a killed or extended cell resumes from. */
    public static final String CHECKPOINT = "checkpoint.bin";
    /** One JSON record per trained epoch. */
    public static final String METRICS = "metrics.jsonl";
    /** Diagnostics within epochs ({@code evaluation.probes_per_epoch}); not trimmed on resume. */
    public static final String PROBES = "probes.jsonl";
    /** The final test embeddings [n, dim]. */
    public static final String TEST_EMBEDDINGS = "test_embeddings.npy";
    /** The final test embeddings' labels [n]. */
    public static final String TEST_LABELS = "test_labels.npy";
    /** The final class-probability logits [n, classes] (for ECE/NLL, reliability). */
    public static final String TEST_LOGITS = "test_logits.npy";
    /** The lock a process holds while it trains the cell ({@link CellLock}). */
    public static final String LOCK = ".lock";
    /** Why a distributed cell failed on every attempt. */
    public static final String ERROR = "error.txt";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The cell's files in {@code dir}. */
    public static CellFiles in(Path dir) {
        return new CellFiles(dir);
    }

    public Path result() {
        return dir.resolve(RESULT);
    }

    public Path checkpoint() {
        return dir.resolve(CHECKPOINT);
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    public Path probes() {
        return dir.resolve(PROBES);
    }

    public Path testEmbeddings() {
        return dir.resolve(TEST_EMBEDDINGS);
    }

    public Path testLabels() {
        return dir.resolve(TEST_LABELS);
    }

    public Path testLogits() {
        return dir.resolve(TEST_LOGITS);
    }

    /** The saved model's directory ({@link ModelExport}). */
    public Path model() {
        return dir.resolve(ModelExport.DIRECTORY);
    }

    public Path lock() {
        return dir.resolve(LOCK);
    }

    public Path error() {
        return dir.resolve(ERROR);
    }

    /** Whether the cell has a result (finished or diverged). */
    public boolean hasResult() {
        return Files.exists(result());
    }

    /** Whether the cell left anything to resume from: a checkpoint or a result. */
    boolean holdsState() {
        return Files.exists(checkpoint()) || hasResult();
    }

    /**
     * The cell's result.
     *
     * @throws DsmlException naming the file when it is unreadable or not a result
     */
    public CellResult readResult() {
        Path file = result();
        try {
            return JSON.readValue(file.toFile(), CellResult.class);
        } catch (JsonProcessingException e) {
            throw new DsmlException(file + ": not a cell result (" + JacksonMessages.syntax(e)
                    + "); delete it to train the cell again");
        } catch (IOException e) {
            throw new DsmlException(file + ": unreadable cell result: " + IoFailure.reason(e));
        }
    }

    /** Writes the cell's result atomically. */
    void writeResult(CellResult result) {
        try {
            RunDirectory.writeAtomically(result(), JSON.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes the temporary files of writers killed mid-write. Only under the cell's lock: then
     * no writer of these files runs, so a temporary file is a killed one's.
     */
    void removeStaleTemporaries() {
        for (Path file : List.of(checkpoint(), result(), metrics())) {
            AtomicFile.removeStaleTemporaries(file);
        }
    }

    /**
     * On resume, the log keeps the epochs the checkpoint covers; lines after it are redone. A
     * damaged kept line is an error naming the line: continuing would build on a broken record.
     */
    void keepFirstMetricsLines(int epochs) {
        Path file = metrics();
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept;
        try {
            kept = Files.readAllLines(file).stream().limit(epochs).toList();
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the metrics log: " + IoFailure.reason(e));
        }
        for (int n = 0; n < kept.size(); n++) {
            if (!isEpochRecord(kept.get(n), n + 1)) {
                throw new DsmlException(file + " line " + (n + 1) + ": not the record of epoch " + (n + 1)
                        + " (the log was damaged); repair or delete that line, then resume again");
            }
        }
        RunDirectory.writeAtomically(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }

    private static boolean isEpochRecord(String line, int epoch) {
        try {
            JsonNode record = JSON.readTree(line);
            return record != null && record.isObject() && record.path("epoch").asInt(-1) == epoch;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
