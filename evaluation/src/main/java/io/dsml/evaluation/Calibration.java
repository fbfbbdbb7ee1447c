package io.dsml.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Calibration of class probabilities given as logits (row-wise softmax): the negative
 * log-likelihood of the true labels and the expected calibration error (ECE) with equal-mass
 * bins, as Scott, Gallagher and Mozer (ICCV 2021) measure it.
 *
 * <p><b>ECE.</b> Each sample's confidence is its largest softmax probability and it is correct
 * when that class (the lowest index on ties) is its label. Samples are sorted by confidence (a
 * stable sort, so ties keep their index order) and the i-th of n goes to bin {@code min(B - 1,
 * floor(i B / n))}: equal-mass bins. Then {@code ECE = (sum_b n_b |acc_b - conf_b|^p / n)^(1/p)}
 * with {@code acc_b} and {@code conf_b} the bin's mean correctness and confidence. Scott et al.
 * use B = 15 and p = 2 (their {@code eval_utils.calc_ece_em_quant}, called with {@code
 * lambda_exp=2}); {@link #ece} is that, {@link #ece(float[], int, int, int[], int, double)} takes
 * other B and p (p = 1 is the common L1 ECE of Guo et al. 2017 with equal-mass bins).
 *
 * <p><b>NLL.</b> {@code mean_i -log softmax(logits_i)[y_i]}, natural logarithm, computed in double
 * precision with the log-sum-exp shift. Both the NLL and the confidence are formed from logits
 * minus the row's maximum, never from {@code max + log(sum)}: beyond |max| of about 1e17 the sum
 * would round away, so logits of -1e38 would give an NLL of 0 and a confidence of 1.
 */
public final class Calibration {
    /** The metric key of the ECE. */
    public static final String ECE = "ece";

    /** The metric key of the NLL. */
    public static final String NLL = "nll";

    /** Scott et al.'s number of bins. */
    public static final int BINS = 15;

    /** Scott et al.'s exponent of the bin gaps. */
    public static final double EXPONENT = 2;

    private Calibration() {}

    /**
     * One bin of a reliability diagram.
     *
     * @param count samples in the bin
     * @param confidence their mean confidence
     * @param accuracy their fraction of correct predictions
     */
    public record Bin(int count, double confidence, double accuracy) {}

    /** Scott et al.'s ECE: 15 equal-mass bins, p = 2. */
    public static double ece(float[] logits, int n, int classes, int[] labels) {
        return ece(logits, n, classes, labels, BINS, EXPONENT);
    }

    /** ECE with {@code bins} equal-mass bins and exponent {@code p} &gt;= 1. */
    public static double ece(float[] logits, int n, int classes, int[] labels, int bins, double p) {
        if (!(p >= 1)) {
            throw new IllegalArgumentException("the ECE exponent must be >= 1, got " + p);
        }
        double sum = 0;
        for (Bin bin : reliability(logits, n, classes, labels, bins)) {
            sum += bin.count() * Math.pow(Math.abs(bin.accuracy() - bin.confidence()), p);
        }
        return Math.pow(sum / n, 1 / p);
    }

    /**
     * The equal-mass bins, in increasing confidence; bins left empty (when n &lt; bins) are
     * omitted.
     */
    public static Bin[] reliability(float[] logits, int n, int classes, int[] labels, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        Classification.checkScores(logits, n, classes, labels);
        double[] confidence = new double[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            int best = argmax(logits, i, classes);
            // the best logit is the row's maximum, so its probability is 1 / sum exp(l - max)
            confidence[i] = Math.exp(-shiftedLogSumExp(logits, i, classes, logits[i * classes + best]));
            correct[i] = best == labels[i];
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> confidence[i])); // stable
        int[] count = new int[bins];
        double[] conf = new double[bins];
        double[] hits = new double[bins];
        for (int rank = 0; rank < n; rank++) {
            int b = (int) Math.min(bins - 1, (long) rank * bins / n);
            count[b]++;
            conf[b] += confidence[order[rank]];
            hits[b] += correct[order[rank]] ? 1 : 0;
        }
        return IntStream.range(0, bins)
                .filter(b -> count[b] > 0)
                .mapToObj(b -> new Bin(count[b], conf[b] / count[b], hits[b] / count[b]))
                .toArray(Bin[]::new);
    }

    /** Mean negative log-likelihood of the labels under the row-wise softmax of the logits. */
    public static double nll(float[] logits, int n, int classes, int[] labels) {
        Classification.checkScores(logits, n, classes, labels);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double max = rowMax(logits, i, classes);
            sum += shiftedLogSumExp(logits, i, classes, max) - ((double) logits[i * classes + labels[i]] - max);
        }
        return sum / n;
    }

    private static int argmax(float[] logits, int row, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[row * classes + c] > logits[row * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    private static double rowMax(float[] logits, int row, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[row * classes + c]);
        }
        return max;
    }

    /**
     * {@code log sum_c exp(l_c - max)}, in [0, log classes]: the log-sum-exp of the row less its
     * maximum, which stays exact however large the logits are (their differences are formed in
     * double, where float logits cannot overflow).
     */
    private static double shiftedLogSumExp(float[] logits, int row, int classes, double max) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[row * classes + c] - max);
        }
        return Math.log(sum);
    }
}
