package io.dsml.evaluation.clustering;

import io.dsml.evaluation.compute.Blas;
import io.dsml.evaluation.compute.BlockScheduler;
import io.dsml.evaluation.compute.Vectors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lloyd's k-means with k-means++ seeding, several seeded restarts (the lowest objective wins,
 * the earlier restart on ties), and an optional spherical variant.
 *
 * <p><b>Assignment</b> is the hot loop: point-to-centre dot products come from BLAS in blocks of
 * at least {@link #POINT_BLOCK} points ({@code POINT_BLOCK * k} floats of scratch per concurrent
 * block, see {@link BlockScheduler}), and each
 * point takes the centre maximising {@code x.c - |c|^2/2} (Euclidean, i.e. the nearest centre) or
 * {@code x.c} (spherical, centres kept at unit length). Ties go to the lower centre index.
 *
 * <p><b>Seeding</b> is k-means++ (D^2 sampling). For k <= 256 it is scikit-learn's greedy
 * k-means++: each new centre is the best (lowest resulting total D^2) of {@code 2 + ln k} draws.
 * Exact sequential seeding needs k passes over the data, which at k = 11,316 and n = 60,502 would
 * dominate the run time, so for k > 256 centres are drawn in rounds of {@code ceil(k / 256)}
 * independent D^2 draws (one draw each, no greedy trials) and the distances are refreshed once
 * per round with one BLAS product. Centres drawn in the same round do not repel each other, a
 * standard approximation (compare k-means||); the Lloyd iterations that follow absorb most of
 * the difference.
 *
 * <p><b>Stopping</b>: after {@code maxIterations} assignment steps, when no point changes
 * cluster, or when the objective improves by less than {@code tolerance} relatively. Empty
 * clusters are re-seeded with the points farthest from their centres.
 */
public final class KMeans {
    private static final Logger LOG = LoggerFactory.getLogger(KMeans.class);
    /** Minimum points per BLAS block. */
    static final int POINT_BLOCK = 256;
    /** Target floats per product tile (8 MiB); blocks are taller when there are few columns. */
    private static final int TILE_FLOATS = 1 << 21;

    private static final int SEEDING_ROUNDS = 256;

    /**
     * @param restarts independent seedings; the best objective is kept
     * @param maxIterations assignment steps per restart
     * @param tolerance relative objective improvement below which a restart stops
     * @param spherical cosine k-means on unit rows (centres renormalised) instead of Euclidean
     */
    public record Options(
            int restarts, int maxIterations, double tolerance, boolean spherical, long seed, int threads) {
        public Options {
            if (restarts < 1 || maxIterations < 1 || threads < 1 || !(tolerance >= 0)) {
                throw new IllegalArgumentException(
                        "k-means needs restarts, maxIterations, threads >= 1 and tolerance >= 0, got " + this);
            }
        }
    }

    /**
     * @param assignment cluster of each point, in {@code [0, k)}
     * @param objective sum of squared distances (Euclidean) or of {@code 1 - cos} (spherical)
     * @param iterations assignment steps taken by the winning restart
     */
    public record Result(int[] assignment, double objective, int iterations) {}

    private final float[] x;
    private final int n;
    private final int dim;
    private final int k;
    private final Options options;
    private final double[] pointNorms;
    private final BlockScheduler scheduler;

    private KMeans(float[] x, int n, int dim, int k, Options options, BlockScheduler scheduler) {
        this.scheduler = scheduler;
        this.x = x;
        this.n = n;
        this.dim = dim;
        this.k = k;
        this.options = options;
        this.pointNorms = Vectors.squaredNorms(x, n, dim);
    }

