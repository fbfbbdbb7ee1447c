package io.dsml.losses.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.dsml.core.params.Params;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.cosine.NormalizedSoftmaxLossFactory;
import io.dsml.losses.miners.Closeness;
import io.dsml.losses.miners.Miner;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The composable parts of the pair losses against their definitions, restated here in double
 * precision with loops, pytorch-metric-learning's formulas one by one (the PML reference values
 * cover the default parts): every distance, every reducer, and a reference set apart from the
 * batch, for which pairs run from each batch sample to each reference sample and a sample is
 * never paired with itself only when the reference set is the batch. Gradients against finite
 * differences.
 */
class PairLossDefinitionsTest {
    private static final int N = 6;
    private static final int M = 5;
    private static final int D = 3;
    private static final int[] LABELS = {0, 1, 2, 0, 1, 0};
    private static final int[] REF_LABELS = {1, 0, 2, 0, 3};
    /**
     * Finite-difference step: small, so that few hinges lie within it. Averaging over the non-zero
     * losses only (avg-non-zero) is discontinuous where a loss crosses 0, so its gradient is left
     * to CatalogGradientTest and the PML references, which hold its default combinations.
     */
    private static final double H = 2e-3;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Distance distance : Distance.values()) {
            for (Reducer reducer : Reducer.values()) {
                cases.add(Arguments.of("contrastive", distance, reducer));
                cases.add(Arguments.of("triplet", distance, reducer));
            }
            cases.add(Arguments.of("multi-similarity", distance, Reducer.MEAN));
            cases.add(Arguments.of("lifted-structure", distance, Reducer.MEAN));
            cases.add(Arguments.of("lifted-structure", distance, Reducer.SUM));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} {2} within the batch")
    @MethodSource("cases")
    void withinTheBatchTheValueIsTheDefinition(String loss, Distance distance, Reducer reducer) {
        float[] e = FiniteDifferences.random(N * D, 51);
        double expected = definition(loss, distance, reducer, e, LABELS, e, LABELS, true);
        double actual = LossProbe.evaluate(create(loss, distance, reducer), e, N, D, LABELS, null, false)
                .loss();
        assertThat(actual).isCloseTo(expected, within(2e-5 * Math.max(1, Math.abs(expected))));
        if (reducer != Reducer.AVG_NON_ZERO) {
            FiniteDifferences.assertGradientMatches(
                    () -> create(loss, distance, reducer), e, N, D, LABELS, null, H, 3e-3);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} against a reference set")
    @MethodSource("cases")
    void againstAReferenceSetTheValueIsTheDefinition(String loss, Distance distance, Reducer reducer) {
        float[] e = FiniteDifferences.random(N * D, 52);
        float[] r = FiniteDifferences.random(M * D, 53);
        float[] result = checkedAgainstDefinition(loss, distance, reducer, e, r, "loss");
        if (reducer == Reducer.AVG_NON_ZERO) {
            return;
        }
        double h = H;
        for (int k = 0; k < e.length; k++) {
            float[] plus = e.clone();
            float[] minus = e.clone();
            plus[k] += (float) h;
            minus[k] -= (float) h;
            // Each shifted value is checked against the definition before it enters the difference,
            // so that a wrong forward value is told apart from a wrong gradient.
            float lossPlus = checkedAgainstDefinition(loss, distance, reducer, plus, r, "loss with E[" + k + "] +h")[0];
            float lossMinus =
                    checkedAgainstDefinition(loss, distance, reducer, minus, r, "loss with E[" + k + "] -h")[0];
            double numeric = (lossPlus - lossMinus) / (2 * h);
            assertThat((double) result[1 + k]).as("dL/dE[%d]", k).isCloseTo(numeric, within(3e-3));
        }
    }

    /** Value and dL/dE with {@code r} as reference set, after checking the value against the definition. */
    private static float[] checkedAgainstDefinition(
            String loss, Distance distance, Reducer reducer, float[] e, float[] r, String what) {
        double expected = definition(loss, distance, reducer, e, LABELS, r, REF_LABELS, false);
        float[] result = withReference(create(loss, distance, reducer), e, r);
        assertThat((double) result[0]).as(what).isCloseTo(expected, within(2e-5 * Math.max(1, Math.abs(expected))));
        return result;
    }

    /** The batch passed as its own reference set (the same arrays) is the plain loss, bit for bit. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void theBatchAsItsOwnReferenceSetIsThePlainLoss(String loss, Distance distance, Reducer reducer) {
        float[] e = FiniteDifferences.random(N * D, 54);
        LossProbe.Result plain = LossProbe.evaluate(create(loss, distance, reducer), e, N, D, LABELS, null, true);
        float[] self = withReference(create(loss, distance, reducer), e, null);
        assertThat((double) self[0]).isEqualTo(plain.loss());
        for (int k = 0; k < e.length; k++) {
            assertThat(self[1 + k]).as("dL/dE[%d]", k).isEqualTo(plain.gradient()[k]);
        }
    }

    @Test
    void lossesWithoutPairsAndHostMinersRefuseASeparateReferenceSet() {
        LossFactory softmax = new NormalizedSoftmaxLossFactory();
        MetricLoss classifier = softmax.create(Params.defaults(softmax.params()), new LossFactory.LossShape(4, D));
        assertThat(classifier.supportsReferenceSet()).isFalse();
        float[] e = FiniteDifferences.random(N * D, 55);
        float[] r = FiniteDifferences.random(M * D, 56);
        assertThatThrownBy(() -> withReference(classifier, e, r))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("no reference set");
        Miner hostOnly = (Closeness closeness, int[] labels) ->
                new io.dsml.losses.miners.AllPairsMiner().mine(closeness, labels);
        MetricLoss hostMined =
                new ContrastiveLoss(0.3, 1.2, new PairLossParts(Distance.EUCLIDEAN, Reducer.AVG_NON_ZERO, hostOnly));
        assertThat(withReference(hostMined, e, null)[0])
                .isEqualTo(withReference(create("contrastive", Distance.EUCLIDEAN, Reducer.AVG_NON_ZERO), e, null)[0]);
        assertThatThrownBy(() -> withReference(hostMined, e, r)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static MetricLoss create(String name, Distance distance, Reducer reducer) {
        LossFactory factory = switch (name) {
            case "contrastive" -> new ContrastiveLossFactory();
            case "triplet" -> new TripletLossFactory();
            case "multi-similarity" -> new MultiSimilarityLossFactory();
            default -> new LiftedStructureLossFactory();
        };
        Map<String, Object> given = new HashMap<>(Map.of("distance", distance.id(), "reducer", reducer.id()));
        given.put("miner", "all");
        given.putAll(margins(name, distance));
        return factory.create(Params.resolve(name, factory.params(), given), new LossFactory.LossShape(4, D));
    }

    /** Margins that put some pairs on each side of every hinge for the metric's range. */
    private static Map<String, Object> margins(String name, Distance distance) {
        boolean similarity = distance == Distance.COSINE;
        return switch (name) {
            case "contrastive" ->
                similarity
                        ? Map.of("pos_margin", 0.6, "neg_margin", 0.1)
                        : Map.of("pos_margin", 0.3, "neg_margin", 1.2);
            case "triplet" -> Map.of("margin", 0.3);
            case "multi-similarity" -> Map.of("alpha", 2, "beta", 10, "base", similarity ? 0.5 : 1.0);
            default -> Map.of("pos_margin", 0.1, "neg_margin", similarity ? 0.2 : 1.0);
        };
    }

    /** Value and dL/dE with {@code r} as reference set; {@code r == null}: the batch's own arrays. */
    private static float[] withReference(MetricLoss loss, float[] e, float[] r) {
        Engine.getInstance().setRandomSeed(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            loss.initialize(manager, DataType.FLOAT32, new Shape(N, D), new Shape(N));
            NDArray embeddings = manager.create(e, new Shape(N, D));
            NDArray labels = manager.create(LABELS);
            NDArray ref = r == null ? embeddings : manager.create(r, new Shape(M, D));
            NDArray refLabels = r == null ? labels : manager.create(REF_LABELS);
            embeddings.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.forward(
                                new ParameterStore(manager, false),
                                new NDList(embeddings, labels, ref, refLabels),
                                true)
                        .head();
                collector.backward(value);
                float[] gradient = embeddings.getGradient().toFloatArray();
                float[] out = new float[1 + gradient.length];
                out[0] = value.getFloat();
                System.arraycopy(gradient, 0, out, 1, gradient.length);
                return out;
            }
        }
    }

    // ---- the definitions, in double precision ----

    private static double definition(
            String loss, Distance distance, Reducer reducer, float[] e, int[] y, float[] r, int[] ry, boolean self) {
        int n = y.length;
        int m = ry.length;
        double[][] metric = new double[n][m];
        boolean[][] pos = new boolean[n][m];
        boolean[][] neg = new boolean[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                metric[i][j] = metric(distance, unit(e, i), unit(r, j));
                pos[i][j] = y[i] == ry[j] && !(self && i == j);
                neg[i][j] = y[i] != ry[j];
            }
        }
        boolean sim = distance == Distance.COSINE;
        Map<String, Object> p = margins(loss, distance);
        return switch (loss) {
            case "contrastive" -> {
                double pm = num(p, "pos_margin");
                double nm = num(p, "neg_margin");
                Acc positive = new Acc();
                Acc negative = new Acc();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        if (pos[i][j]) {
                            positive.add(Math.max(0, margin(sim, metric[i][j], pm)));
                        }
                        if (neg[i][j]) {
                            negative.add(Math.max(0, margin(sim, nm, metric[i][j])));
                        }
                    }
                }
                yield positive.reduce(reducer) + negative.reduce(reducer);
            }
            case "triplet" -> {
                double margin = num(p, "margin");
                Acc triplets = new Acc();
                for (int a = 0; a < n; a++) {
                    for (int q = 0; q < m; q++) {
                        for (int k = 0; k < m; k++) {
                            if (pos[a][q] && neg[a][k]) {
                                triplets.add(Math.max(0, margin(sim, metric[a][q], metric[a][k]) + margin));
                            }
                        }
                    }
                }
                yield triplets.reduce(reducer);
            }
            case "multi-similarity" -> {
                double alpha = num(p, "alpha");
                double beta = num(p, "beta");
                double base = num(p, "base");
                Acc anchors = new Acc();
                for (int i = 0; i < n; i++) {
                    double sp = 1;
                    double sn = 1;
                    for (int j = 0; j < m; j++) {
                        sp += pos[i][j] ? Math.exp(alpha * margin(sim, metric[i][j], base)) : 0;
                        sn += neg[i][j] ? Math.exp(beta * margin(sim, base, metric[i][j])) : 0;
                    }
                    anchors.add(Math.log(sp) / alpha + Math.log(sn) / beta);
                }
                yield anchors.reduce(reducer);
            }
            default -> {
                // PML's LiftedStructureLoss: the negative pairs (a2, k) with a2 == a or a2 == p,
                // the index p of the reference set compared with the batch's anchor indices.
                double pm = num(p, "pos_margin");
                double nm = num(p, "neg_margin");
                Acc pairs = new Acc();
                for (int a = 0; a < n; a++) {
                    for (int q = 0; q < m; q++) {
                        if (!pos[a][q]) {
                            continue;
                        }
                        double sum = 0;
                        boolean any = false;
                        for (int a2 = 0; a2 < n; a2++) {
                            for (int k = 0; k < m; k++) {
                                if (neg[a2][k] && (a2 == a || a2 == q)) {
                                    sum += Math.exp(margin(sim, nm, metric[a2][k]));
                                    any = true;
                                }
                            }
                        }
                        double j = (any ? Math.log(sum) : 0) + margin(sim, metric[a][q], pm);
                        pairs.add(Math.pow(Math.max(0, j), 2) / 2);
                    }
                }
                yield pairs.reduce(reducer);
            }
        };
    }

    /** PML's {@code distance.margin(x, y)}. */
    private static double margin(boolean similarity, double x, double y) {
        return similarity ? y - x : x - y;
    }

    private static double metric(Distance distance, double[] a, double[] b) {
        double dot = 0;
        double squared = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            squared += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return switch (distance) {
            case COSINE -> dot;
            case EUCLIDEAN -> Math.sqrt(squared);
            case SQUARED_EUCLIDEAN -> squared;
        };
    }

    private static double[] unit(float[] rows, int i) {
        double norm = 0;
        for (int k = 0; k < D; k++) {
            norm += (double) rows[i * D + k] * rows[i * D + k];
        }
        double[] u = new double[D];
        for (int k = 0; k < D; k++) {
            u[k] = rows[i * D + k] / Math.sqrt(norm);
        }
        return u;
    }

    private static double num(Map<String, Object> params, String key) {
        return ((Number) params.get(key)).doubleValue();
    }

    /** Per-element losses and PML's three reductions of them. */
    private static final class Acc {
        private double sum;
        private int count;
        private int positive;

        void add(double loss) {
            sum += loss;
            count++;
            positive += loss > 0 ? 1 : 0;
        }

        double reduce(Reducer reducer) {
            return switch (reducer) {
                case AVG_NON_ZERO -> positive == 0 ? 0 : sum / positive;
                case MEAN -> count == 0 ? 0 : sum / count;
                case SUM -> sum;
            };
        }
    }
}
