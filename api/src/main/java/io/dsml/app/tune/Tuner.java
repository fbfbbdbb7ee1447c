package io.dsml.app.tune;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import io.dsml.app.run.Experiment;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ComponentConfig;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.AtomicFile;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.train.Cancellation;
import io.dsml.core.tune.SearchMethod;
import io.dsml.core.tune.SearchSpec;
import io.dsml.core.tune.Trial;
import io.dsml.core.tune.TrialsTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs {@code dsml tune}: for each loss, a search of its {@code tune.space}, trial by trial, each
 * trial an experiment run in {@code tune/<loss>/trial-NNN/} (so a killed search resumes where it
 * stopped, trial by trial and cell by cell); then each loss's best configuration trained with
 * every seed in {@code final/<loss>/}, and the losses compared in {@code final/results.md}.
 *
 * <p>A trial's proposal depends only on the search's seed, its number and the trials of earlier
 * <em>generations</em> ({@code tune.parallel} trials each), so a resumed search, or the processes
 * of a search shared with {@code --cells i/n}, propose exactly what one uninterrupted process
 * would; a process waits for the trials of the earlier generations that others still train.
 * Proposals are recorded in each trial's {@code trial.json} and checked on resume.
 */
public final class Tuner {
    /** What a trial records of itself. */
    static final String TRIAL_FILE = "trial.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_MILLIS = 20_000;

    private final Experiment experiment;
    private final ExperimentRunner runner;

    @Inject
    public Tuner(Experiment experiment, ExperimentRunner runner) {
        this.experiment = experiment;
        this.runner = runner;
    }

    /**
     * The outcome of a search for one loss.
     *
     * @param best the best complete trial, if any
     * @param bestConfig the experiment of the best trial, or {@code null}
     */
    public record LossSearch(String loss, List<Trial> trials, Trial best, ExperimentConfig bestConfig) {}

    /**
     * Tunes every loss of {@code config} and compares their best configurations ({@link #check}
     * it first).
     *
     * @param root the tuning run's directory (its {@code config.yaml} already written)
     * @param trialOptions how each trial and final run is run: shares, grid backend, data, quiet;
     *     its run directories are set here
     * @return each loss's search, in the experiment's order
     */
    public List<LossSearch> tune(
            ExperimentConfig config,
            RunDirectory root,
            Experiment.Options trialOptions,
            PrintStream out,
            Consumer<String> warnings,
            Cancellation cancellation) {
        List<LossSearch> searches = new ArrayList<>();
        for (ComponentConfig loss : config.losses()) {
            searches.add(search(config, loss, root, trialOptions, out, warnings, cancellation));
        }
        TuneSummary.write(root, config, searches);
        finalComparison(config, searches, root, trialOptions, out, warnings, cancellation);
        return searches;
    }

    /**
     * Checks, without touching any file, that {@code config} can be tuned: it has a {@code tune:}
     * section and held-out training classes to score on, every loss's space and first trial are
     * valid, and the data is there.
     *
     * @param dataDir where the dataset's files are, or {@code null} for the config's
     *
     * @throws DsmlException naming what is wrong
     */
    public void check(ExperimentConfig config, Path dataDir) {
        requireTunable(config);
        ExperimentConfig first = null;
        for (ComponentConfig loss : config.losses()) {
            SearchSpec spec = config.tune().spec(loss.displayName(), loss.name());
            ExperimentConfig trial =
                    trialConfig(config, loss, spec.createMethod().propose(0, List.of()), List.of(1L));
            runner.validate(trial);
            first = first == null ? trial : first;
        }
        if (first != null) {
            runner.prepare(first, dataDir); // the data, and what only the data can tell (folds, batch size)
        }
    }

