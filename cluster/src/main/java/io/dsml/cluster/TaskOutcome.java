package io.dsml.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.run.CellResult;
import java.io.UncheckedIOException;

/**
 * What a cell's task sends back to the driver, as JSON: the cell's result, or the error that
 * every attempt at it ended with.
 *
 * @param cellId the cell
 * @param result its result, or {@code null} if it failed
 * @param error one line naming what went wrong, or {@code null}
 */
record TaskOutcome(String cellId, CellResult result, String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TaskOutcome ok(CellResult result) {
        return new TaskOutcome(result.cellId(), result, null);
    }

    static TaskOutcome failed(String cellId, String error) {
        return new TaskOutcome(cellId, null, error);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TaskOutcome fromJson(String json) {
        try {
            return JSON.readValue(json, TaskOutcome.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
