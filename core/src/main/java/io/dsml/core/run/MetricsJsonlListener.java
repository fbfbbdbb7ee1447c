package io.dsml.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends one JSON line per epoch to {@code metrics.jsonl}: loss, timings and metrics. */
public final class MetricsJsonlListener implements TrainingListener {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public MetricsJsonlListener(Path file) {
        this.file = file;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("epoch", record.epoch());
        line.put("steps", record.steps());
        line.put("loss", record.loss());
        line.put("train_seconds", record.trainSeconds());
        line.put("eval_seconds", record.evalSeconds());
        record.metrics().forEach(line::put);
        append(file, line, "the epoch's record");
    }

    /** Appends {@code line} and a newline to {@code file}, or fails naming {@code what}. */
    static void append(Path file, ObjectNode line, String what) {
        try {
            Files.writeString(
                    file,
                    JSON.writeValueAsString(line) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new io.dsml.core.error.DsmlException(
                    file + ": cannot append " + what + ": " + io.dsml.core.files.IoFailure.reason(e), e);
        }
    }
}
