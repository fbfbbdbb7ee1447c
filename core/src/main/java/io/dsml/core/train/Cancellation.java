package io.dsml.core.train;

import java.time.Duration;

/**
 * A request to stop one run's training cleanly, given to its {@link MetricTrainer}. The trainer
 * checks it between steps: it finishes the step under way, saves a checkpoint of exactly that
 * position, closes the engine's arrays and throws {@link TrainingStoppedException}, whose message
 * says how to resume. Inference passes during training (class-state refresh, evaluation) check it
 * between their batches and stop there, leaving the last checkpoint as the position to resume
 * from. Once requested, no further cell of the run starts training.
 *
 * <p>Whoever cancels can wait for the stop ({@link #awaitStopped}): the command line cancels the
 * running command's run on SIGTERM or SIGINT and holds the JVM's shutdown until training has left
 * the engine and the command has said how to resume ({@link #reported}). Without that, the JVM
 * unloaded the engine while the training thread was inside a native call, which crashed it.
 */
public final class Cancellation {
    private final Object lock = new Object();
    private boolean requested;
    private int training;
    private boolean reporting;

    /**
     * Requests the stop.
     *
     * @return whether training is under way (it stops after the step or batch it is in)
     */
    public boolean cancel() {
        synchronized (lock) {
            requested = true;
            return training > 0;
        }
    }

    /** Whether the stop was requested. */
    public boolean requested() {
        synchronized (lock) {
            return requested;
        }
    }

    /**
     * Waits, at most {@code grace}, while training is under way and, after a stop, until {@link
     * #reported}.
     */
    public void awaitStopped(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            while (training > 0 || reporting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The run has said how it stopped (or finished); lets {@link #awaitStopped} return. */
    public void reported() {
        synchronized (lock) {
            reporting = false;
            lock.notifyAll();
        }
    }

    /**
     * A cell starts training; refused if the stop is already requested, so that no new cell
     * touches the engine once the run is stopping.
     */
    void enterTraining() {
        synchronized (lock) {
            if (requested) {
                throw new TrainingStoppedException("stopped by a signal before the cell started");
            }
            training++;
        }
    }

    /**
     * A cell's training has left the engine (arrays closed).
     *
     * @param stopped whether it left because of the stop; {@link #awaitStopped} then also waits for
     *     {@link #reported}, so that the run can say how to resume
     */
    void exitTraining(boolean stopped) {
        synchronized (lock) {
            training--;
            if (stopped) {
                reporting = true;
            }
            lock.notifyAll();
        }
    }
}
