package io.dsml.evaluation.knn;

/**
 * Bounded best-k selection for a block of rows at once. Each row keeps a binary min-heap of its
 * current k best (score, index) pairs whose root is the worst kept pair, so a candidate costs one
 * comparison with the root unless it enters the top k.
 *
 * <p>"Better" means higher score, and on equal scores lower index. Buffers are reused across
 * blocks to keep the hot loop allocation-free.
 */
final class TopK {
  private final int k;
  private final float[] scores;
  private final int[] indices;
  private final int[] sizes;

  TopK(int k, int maxRows) {
    this.k = k;
    this.scores = new float[k * maxRows];
    this.indices = new int[k * maxRows];
    this.sizes = new int[maxRows];
  }

  void reset(int rows) {
    java.util.Arrays.fill(sizes, 0, rows, 0);
  }

  /**
   * Offers {@code len} candidates {@code sims[off + c]} with gallery index {@code index0 + c} to
   * {@code row}, skipping gallery index {@code skip} (the query itself; -1 for none).
   */
  void offer(int row, float[] sims, int off, int len, int index0, int skip) {
    int base = row * k;
    int size = sizes[row];
    int c = 0;
    for (; c < len && size < k; c++) {
      if (index0 + c != skip) {
        push(base, size++, sims[off + c], index0 + c);
      }
    }
    sizes[row] = size;
    if (size < k) {
      return;
    }
    float worst = scores[base];
    for (; c < len; c++) {
      float s = sims[off + c];
      // Candidates arrive in increasing index order, so an equal score never beats the root;
      // the full comparison in better() still guards offers that arrive out of order.
      if (s > worst && index0 + c != skip) {
        replaceRoot(base, s, index0 + c);
        worst = scores[base];
      }
    }
  }

  private static boolean better(float s1, int i1, float s2, int i2) {
    return s1 > s2 || (s1 == s2 && i1 < i2);
  }

  private void push(int base, int pos, float s, int idx) {
    // Sift up: a worse child moves towards the root.
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!better(scores[base + parent], indices[base + parent], s, idx)) {
        break;
      }
      scores[base + pos] = scores[base + parent];
      indices[base + pos] = indices[base + parent];
      pos = parent;
    }
    scores[base + pos] = s;
    indices[base + pos] = idx;
  }

  private void replaceRoot(int base, float s, int idx) {
    siftDown(base, k, s, idx);
  }

  private void siftDown(int base, int size, float s, int idx) {
    int pos = 0;
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) {
        break;
      }
      int right = child + 1;
      if (right < size
          && better(scores[base + child], indices[base + child],
              scores[base + right], indices[base + right])) {
        child = right;
      }
      if (!better(s, idx, scores[base + child], indices[base + child])) {
        break;
      }
      scores[base + pos] = scores[base + child];
      indices[base + pos] = indices[base + child];
      pos = child;
    }
    scores[base + pos] = s;
    indices[base + pos] = idx;
  }

  /** Number of pairs currently kept for {@code row}. */
  int size(int row) {
    return sizes[row];
  }

  /**
   * Sorts {@code row} best-first (heap sort: the worst is repeatedly moved behind the shrinking
   * heap) and copies it to {@code outIdx/outScores} at {@code outOff}.
   */
  void drainSorted(int row, int[] outIdx, float[] outScores, int outOff) {
    int base = row * k;
    for (int end = sizes[row] - 1; end > 0; end--) {
      float s = scores[base + end];
      int idx = indices[base + end];
      scores[base + end] = scores[base];
      indices[base + end] = indices[base];
      siftDown(base, end, s, idx);
    }
    System.arraycopy(indices, base, outIdx, outOff, sizes[row]);
    if (outScores != null) {
      System.arraycopy(scores, base, outScores, outOff, sizes[row]);
    }
  }
}
