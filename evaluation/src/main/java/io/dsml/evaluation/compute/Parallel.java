package io.dsml.evaluation.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent tasks {@code 0..tasks-1} on up to {@code threads} threads, each worker pulling
 * the next task index from a shared counter so uneven tasks balance out. Results must be written
 * by task index, never by worker, so the outcome does not depend on scheduling.
 */
public final class Parallel {
  private Parallel() {}

  /** A task body that receives the worker number (for per-worker scratch buffers). */
  @FunctionalInterface
  public interface Body {
    void run(int worker, int task);
  }

  /** Runs {@code body} for every task index; rethrows the first failure unchecked. */
  public static void forEach(int threads, int tasks, Body body) {
    int workers = Math.max(1, Math.min(threads, tasks));
    AtomicInteger next = new AtomicInteger();
    if (workers == 1) {
      drain(0, tasks, next, body);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers - 1, daemonThreads());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 1; w < workers; w++) {
        int worker = w;
        futures.add(pool.submit(() -> drain(worker, tasks, next, body)));
      }
      drain(0, tasks, next, body);
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void drain(int worker, int tasks, AtomicInteger next, Body body) {
    for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
      body.run(worker, t);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "dsml-eval");
      t.setDaemon(true);
      return t;
    };
  }
}
