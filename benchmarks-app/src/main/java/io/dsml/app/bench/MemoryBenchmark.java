package io.dsml.app.bench;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.train.Cell;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Memory over a long run: trains one cell of a shipped experiment (by default the quickstart's
 * conv-2 + vMF cell) through the real trainer and, after every epoch, records the process's
 * resident set, the JVM heap in use and the number of NDArrays under the model's manager. A leak
 * of ours shows as a growing array count; growth outside DJL's bookkeeping (the engine's own
 * pools, the heap) shows in the resident set only.
 */
public final class MemoryBenchmark {
    private static final double MIB = 1024.0 * 1024;

    private MemoryBenchmark() {}

    /**
     * One epoch's sample.
     *
     * @param heapMiB JVM heap in use (live objects plus garbage not yet collected)
     * @param heapCommittedMiB JVM heap the collector holds from the OS; it counts in the resident
     *     set once touched, so resident-set growth up to it is the heap filling, not a leak
     */
    public record Sample(
            int epoch, double rssMiB, double heapMiB, double heapCommittedMiB, int managedArrays, double trainSeconds) {
        /** Resident set outside the JVM heap: native arrays, engine pools, code, thread stacks. */
        public double outsideHeapMiB() {
            return rssMiB - heapCommittedMiB;
        }
    }

    /**
     * Runs the cell and prints one line per epoch to {@code out}.
     *
     * @param config the experiment, loaded and validated by the caller
     * @param cellIndex which cell of the experiment's grid
     * @param runner what prepares and trains the cell
     * @return the samples, one per epoch
     */
    public static List<Sample> run(
            ExperimentConfig config, int cellIndex, Path dataDir, ExperimentRunner runner, PrintStream out) {
        String experiment = config.name();
        ExperimentRunner.Prepared prepared = runner.prepare(config, dataDir);
        if (cellIndex >= prepared.cells().size()) {
            throw new io.dsml.core.error.DsmlException("--cell " + cellIndex + ": " + experiment + " has "
                    + prepared.cells().size() + " cell(s), numbered 0 to "
                    + (prepared.cells().size() - 1));
        }
        CellPlan plan = prepared.cells().get(cellIndex);
        out.printf(
                "bench memory: %s cell %s, %d epochs; rss/heap in MiB%n",
                experiment, plan.id(), config.training().epochs());
        out.printf(
                "%5s %9s %9s %9s %11s %8s %8s%n",
                "epoch", "rss", "heap", "heap cmt", "rss-heapcmt", "arrays", "train s");
        Sampler sampler = new Sampler(out);
        Cell cell = runner.newCell(prepared, plan, List.of(sampler), null);
        new MetricTrainer().train(cell);
        return sampler.samples;
    }

    /**
     * Largest rise of a quantity above epoch 1's, relative to it, over the later epochs (0 when
     * none rises): a leak grows, while a fall (epoch 1's warm-up buffers handed back) is not one.
     */
    public static double maxGrowthAfterFirst(List<Sample> samples, ToDoubleFunction<Sample> of) {
        return maxAfterFirst(samples, of, change -> Math.max(0, change));
    }

    /** Largest relative deviation of a quantity from epoch 1's, over the later epochs. */
    public static double maxDeviationAfterFirst(List<Sample> samples, ToDoubleFunction<Sample> of) {
        return maxAfterFirst(samples, of, Math::abs);
    }

    /** The largest {@code measure(value - first) / first} over the epochs after the first. */
    private static double maxAfterFirst(
            List<Sample> samples, ToDoubleFunction<Sample> of, DoubleUnaryOperator measure) {
        double first = of.applyAsDouble(samples.get(0));
        return samples.stream()
                .skip(1)
                .mapToDouble(s -> measure.applyAsDouble(of.applyAsDouble(s) - first) / first)
                .max()
                .orElse(0);
    }

    /** Records and prints one sample per epoch. */
    private static final class Sampler implements TrainingListener {
        private final PrintStream out;
        private final List<Sample> samples = new ArrayList<>();

        Sampler(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochRecord record) {
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            int arrays = context.trainer()
                    .getModel()
                    .getNDManager()
                    .getManagedArrays()
                    .size();
            Sample sample = new Sample(
                    record.epoch(),
                    ProcessMemory.currentMiB(),
                    heap.getUsed() / MIB,
                    heap.getCommitted() / MIB,
                    arrays,
                    record.trainSeconds());
            samples.add(sample);
            out.printf(
                    Locale.ROOT,
                    "%5d %9.1f %9.1f %9.1f %11.1f %8d %8.2f%n",
                    sample.epoch(),
                    sample.rssMiB(),
                    sample.heapMiB(),
                    sample.heapCommittedMiB(),
                    sample.outsideHeapMiB(),
                    sample.managedArrays(),
                    sample.trainSeconds());
            out.flush();
        }
    }
}