    /**
     * Clusters the rows of row-major {@code x [n, dim]} into {@code k} clusters. In spherical mode
     * the rows should be L2-normalised.
     */
    public static Result fit(float[] x, int n, int dim, int k, Options options) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k-means needs 1 <= k <= n, got k=%d for n=%d points".formatted(k, n));
        }
        try (BlockScheduler scheduler = new BlockScheduler(options.threads())) {
            KMeans km = new KMeans(x, n, dim, k, options, scheduler);
            Result best = null;
            for (int r = 0; r < options.restarts(); r++) {
                Result res = km.run(new SplittableRandom(options.seed() + 0x9E3779B97F4A7C15L * r));
                LOG.debug("k-means restart {}: objective {} after {} iterations", r, res.objective(), res.iterations());
                if (best == null || res.objective() < best.objective()) {
                    best = res;
                }
            }
            return best;
        }
    }

    private Result run(SplittableRandom random) {
        float[] centres = seed(random);
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        double[] cost = new double[n];
        double previous = Double.POSITIVE_INFINITY;
        int iteration = 0;
        while (true) {
            iteration++;
            int changed = assign(centres, assignment, cost);
            double objective = sum(cost);
            // No relative-improvement test on the first step: there is no previous objective yet.
            boolean converged =
                    changed == 0 || (iteration > 1 && previous - objective <= options.tolerance() * previous);
            if (converged || iteration >= options.maxIterations()) {
                return new Result(assignment, objective, iteration);
            }
            previous = objective;
            update(centres, assignment, cost);
        }
    }

    // ---- seeding -------------------------------------------------------------------------------

    private float[] seed(SplittableRandom random) {
        float[] centres = new float[k * dim];
        double[] minD2 = new double[n];
        Arrays.fill(minD2, Double.POSITIVE_INFINITY);
        boolean[] taken = new boolean[n];
        int chosen = takeCentres(new int[] {random.nextInt(n)}, 1, centres, 0, taken, minD2);
        int batch = (k + SEEDING_ROUNDS - 1) / SEEDING_ROUNDS;
        // Greedy k-means++ (as scikit-learn): each centre is the best of 2 + ln(k) D^2 draws. It
        // costs that many more passes, so it is used only while seeding is sequential (k <= 256).
        int trials = batch == 1 ? 2 + (int) Math.log(k) : 1;
        int[] picks = new int[batch * trials];
        while (chosen < k) {
            int b = Math.min(batch, k - chosen);
            int candidates = Math.min(b * trials, n - chosen);
            drawD2(random, minD2, taken, picks, candidates);
            if (trials > 1) {
                picks[0] = bestCandidate(picks, candidates, minD2);
            }
            chosen = takeCentres(picks, b, centres, chosen, taken, minD2);
        }
        if (options.spherical()) {
            normaliseRows(centres);
        }
        return centres;
    }

    /** The candidate that would leave the smallest total D^2; ties go to the earlier draw. */
    private int bestCandidate(int[] candidates, int count, double[] minD2) {
        float[] rows = gather(candidates, count);
        double[] rowNorms = new double[count];
        for (int c = 0; c < count; c++) {
            rowNorms[c] = pointNorms[candidates[c]];
        }
        // Per-point terms, summed in point order afterwards so the choice is deterministic.
        double[] terms = new double[n * count];
        forPointBlocks(rows, count, (tile, p0, from, to) -> {
            for (int i = from; i < to; i++) {
                for (int c = 0; c < count; c++) {
                    double d2 = Math.max(0, pointNorms[p0 + i] + rowNorms[c] - 2.0 * tile[i * count + c]);
                    terms[(p0 + i) * count + c] = Math.min(minD2[p0 + i], d2);
                }
            }
        });
        int best = 0;
        double bestPotential = Double.POSITIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            double potential = 0;
            for (int p = 0; p < n; p++) {
                potential += terms[p * count + c];
            }
            if (potential < bestPotential) {
                bestPotential = potential;
                best = c;
            }
        }
        return candidates[best];
    }

    private float[] gather(int[] points, int count) {
        float[] rows = new float[count * dim];
        for (int c = 0; c < count; c++) {
            System.arraycopy(x, points[c] * dim, rows, c * dim, dim);
        }
        return rows;
    }

    /** Draws {@code b} distinct untaken points with probability proportional to minD2. */
    private void drawD2(SplittableRandom random, double[] minD2, boolean[] taken, int[] picks, int b) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += taken[i] ? 0 : minD2[i];
            cumulative[i] = total;
        }
        for (int p = 0; p < b; p++) {
            int pick = -1;
            for (int attempt = 0; attempt < 32 && pick < 0; attempt++) {
                int candidate = total > 0
                        ? Math.min(n - 1, upperBound(cumulative, random.nextDouble() * total))
                        : random.nextInt(n);
                if (!taken[candidate] && !contains(picks, p, candidate)) {
                    pick = candidate;
                }
            }
            picks[p] = pick >= 0 ? pick : anyUntaken(random, taken, picks, p);
        }
    }

    /** First index whose cumulative mass exceeds {@code u}. */
    private static int upperBound(double[] cumulative, double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean contains(int[] values, int count, int v) {
        for (int i = 0; i < count; i++) {
            if (values[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Fallback when D^2 sampling keeps hitting taken points (e.g. many duplicate rows). */
    private int anyUntaken(SplittableRandom random, boolean[] taken, int[] picks, int count) {
        int start = random.nextInt(n);
        for (int i = 0; i < n; i++) {
            int c = (start + i) % n;
            if (!taken[c] && !contains(picks, count, c)) {
                return c;
            }
        }
        throw new IllegalStateException("fewer than k distinct points to seed from");
    }

    /** Copies the picked points into the centre matrix and lowers minD2 accordingly. */
    private int takeCentres(int[] picks, int b, float[] centres, int chosen, boolean[] taken, double[] minD2) {
        float[] fresh = gather(picks, b);
        System.arraycopy(fresh, 0, centres, chosen * dim, b * dim);
        double[] freshNorms = new double[b];
        for (int p = 0; p < b; p++) {
            taken[picks[p]] = true;
            freshNorms[p] = pointNorms[picks[p]];
        }
        forPointBlocks(fresh, b, (tile, p0, from, to) -> {
            for (int i = from; i < to; i++) {
                double best = minD2[p0 + i];
                for (int c = 0; c < b; c++) {
                    double d2 = pointNorms[p0 + i] + freshNorms[c] - 2.0 * tile[i * b + c];
                    best = Math.min(best, Math.max(0, d2));
                }
                minD2[p0 + i] = best;
            }
        });
        return chosen + b;
    }

    // ---- Lloyd steps ---------------------------------------------------------------------------

    /** Assigns every point to its best centre; returns how many points changed cluster. */
    private int assign(float[] centres, int[] assignment, double[] cost) {
        double[] half = new double[k];
        if (!options.spherical()) {
            double[] norms = Vectors.squaredNorms(centres, k, dim);
            for (int c = 0; c < k; c++) {
                half[c] = norms[c] / 2;
            }
        }
        int[] before = assignment.clone();
        forPointBlocks(centres, k, (tile, p0, from, to) -> {
            for (int i = from; i < to; i++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                int off = i * k;
                for (int c = 0; c < k; c++) {
                    double s = tile[off + c] - half[c];
                    if (s > bestScore) {
                        bestScore = s;
                        best = c;
                    }
                }
                int p = p0 + i;
                assignment[p] = best;
                cost[p] = options.spherical() ? Math.max(0, 1 - bestScore) : Math.max(0, pointNorms[p] - 2 * bestScore);
            }
        });
        int changed = 0;
        for (int p = 0; p < n; p++) {
            changed += assignment[p] != before[p] ? 1 : 0;
        }
        return changed;
    }

    /** Moves each centre to its cluster's mean (unit mean direction if spherical). */
    private void update(float[] centres, int[] assignment, double[] cost) {
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int p = 0; p < n; p++) {
            int c = assignment[p];
            counts[c]++;
            int xo = p * dim;
            int co = c * dim;
            for (int j = 0; j < dim; j++) {
                sums[co + j] += x[xo + j];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                continue;
            }
            for (int j = 0; j < dim; j++) {
                centres[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
            }
        }
        reseedEmpty(centres, counts, cost);
        if (options.spherical()) {
            normaliseRows(centres);
        }
    }

    /** Empty clusters take the points currently worst served, farthest first. */
    private void reseedEmpty(float[] centres, int[] counts, double[] cost) {
        int empty = 0;
        for (int c : counts) {
            empty += c == 0 ? 1 : 0;
        }
        if (empty == 0) {
            return;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(cost[b], cost[a]));
        int next = 0;
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                System.arraycopy(x, order[next++] * dim, centres, c * dim, dim);
            }
        }
    }

    private void normaliseRows(float[] centres) {
        float[] unit = Vectors.normalizedCopy(centres, k, dim);
        System.arraycopy(unit, 0, centres, 0, unit.length);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    @FunctionalInterface
    private interface RowBody {
        /** Processes rows {@code [from, to)} of the tile of the block starting at point p0. */
        void run(float[] tile, int p0, int from, int to);
    }

    /**
     * For every block of points: one BLAS product of the block with the {@code cols} rows of
     * {@code right} into a {@code [block, cols]} tile, then {@code body} over row ranges.
     */
    private void forPointBlocks(float[] right, int cols, RowBody body) {
        // Narrow products (few columns, as in seeding) get taller blocks so each BLAS call and each
        // hand-off to the helpers still covers a worthwhile amount of work.
        int blockRows = Math.min(n, Math.max(POINT_BLOCK, TILE_FLOATS / cols));
        int blocks = (n + blockRows - 1) / blockRows;
        float[][] tiles = new float[scheduler.callers()][];
        scheduler.blocks(blocks, (w, block) -> {
            if (tiles[w] == null) {
                tiles[w] = new float[blockRows * cols];
            }
            float[] tile = tiles[w];
            int p0 = block * blockRows;
            int len = Math.min(blockRows, n - p0);
            Blas.dotBlock(x, p0, len, right, 0, cols, dim, tile);
            scheduler.rows(len, (from, to) -> body.run(tile, p0, from, to));
        });
    }
}
