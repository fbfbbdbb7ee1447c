package io.dsml.core.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.Map;

/**
 * Appends one JSON line per probe within an epoch ({@code evaluation.probes_per_epoch}) to {@code
 * probes.jsonl}: where in training it was taken, the test metrics and the loss's class-state
 * diagnostics. A diagnostic log: a resumed cell appends after what is there, so probes between
 * its checkpoint and an interruption appear twice (their {@code step} tells them apart).
 */
final class ProbesJsonlListener implements TrainingListener {
    private final Path file;

    ProbesJsonlListener(Path file) {
        this.file = file;
    }

    @Override
    public void onProbe(
            TrainingContext context,
            int epoch,
            long step,
            int stepInEpoch,
            int stepsInEpoch,
            Map<String, Double> values) {
        ObjectNode line = MetricsJsonlListener.JSON.createObjectNode();
        line.put("epoch", epoch);
        line.put("step", step);
        line.put("step_in_epoch", stepInEpoch);
        line.put("epoch_fraction", (double) stepInEpoch / stepsInEpoch);
        values.forEach(line::put);
        MetricsJsonlListener.append(file, line, "a probe");
    }
}
