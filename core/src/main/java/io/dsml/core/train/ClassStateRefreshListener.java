package io.dsml.core.train;

import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.spi.RefreshableClassState;
import java.util.Map;

/**
 * Drives a {@link RefreshableClassState}: a full-training-set refresh before the first step,
 * after every period (epochs or iterations), and once more after the last epoch unless one just
 * happened, so the final evaluation sees mean directions of the final network.
 */
final class ClassStateRefreshListener implements TrainingListener {
    private final RefreshableClassState state;
    private final int totalEpochs;
    private double secondsThisEpoch;
    private boolean refreshedSinceLastStep;

    ClassStateRefreshListener(RefreshableClassState state, int totalEpochs) {
        this.state = state;
        this.totalEpochs = totalEpochs;
    }

    @Override
    public void onTrainingBegin(TrainingContext context) {
        refresh(context);
    }

    @Override
    public void onTrainingResumed(TrainingContext context, int epochsDone) {
        // the mean directions were restored with the parameters
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
        refreshedSinceLastStep = false;
        if (state.refreshPeriod().dueAfterIteration(step)) {
            refresh(context);
        }
    }

    @Override
    public void onEpochTrained(TrainingContext context, int epoch, Map<String, Double> extras) {
        state.onEpochEnd();
        RefreshPeriod period = state.refreshPeriod();
        boolean finalCatchUp = epoch == totalEpochs && state.refreshAfterTraining();
        if (!refreshedSinceLastStep && (period.dueAfterEpoch(epoch) || finalCatchUp)) {
            refresh(context);
        }
        extras.put("refresh_seconds", secondsThisEpoch);
        extras.putAll(state.diagnostics());
        secondsThisEpoch = 0;
    }

    private void refresh(TrainingContext context) {
        long start = System.nanoTime();
        state.refresh(context.extractor().embed(context.trainingData()));
        secondsThisEpoch += (System.nanoTime() - start) / 1e9;
        refreshedSinceLastStep = true;
    }
}