    private static void requireTunable(ExperimentConfig config) {
        if (config.tune() == null) {
            throw new DsmlException("the experiment has no tune: section (what to search for each loss); see README,"
                    + " 'Tuning every loss the same way'");
        }
        if (!config.evaluation().selects()) {
            throw new DsmlException("dsml tune scores trials on held-out training classes, never on the test split:"
                    + " set evaluation.folds (e.g. 4) or evaluation.select_split");
        }
    }

    private LossSearch search(
            ExperimentConfig config,
            ComponentConfig loss,
            RunDirectory root,
            Experiment.Options options,
            PrintStream out,
            Consumer<String> warnings,
            Cancellation cancellation) {
        String label = loss.displayName();
        SearchSpec spec = config.tune().spec(label, loss.name());
        SearchMethod method = spec.createMethod();
        Path lossDir = lossDir(root, "tune", label);
        List<Long> trialSeeds = List.of(config.seeds().get(0));
        List<TrialRun> runs = new ArrayList<>();
        int parallel = config.tune().parallel();
        // the budget is counted at generation boundaries only, when every earlier trial has
        // finished, so every process sharing the search decides alike
        Duration spent = Duration.ZERO;
        for (int n = 0; spec.mayStartAnother(n, spent); n++) {
            int generation = n - n % parallel;
            if (n == generation) {
                awaitFinished(config, loss, runs, lossDir, trialSeeds, out, cancellation);
                spent = trainingTime(runs);
                if (!spec.mayStartAnother(n, spent)) {
                    break;
                }
            }
            List<Trial> earlier = trials(runs.subList(0, generation));
            Map<String, Object> values =
                    recordedProposal(trialDir(lossDir, n), spec.space().ordered(method.propose(n, earlier)));
            ExperimentConfig trialConfig =
                    TrialConfigs.asRecorded(trialDir(lossDir, n), trialConfig(config, loss, values, trialSeeds));
            out.println("tune " + label + ": trial " + n + " of at most " + spec.trials() + ": " + values);
            runTrial(trialConfig, trialDir(lossDir, n), root, options, out, warnings, cancellation);
            runs.add(readTrial(trialConfig, trialDir(lossDir, n), n, values));
            writeTables(lossDir, spec, trials(runs));
        }
        awaitFinished(config, loss, runs, lossDir, trialSeeds, out, cancellation);
        List<Trial> trials = trials(runs);
        writeTables(lossDir, spec, trials);
        Trial best = Trial.best(trials).orElse(null);
        ExperimentConfig bestConfig = best == null ? null : finalConfig(config, loss, best.params());
        return new LossSearch(label, List.copyOf(trials), best, bestConfig);
    }

    /**
     * A trial and the training time of its finished cells (the budget {@code tune.wall_time}
     * counts), read together from its run directory.
     */
    private record TrialRun(Trial trial, double trainSeconds) {}

    private static List<Trial> trials(List<TrialRun> runs) {
        return runs.stream().map(TrialRun::trial).toList();
    }

