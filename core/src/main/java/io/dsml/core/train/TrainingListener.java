package io.dsml.core.train;

/**
 * Cross-cutting work around the training loop (progress, metric logs, checkpoints, class-state
 * refresh), in the spirit of DJL's {@code TrainingListener} but with dsml's epoch records. Every
 * method has an empty default.
 */
public interface TrainingListener {

    /** After parameters are initialised, before the first step. */
    default void onTrainingBegin(TrainingContext context) {}

    /**
     * Instead of {@link #onTrainingBegin} when the run continues from a checkpoint: parameters and
     * class state are already restored.
     */
    default void onTrainingResumed(TrainingContext context, int epochsDone) {}

    /**
     * Before the first step of an epoch (or of what remains of it after a resume).
     *
     * @param batches the epoch's number of batches
     * @param done how many of them were done before a resume (0 otherwise)
     */
    default void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {}

    /**
     * Before and between the batches of an inference pass during training (the class-state
     * refresh over the training set, an evaluation), for progress on long passes.
     *
     * @param done batches of the pass finished (0 when it starts)
     * @param batches the pass's batches
     * @param samples the pass's samples
     */
    default void onPassProgress(TrainingContext context, int done, int batches, int samples) {}

    /** After each optimizer step. */
    default void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {}

    /**
     * After the last step of an epoch, before evaluation: class state is refreshed here, so the
     * epoch's evaluation sees it. Values put in {@code extras} go to the epoch's record.
     */
    default void onEpochTrained(TrainingContext context, int epoch, java.util.Map<String, Double> extras) {}

    /**
     * After the epoch's test evaluation (evaluated epochs only), before {@link #onEpochEnd}.
     *
     * @param embeddings the test split's embeddings
     * @param logits the test split's class-probability logits [n, classes], or {@code null}
     * @param classes columns of {@code logits}
     */
    default void onTestEvaluated(
            TrainingContext context,
            int epoch,
            io.dsml.evaluation.EmbeddingSet embeddings,
            float[] logits,
            int classes) {}

    /** After the epoch's evaluation. */
    default void onEpochEnd(TrainingContext context, EpochRecord record) {}

    /** After the last epoch. */
    default void onTrainingEnd(TrainingContext context) {}

    /**
     * A probe within an epoch ({@code evaluation.probes_per_epoch}): the test metrics of the network
     * after step {@code stepInEpoch} of {@code stepsInEpoch}, with the loss's class-state
     * diagnostics. Diagnostics only: nothing of training changes.
     */
    default void onProbe(
            TrainingContext context,
            int epoch,
            long step,
            int stepInEpoch,
            int stepsInEpoch,
            java.util.Map<String, Double> values) {}
}
