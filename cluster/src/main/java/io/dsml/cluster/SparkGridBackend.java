package io.dsml.cluster;

import io.dsml.app.grid.GridBackend;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.run.RunStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs an experiment's cells as one Spark job, a task per cell. The driver (this process) has
 * already validated the experiment and loaded its data; here it checks that the master answers
 * and that every executor sees and can write the run directory, before any cell starts. Cells
 * with a {@code result.json} are never retrained (a resumed run skips them); a task that Spark
 * retries resumes its cell from the checkpoint; a cell that fails on every attempt is reported
 * with its error, and the other cells finish. The driver then writes the aggregated tables.
 */
public final class SparkGridBackend implements GridBackend {
    @Override
    public String name() {
        return io.dsml.app.grid.GridBackends.SPARK;
    }

    @Override
    public void check(String master, Map<String, String> settings) {
        SparkSettings.of(master, settings);
    }

    @Override
    public ExperimentRunner.Summary run(Job job, ExperimentRunner.Prepared prepared, PrintStream out) {
        SparkSettings settings = SparkSettings.of(job.master(), job.settings());
        RunDirectory directory = job.directory();
        Path runDir = directory.root().toAbsolutePath().normalize();
        List<CellPlan> selected = job.selection().select(prepared.cells());
        List<CellPlan> toTrain = selected.stream()
                .filter(plan -> !RunStore.at(runDir).cell(plan.id()).hasResult())
                .toList();
        Map<String, TaskOutcome> outcomes = new LinkedHashMap<>();
        if (!toTrain.isEmpty()) {
            try (JavaSparkContext spark = settings.start("dsml " + job.config().name())) {
                if (!job.quiet()) {
                    out.printf(
                            "spark: %s, %d cell(s) to train as %d task(s), %d already finished%n",
                            spark.master(), toTrain.size(), toTrain.size(), selected.size() - toTrain.size());
                }
                RunDirectoryProbe.check(spark, runDir);
                ExperimentRunner.writeConfig(job.config(), directory, job.resumed());
                String yaml = new ConfigLoader().toYaml(job.config());
                String dataDir = job.dataDir() == null
                        ? null
                        : job.dataDir().toAbsolutePath().toString();
                List<CellTask.Input> inputs = toTrain.stream()
                        .map(plan -> new CellTask.Input(
                                yaml, dataDir, runDir.toString(), plan.id(), settings.taskAttempts()))
                        .toList();
                List<String> collected = spark.parallelize(inputs, inputs.size())
                        .map(new CellTask())
                        .collect();
                collected.stream().map(TaskOutcome::fromJson).forEach(o -> outcomes.put(o.cellId(), o));
            }
        }
        return aggregate(job, prepared, directory, outcomes, out);
    }

    /** The grid's results in grid order: finished cells from disk, failed ones from their tasks. */
    private static ExperimentRunner.Summary aggregate(
            Job job,
            ExperimentRunner.Prepared prepared,
            RunDirectory directory,
            Map<String, TaskOutcome> outcomes,
            PrintStream out) {
        List<CellResult> finished = ExperimentRunner.finishedResults(
                directory, prepared.cells(), job.config().training().epochs());
        Map<String, CellResult> byId = new LinkedHashMap<>();
        finished.forEach(r -> byId.put(r.cellId(), r));
        String dataset =
                job.config().dataset().name() + "/" + job.config().dataset().split();
        for (CellPlan plan : prepared.cells()) {
            TaskOutcome outcome = outcomes.get(plan.id());
            if (outcome != null && outcome.error() != null && !byId.containsKey(plan.id())) {
                out.println("cell " + plan.id() + " failed on every attempt: " + outcome.error());
                RunDirectory.writeAtomically(
                        directory.store().createCell(plan.id()).error(), outcome.error() + "\n");
                byId.put(
                        plan.id(),
                        new CellResult(
                                plan.id(),
                                dataset,
                                plan.backbone().displayName(),
                                plan.loss().displayName(),
                                plan.seed(),
                                CellResult.FAILED,
                                outcome.error(),
                                0,
                                0,
                                null));
            }
        }
        List<CellResult> results = new ArrayList<>();
        for (CellPlan plan : prepared.cells()) {
            if (byId.containsKey(plan.id())) {
                results.add(byId.get(plan.id()));
            }
        }
        if (results.isEmpty()) {
            throw new DsmlException(directory.root() + ": no cell finished");
        }
        return ExperimentRunner.writeResults(
                directory, job.config(), results, ExperimentRunner.missingIds(prepared.cells(), results));
    }