    private static Duration trainingTime(List<TrialRun> runs) {
        double seconds = runs.stream().mapToDouble(TrialRun::trainSeconds).sum();
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static void writeTables(Path lossDir, SearchSpec spec, List<Trial> trials) {
        new TrialsTable(spec.space(), trials).write(lossDir);
        TunePlots.write(lossDir, spec.space(), trials);
    }

    /**
     * Replaces the trials still running (held by other processes) with what they became, waiting
     * until every one has finished: later proposals learn from them.
     */
    private void awaitFinished(
            ExperimentConfig config,
            ComponentConfig loss,
            List<TrialRun> runs,
            Path lossDir,
            List<Long> seeds,
            PrintStream out,
            Cancellation cancellation) {
        boolean said = false;
        while (true) {
            for (int i = 0; i < runs.size(); i++) {
                Trial t = runs.get(i).trial();
                if (t.status() == Trial.Status.RUNNING) {
                    ExperimentConfig trialConfig = trialConfig(config, loss, t.params(), seeds);
                    runs.set(i, readTrial(trialConfig, trialDir(lossDir, t.number()), t.number(), t.params()));
                }
            }
            List<Integer> running = trials(runs).stream()
                    .filter(t -> t.status() == Trial.Status.RUNNING)
                    .map(Trial::number)
                    .toList();
            if (running.isEmpty()) {
                return;
            }
            if (!said) {
                out.println("tune " + loss.displayName() + ": waiting for trial(s) " + running
                        + ", whose cells other processes are training");
                said = true;
            }
            sleep(cancellation);
        }
    }

    private static void sleep(Cancellation cancellation) {
        try {
            for (long waited = 0; waited < WAIT_MILLIS; waited += 500) {
                if (cancellation.requested()) {
                    throw new DsmlException(
                            "stopped while waiting for other processes' trials; continue with" + " dsml tune --resume");
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DsmlException("interrupted while waiting for other processes' trials");
        }
    }

    private void runTrial(
            ExperimentConfig trialConfig,
            Path dir,
            RunDirectory root,
            Experiment.Options options,
            PrintStream out,
            Consumer<String> warnings,
            Cancellation cancellation) {
        // --quiet: the search's own lines and the final table only, not every trial's table
        PrintStream trialOut = options.quiet() ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out;
        runStoppable(
                () -> experiment.run(trialConfig, options.trialIn(dir), trialOut, warnings, cancellation), dir, root);
    }

    /**
     * Runs one trial or final run; a stop (Ctrl-C, SIGTERM) is reported as the search's, to be
     * resumed with {@code dsml tune --resume} at the top of the tuning run, not in the trial.
     */
    private static void runStoppable(Runnable run, Path dir, RunDirectory root) {
        try {
            run.run();
        } catch (DsmlException e) {
            if (e.getCause() instanceof io.dsml.core.train.TrainingStoppedException) {
                throw new DsmlException(
                        "stopped in " + dir + " (its cells keep their checkpoints); continue with: dsml tune --resume "
                                + root.root(),
                        e);
            }
            throw e;
        }
    }

    /**
     * A trial as its finished cells tell: each fold's validation score, or still running; with
     * the finished cells' training time.
     */
    private TrialRun readTrial(ExperimentConfig trialConfig, Path dir, int number, Map<String, Object> values) {
        List<CellPlan> grid = runner.validate(trialConfig);
        List<CellResult> results = Files.isDirectory(dir)
                ? ExperimentRunner.finishedResults(
                        RunDirectory.existing(dir), grid, trialConfig.training().epochs())
                : List.of();
        double seconds = results.stream().mapToDouble(CellResult::trainSeconds).sum();
        String key = "val_" + trialConfig.evaluation().selectMetric();
        List<Double> scores = new ArrayList<>();
        boolean failed = false;
        for (CellPlan plan : grid) {
            CellResult r = results.stream()
                    .filter(c -> c.cellId().equals(plan.id()))
                    .findFirst()
                    .orElse(null);
            if (r == null) {
                return new TrialRun(new Trial(number, values, scores, Trial.Status.RUNNING), seconds);
            }
            Double score = r.ok() ? r.metrics().get(key) : null;
            failed |= score == null || !Double.isFinite(score);
            scores.add(score == null ? Double.NaN : score);
        }
        Trial.Status status = failed ? Trial.Status.FAILED : Trial.Status.COMPLETE;
        return new TrialRun(new Trial(number, values, scores, status), seconds);
    }

    /**
     * The proposal of the trial in {@code dir}: {@code proposed}, recorded there on first use; a
     * resumed search checks that it proposes what it proposed before.
     */
    static Map<String, Object> recordedProposal(Path dir, Map<String, Object> proposed) {
        Path file = dir.resolve(TRIAL_FILE);
        try {
            if (Files.exists(file)) {
                Map<String, Object> recorded = JSON.readValue(file.toFile(), new TypeReference<>() {});
                if (!sameValues(recorded, proposed)) {
                    throw new DsmlException(file + ": this trial was proposed as " + recorded + " but the search now"
                            + " proposes " + proposed + " (tune: or the finished trials changed); start a new run");
                }
                return proposed;
            }
            Files.createDirectories(dir);
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(proposed);
            AtomicFile.write(file, "trial proposal", o -> o.write(bytes));
            return proposed;
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read or write the trial's proposal: " + e.getMessage());
        }
    }

    private static boolean sameValues(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String key : a.keySet()) {
            Object x = a.get(key);
            Object y = b.get(key);
            boolean same = x instanceof Number p && y instanceof Number q
                    ? p.doubleValue() == q.doubleValue()
                    : Objects.equals(String.valueOf(x), String.valueOf(y));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** Each loss's best configuration with every seed, then the losses compared on the test split. */
    private void finalComparison(
            ExperimentConfig config,
            List<LossSearch> searches,
            RunDirectory root,
            Experiment.Options options,
            PrintStream out,
            Consumer<String> warnings,
            Cancellation cancellation) {
        List<CellResult> cells = new ArrayList<>();
        List<CellResult> concatenated = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (LossSearch search : searches) {
            if (search.bestConfig() == null) {
                warnings.accept("tune " + search.loss() + ": no trial completed; the loss is left out of the final"
                        + " comparison");
                continue;
            }
            Path dir = lossDir(root, "final", search.loss());
            say(
                    out,
                    options,
                    "final " + search.loss() + ": trial " + search.best().number() + "'s configuration with seeds "
                            + config.seeds());
            runStoppable(
                    () -> experiment.run(search.bestConfig(), options.in(dir), out, warnings, cancellation), dir, root);
            List<CellPlan> grid = runner.validate(search.bestConfig());
            RunDirectory run = RunDirectory.existing(dir);
            List<CellResult> finished = ExperimentRunner.finishedResults(
                    run, grid, search.bestConfig().training().epochs());
            cells.addAll(finished);
            missing.addAll(ExperimentRunner.missingIds(grid, finished));
            concatenated.addAll(ExperimentRunner.concatenatedResults(run, search.bestConfig(), finished));
        }
        if (cells.isEmpty()) {
            return;
        }
        RunDirectory comparison = RunDirectory.shared(root.root().resolve("final"));
        ExperimentRunner.Summary summary = ExperimentRunner.writeResults(
                comparison,
                config.name() + ": each loss tuned, then compared",
                cells,
                missing,
                config.evaluation().baseline(),
                concatenated);
        out.println();
        out.print(summary.table().markdown());
        out.println("comparison: " + comparison.store().resultsMarkdown() + "; searches: "
                + root.root().resolve(TuneSummary.FILE));
    }

    /** A trial: measured on held-out training classes only, never on the test split. */
    private static ExperimentConfig trialConfig(
            ExperimentConfig config, ComponentConfig loss, Map<String, Object> values, List<Long> seeds) {
        return TrialConfigs.of(config, loss, values, seeds, "tune." + loss.displayName(), false);
    }

    /** The final run of a loss's best configuration: every seed, measured on the test split. */
    private static ExperimentConfig finalConfig(
            ExperimentConfig config, ComponentConfig loss, Map<String, Object> values) {
        return TrialConfigs.of(config, loss, values, config.seeds(), "tune." + loss.displayName(), true);
    }

    static Path lossDir(RunDirectory root, String phase, String label) {
        return root.root().resolve(phase).resolve(label.replaceAll("[^A-Za-z0-9_.=-]+", "_"));
    }

    private static Path trialDir(Path lossDir, int n) {
        return lossDir.resolve(String.format(Locale.ROOT, "trial-%03d", n));
    }

    private static void say(PrintStream out, Experiment.Options options, String line) {
        if (!options.quiet()) {
            out.println(line);
        }
    }
}
