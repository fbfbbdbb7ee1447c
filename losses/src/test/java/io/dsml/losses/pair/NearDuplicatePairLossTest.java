package io.dsml.losses.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.AllPairsMiner;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pair losses on near-duplicate embeddings (six samples within about 3e-3 of one another, two far
 * away), where distances from a float32 Gram matrix lose most of their digits: value against a
 * float64 brute force from explicit differences, dL/dE against central finite differences of that
 * brute force in float64.
 */
class NearDuplicatePairLossTest {
    private static final int N = 8;
    private static final int D = 8;
    private static final int[] LABELS = {0, 0, 1, 1, 2, 2, 0, 1};
    private static final float[] E = nearDuplicates();

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of(
                        "contrastive",
                        new ContrastiveLoss(0, 1, parts(Distance.EUCLIDEAN, Reducer.AVG_NON_ZERO)),
                        (ToDoubleFunction<double[]>) e -> contrastive(distances(e), 0, 1)),
                Arguments.of(
                        "contrastive_pos0.002",
                        new ContrastiveLoss(0.002, 1, parts(Distance.EUCLIDEAN, Reducer.AVG_NON_ZERO)),
                        (ToDoubleFunction<double[]>) e -> contrastive(distances(e), 0.002, 1)),
                Arguments.of(
                        "triplet",
                        new TripletLoss(0.05, parts(Distance.EUCLIDEAN, Reducer.AVG_NON_ZERO)),
                        (ToDoubleFunction<double[]>) e -> triplet(distances(e), 0.05)),
                Arguments.of(
                        "lifted-structure",
                        new LiftedStructureLoss(0, 1, parts(Distance.EUCLIDEAN, Reducer.MEAN)),
                        (ToDoubleFunction<double[]>) e -> lifted(distances(e), 0, 1)),
                Arguments.of(
                        "multi-similarity",
                        new MultiSimilarityLoss(2, 50, 0.5, parts(Distance.COSINE, Reducer.MEAN)),
                        (ToDoubleFunction<double[]>) e -> multiSimilarity(cosines(e), 2, 50, 0.5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void valueAndGradientMatchFloat64BruteForce(String name, MetricLoss loss, ToDoubleFunction<double[]> exact) {
        LossProbe.Result result = LossProbe.evaluate(loss, E, N, D, LABELS, null, true);
        double[] e = new double[E.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = E[k];
        }
        double value = exact.applyAsDouble(e);
        assertThat(result.loss()).as("%s value", name).isCloseTo(value, within(Math.abs(value) * 1e-5));

        double h = 1e-8;
        double[] numeric = new double[e.length];
        double largest = 0;
        for (int k = 0; k < e.length; k++) {
            double[] plus = e.clone();
            double[] minus = e.clone();
            plus[k] += h;
            minus[k] -= h;
            numeric[k] = (exact.applyAsDouble(plus) - exact.applyAsDouble(minus)) / (2 * h);
            largest = Math.max(largest, Math.abs(numeric[k]));
        }
        for (int k = 0; k < e.length; k++) {
            assertThat((double) result.gradient()[k])
                    .as("%s dL/dE[%d]", name, k)
                    .isCloseTo(numeric[k], within(largest * 1e-4));
        }
    }

    /** Six samples 1e-3 * U[-1, 1)^D around one point, then two random ones. */
    private static float[] nearDuplicates() {
        Random random = new Random(7);
        float[] centre = new float[D];
        for (int k = 0; k < D; k++) {
            centre[k] = random.nextFloat() * 2 - 1;
        }
        float[] e = new float[N * D];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < D; k++) {
                e[i * D + k] = i < 6 ? centre[k] + 1e-3f * (random.nextFloat() * 2 - 1) : random.nextFloat() * 2 - 1;
            }
        }
        return e;
    }

    private static double[][] unitRows(double[] e) {
        double[][] z = new double[N][D];
        for (int i = 0; i < N; i++) {
            double norm = 0;
            for (int k = 0; k < D; k++) {
                norm += e[i * D + k] * e[i * D + k];
            }
            for (int k = 0; k < D; k++) {
                z[i][k] = e[i * D + k] / Math.sqrt(norm);
            }
        }
        return z;
    }

    /** ||z_i - z_j|| from explicit differences: no cancellation. */
    private static double[][] distances(double[] e) {
        double[][] z = unitRows(e);
        double[][] d = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double sum = 0;
                for (int k = 0; k < D; k++) {
                    sum += (z[i][k] - z[j][k]) * (z[i][k] - z[j][k]);
                }
                d[i][j] = Math.sqrt(sum);
            }
        }
        return d;
    }

    private static double[][] cosines(double[] e) {
        double[][] z = unitRows(e);
        double[][] s = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int k = 0; k < D; k++) {
                    s[i][j] += z[i][k] * z[j][k];
                }
            }
        }
        return s;
    }

    private static boolean positive(int i, int j) {
        return i != j && LABELS[i] == LABELS[j];
    }

    private static boolean negative(int i, int j) {
        return LABELS[i] != LABELS[j];
    }

    /** PML's AvgNonZeroReducer. */
    private static double meanOfPositive(double sum, int positives) {
        return positives == 0 ? 0 : sum / positives;
    }

    private static double contrastive(double[][] d, double posMargin, double negMargin) {
        double pos = 0;
        double neg = 0;
        int posCount = 0;
        int negCount = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                if (positive(i, j) && d[i][j] > posMargin) {
                    pos += d[i][j] - posMargin;
                    posCount++;
                } else if (negative(i, j) && d[i][j] < negMargin) {
                    neg += negMargin - d[i][j];
                    negCount++;
                }
            }
        }
        return meanOfPositive(pos, posCount) + meanOfPositive(neg, negCount);
    }

    private static double triplet(double[][] d, double margin) {
        double sum = 0;
        int count = 0;
        for (int a = 0; a < N; a++) {
            for (int p = 0; p < N; p++) {
                for (int n = 0; n < N; n++) {
                    double cost = d[a][p] - d[a][n] + margin;
                    if (positive(a, p) && negative(a, n) && cost > 0) {
                        sum += cost;
                        count++;
                    }
                }
            }
        }
        return meanOfPositive(sum, count);
    }

    private static double lifted(double[][] d, double posMargin, double negMargin) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                if (!positive(i, j)) {
                    continue;
                }
                double negatives = 0;
                for (int k = 0; k < N; k++) {
                    negatives += (negative(i, k) ? Math.exp(negMargin - d[i][k]) : 0)
                            + (negative(j, k) ? Math.exp(negMargin - d[j][k]) : 0);
                }
                double hinge = Math.max(0, Math.log(negatives) + d[i][j] - posMargin);
                sum += hinge * hinge / 2;
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double multiSimilarity(double[][] s, double alpha, double beta, double base) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double pos = 0;
            double neg = 0;
            for (int j = 0; j < N; j++) {
                if (positive(i, j)) {
                    pos += Math.exp(-alpha * (s[i][j] - base));
                } else if (negative(i, j)) {
                    neg += Math.exp(beta * (s[i][j] - base));
                }
            }
            sum += Math.log1p(pos) / alpha + Math.log1p(neg) / beta;
        }
        return sum / N;
    }

    /** PML's default parts of each loss, all pairs. */
    private static PairLossParts parts(Distance distance, Reducer reducer) {
        return new PairLossParts(distance, reducer, new AllPairsMiner());
    }
}
