package io.dsml.core.train;

import java.time.Duration;

/**
 * Stops training cleanly on SIGTERM or SIGINT. Without this, the JVM ran its shutdown and unloaded
 * the engine while the training thread was inside a native call, which crashed it (SIGSEGV in
 * {@code MXAutogradBackward}, with an hs_err file) and lost the steps since the last checkpoint.
 *
 * <p>The shutdown hook only sets a flag and then waits, up to a grace period, while training is in
 * progress and until the command has reported the stop. The trainer checks the flag between steps:
 * it finishes the step under way, saves a checkpoint of exactly that position, closes the engine's
 * arrays and throws {@link TrainingStoppedException}, whose message says how to resume. Inference
 * passes during training (class-state refresh, evaluation) check it between their batches and
 * stop there, leaving the last checkpoint as the position to resume from. Only then does the JVM
 * continue its shutdown. The hook says at once that the stop was seen.
 */
public final class StopSignal {
    private static final Object LOCK = new Object();
    private static boolean requested;
    private static int training;
    private static boolean reporting;
    private static boolean installed;

    private StopSignal() {}

    /**
     * Registers the shutdown hook (once per JVM). For the command line's {@code main}, which must
     * call {@link #commandDone} when its command has returned.
     *
     * @param grace how long the hook waits for training to stop before the JVM goes on
     */
    public static void install(Duration grace) {
        synchronized (LOCK) {
            if (installed) {
                return;
            }
            installed = true;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitStop(grace), "dsml-stop"));
    }

    /** The command has finished (and printed how it stopped); lets a waiting shutdown go on. */
    public static void commandDone() {
        synchronized (LOCK) {
            reporting = false;
            LOCK.notifyAll();
        }
    }

    /** Whether a stop was requested. */
    public static boolean requested() {
        synchronized (LOCK) {
            return requested;
        }
    }

    /**
     * Marks the calling thread as training; refuses if a stop is already requested, so that no new
     * cell touches the engine once the JVM is shutting down.
     */
    static void enterTraining() {
        synchronized (LOCK) {
            if (requested) {
                throw new TrainingStoppedException("stopped by a signal before the cell started");
            }
            training++;
        }
    }

    /**
     * Training has left the engine (arrays closed).
     *
     * @param stopped whether it left because of a stop; the shutdown then also waits for {@link
     *     #commandDone}, so that the command can say how to resume
     */
    static void exitTraining(boolean stopped) {
        synchronized (LOCK) {
            training--;
            if (stopped) {
                reporting = true;
            }
            LOCK.notifyAll();
        }
    }

    private static void awaitStop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (LOCK) {
            requested = true;
            if (training > 0) {
                // at once: the step or pass batch under way may take a while to finish
                System.err.println("dsml: stop requested by a signal; training stops after the step or inference "
                        + "batch under way and keeps a checkpoint to resume from");
                System.err.flush();
            }
            while (training > 0 || reporting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    LOCK.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