    /** How this driver reaches Spark. */
    record SparkSettings(SparkConf conf, int taskAttempts) {
        /** The master URLs Spark 4.0 accepts (checked here: Spark logs a stack trace for others). */
        private static final java.util.regex.Pattern MASTER_URL =
                java.util.regex.Pattern.compile("local(\\[[^]]+])?|local-cluster\\[[^]]+]|spark://.+|yarn|k8s://.+");

        /**
         * @param master {@code --spark}'s value; empty: what {@code spark-submit} configured
         * @param settings {@code --spark-conf} settings
         */
        static SparkSettings of(String master, Map<String, String> settings) {
            SparkConf conf = new SparkConf(); // spark.* system properties: spark-submit's settings
            settings.forEach(conf::set);
            if (!master.isBlank()) {
                conf.setMaster(master.trim());
            }
            if (!conf.contains("spark.master")) {
                throw new DsmlException("--spark: no master; give --spark MASTER (e.g. 'local[2]', "
                        + "spark://host:7077) or run through spark-submit --master");
            }
            String url = conf.get("spark.master");
            if (!MASTER_URL.matcher(url).matches()) {
                throw new DsmlException("--spark " + url + ": not a Spark master URL (local[N], local[N,F], "
                        + "spark://HOST:PORT, yarn, k8s://HOST:PORT)");
            }
            MasterAddress.checkReachable(url);
            // The engine's OpenMP pool: as many threads as a task has cores (the executor's
            // processes are started with this environment; local mode inherits the driver's).
            String taskCpus = conf.get("spark.task.cpus", "1");
            if (!conf.contains("spark.executorEnv.OMP_NUM_THREADS")) {
                conf.set("spark.executorEnv.OMP_NUM_THREADS", taskCpus);
            }
            if (!conf.contains("spark.executorEnv.MXNET_ENGINE_TYPE")
                    && !conf.contains("spark.task.resource.gpu.amount")) {
                // as ./dsml does without a GPU: operators in the calling thread (README, Engines)
                conf.set("spark.executorEnv.MXNET_ENGINE_TYPE", "NaiveEngine");
            }
            if (!master.isBlank() && url.startsWith("spark://") && !conf.contains("spark.executor.extraClassPath")) {
                // ./dsml --spark spark://...: executors load dsml from the same paths as this
                // driver (a shared installation); spark-submit ships the jars instead
                conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            }
            String options = conf.get("spark.executor.extraJavaOptions", "");
            if (!options.contains("ai.djl.offline")) {
                options += " -Dai.djl.offline=true";
            }
            if (!options.contains("ai.djl.pytorch.num_threads")) {
                options += " -Dai.djl.pytorch.num_threads=" + taskCpus; // the PyTorch engine's intra-op pool
            }
            conf.set("spark.executor.extraJavaOptions", options.trim());
            if (!conf.contains("spark.ui.enabled")) {
                conf.set("spark.ui.enabled", "false");
            }
            return new SparkSettings(conf, attempts(conf, url));
        }

        /** Spark's attempts per task: local[N] makes 1 and local[N,F] F; clusters spark.task.maxFailures. */
        static int attempts(SparkConf conf, String master) {
            java.util.regex.Matcher local = java.util.regex.Pattern.compile("local\\[[^,\\]]+,\\s*(\\d+)]")
                    .matcher(master);
            if (local.matches()) {
                return Integer.parseInt(local.group(1));
            }
            if (master.startsWith("local")) {
                return 1;
            }
            return conf.getInt("spark.task.maxFailures", 4);
        }

        JavaSparkContext start(String appName) {
            if (!conf.contains("spark.app.name")) {
                conf.setAppName(appName);
            }
            try {
                return new JavaSparkContext(conf);
            } catch (Exception e) { // Scala throws SparkException (checked) undeclared
                throw new DsmlException("--spark " + conf.get("spark.master") + ": cannot start the Spark job: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
    }
}
