package io.dsml.core.train;

import io.dsml.core.data.SubsetImages;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.spi.RefreshableClassState;
import java.util.Map;

/**
 * Drives a {@link RefreshableClassState}: a full-training-set refresh before the first step (or
 * one from a stratified sample, if the state asks for it), after every period (epochs or
 * iterations), and once more after the last epoch unless one just happened, so the final
 * evaluation sees mean directions of the final network.
 */
final class ClassStateRefreshListener implements TrainingListener {
    private final RefreshableClassState state;
    private final int totalEpochs;
    /** The cell's seed: each seed of an experiment draws its own initial sample, reproducibly. */
    private final long seed;

    private double secondsThisEpoch;
    private boolean refreshedSinceLastStep;
    /** The epoch in progress: its steps, and how many of them are done (for per-epoch refreshes). */
    private int stepsInEpoch;

    private int doneInEpoch;

    ClassStateRefreshListener(RefreshableClassState state, int totalEpochs, long seed) {
        this.state = state;
        this.totalEpochs = totalEpochs;
        this.seed = seed;
    }

    @Override
    public void onTrainingBegin(TrainingContext context) {
        int perClass = state.initialSamplesPerClass();
        LabeledImages train = context.trainingData();
        refresh(context, perClass > 0 ? SubsetImages.perClass(train, perClass, seed) : train);
    }

    @Override
    public void onTrainingResumed(TrainingContext context, int epochsDone) {
        // the mean directions were restored with the parameters
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {
        stepsInEpoch = batches;
        doneInEpoch = done; // a resumed epoch starts part way
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
        refreshedSinceLastStep = false;
        doneInEpoch++;
        RefreshPeriod period = state.refreshPeriod();
        if (period.dueAfterIteration(step) || period.dueWithinEpoch(doneInEpoch, stepsInEpoch)) {
            refresh(context, context.trainingData());
        }
    }

    @Override
    public void onEpochTrained(TrainingContext context, int epoch, Map<String, Double> extras) {
        state.onEpochEnd();
        RefreshPeriod period = state.refreshPeriod();
        boolean finalCatchUp = epoch == totalEpochs && state.refreshAfterTraining();
        if (!refreshedSinceLastStep && (period.dueAfterEpoch(epoch) || finalCatchUp)) {
            refresh(context, context.trainingData());
        }
        extras.put("refresh_seconds", secondsThisEpoch);
        extras.putAll(state.diagnostics());
        secondsThisEpoch = 0;
    }

    private void refresh(TrainingContext context, LabeledImages data) {
        long start = System.nanoTime();
        state.refresh(context.extractor().embed(data));
        secondsThisEpoch += (System.nanoTime() - start) / 1e9;
        refreshedSinceLastStep = true;
    }
}
