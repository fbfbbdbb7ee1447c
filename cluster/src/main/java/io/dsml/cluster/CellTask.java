package io.dsml.cluster;

import ai.djl.Device;
import io.dsml.app.inject.AppInjector;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.engine.EngineSelection;
import io.dsml.core.engine.NativeLibraries;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.run.RunStore;
import io.dsml.core.train.AssignedDevices;
import io.dsml.core.train.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;

/**
 * One cell as a Spark task, run on an executor: prepares the experiment from its YAML (once per
 * executor JVM), then trains the cell in the shared run directory through
 * {@link ExperimentRunner#runCells}, which resumes it from its checkpoint if an earlier attempt
 * was lost, and returns its {@link TaskOutcome} as JSON. An error is rethrown while Spark has
 * attempts left (the retry resumes from the checkpoint); the last attempt reports it instead, so
 * that one cell failing for good does not abort the job and the other cells finish.
 */
final class CellTask implements Function<CellTask.Input, String> {
    private static final long serialVersionUID = 1L;

    /**
     * The engine's random generator is process-wide (the trainer seeds it per cell), so two cells
     * training at once in one executor JVM would draw from each other's sequence: cells of one
     * JVM run one at a time. Give each executor as many cores as a task
     * ({@code spark.executor.cores = spark.task.cpus}) to use the cluster fully.
     */
    static final Object ENGINE = new Object();

    private static String preparedKey;
    private static ExperimentRunner preparedRunner;
    private static ExperimentRunner.Prepared prepared;

    /**
     * A cell to train.
     *
     * @param configYaml the resolved experiment, as the run's {@code config.yaml} holds it
     * @param dataDir the dataset directory override, or {@code null}
     * @param runDir the run directory's absolute path
     * @param cellId the cell
     * @param attempts how many attempts Spark makes at a task before giving up
     */
    record Input(String configYaml, String dataDir, String runDir, String cellId, int attempts)
            implements Serializable {}

    @Override
    public String call(Input input) {
        NativeLibraries.initialise(); // an executor never runs dsml's main
        TaskContext task = TaskContext.get();
        try {
            synchronized (ENGINE) {
                return TaskOutcome.ok(train(input, task)).toJson();
            }
        } catch (RuntimeException | Error e) {
            if (task != null && task.attemptNumber() + 1 < input.attempts()) {
                throw e; // Spark retries; the next attempt resumes from the cell's checkpoint
            }
            return TaskOutcome.failed(input.cellId(), describe(e)).toJson();
        }
    }

    private static CellResult train(Input input, TaskContext task) {
        Path runDir = Path.of(input.runDir());
        if (!Files.isDirectory(runDir)) {
            throw new DsmlException(runDir + ": the run directory does not exist on this executor (it must be on "
                    + "storage every executor sees)");
        }
        RunDirectory directory = RunDirectory.existing(runDir);
        // the driver named the cells as this directory does (an older run keeps its longer ids)
        ExperimentRunner.Prepared ready = prepare(input).inDirectory(directory);
        Device[] devices = devices(task);
        Path checkpoint = directory.store().cell(input.cellId()).checkpoint();
        if (Files.exists(checkpoint)) {
            Checkpoint.Position at = Checkpoint.peek(checkpoint);
            System.err.printf(
                    "dsml: resuming cell %s from its checkpoint (%d epoch(s) and %d step(s) done), task attempt %d%n",
                    input.cellId(), at.epochsDone(), at.stepsInEpoch(), task == null ? 0 : task.attemptNumber());
        }
        while (true) {
            List<CellResult> results = AssignedDevices.with(
                    devices,
                    () -> preparedRunner.runCells(
                            ready, directory, plan -> plan.id().equals(input.cellId()), null));
            if (!results.isEmpty()) {
                return results.get(0);
            }
            // Another attempt holds the cell's lock (a speculative copy, or a lost executor whose
            // process has not died yet): wait for it to finish or to die, then look again.
            sleep();
        }
    }

    /** The experiment prepared once per executor JVM: the data are loaded once, not per cell. */
    private static synchronized ExperimentRunner.Prepared prepare(Input input) {
        String key = input.configYaml() + "\u0000" + input.dataDir();
        if (!key.equals(preparedKey)) {
            ExperimentConfig config = new ConfigLoader()
                    .load(
                            RunStore.CONFIG,
                            new ByteArrayInputStream(input.configYaml().getBytes(StandardCharsets.UTF_8)),
                            List.of());
            // the driver recorded the engine it chose in config.yaml: an executor JVM runs on it
            EngineSelection.forExperiment(config.engine(), RunStore.CONFIG);
            preparedRunner = AppInjector.create().getInstance(ExperimentRunner.class);
            prepared = preparedRunner.prepare(config, input.dataDir() == null ? null : Path.of(input.dataDir()));
            preparedKey = key;
        }
        return prepared;
    }

    /**
     * The GPUs Spark assigned to this task ({@code spark.task.resource.gpu.amount}), or the
     * engine's devices when none were (CPU tasks, local mode without resources).
     */
    static Device[] devices(TaskContext task) {
        Map<String, ResourceInformation> resources = task == null ? Map.of() : task.resourcesJMap();
        return gpus(resources);
    }

    static Device[] gpus(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources.get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            return AssignedDevices.current();
        }
        Device[] devices = new Device[gpu.addresses().length];
        for (int i = 0; i < devices.length; i++) {
            String address = gpu.addresses()[i];
            try {
                devices[i] = Device.gpu(Integer.parseInt(address.trim()));
            } catch (NumberFormatException e) {
                throw new DsmlException("Spark assigned GPU address '" + address + "': not a CUDA device index "
                        + "(the GPU discovery script must print indices, as Spark's getGpusResources.sh does)");
            }
        }
        return devices;
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DsmlException) {
                return t.getMessage();
            }
        }
        String message = e.getMessage() == null
                ? ""
                : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getName() + message;
    }

    private static void sleep() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DsmlException("interrupted while another attempt held the cell");
        }
    }
}
