package io.dsml.losses.vmfscott;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dsml.core.error.DsmlException;
import io.dsml.core.params.Params;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmfScottLossTest {
    private static final int N = 4;
    private static final int D = 4;
    private static final int C = 3;
    private static final int S = 3;
    private static final int[] LABELS = {0, 1, 2, 1};
    private static final double SCALE = 2.5;
    private static final double TEMPERATURE = 0.3;

    /** The random parts of the samples, drawn once and then fixed. */
    private static final SampleNoise NOISE = new SampleNoise.Seeded(7).draw(new float[] {3, 3, 3, 3}, S, D);

    private static VmfScottLoss loss() {
        return new VmfScottLoss(C, D, S, true, TEMPERATURE, 0.4, SCALE, 0, (kappas, samples, dim) -> NOISE);
    }

    /** 10^8 samples lie inside the declared range but not in one array of d values each. */
    @Test
    void samplesBeyondWhatOneArrayHoldsAreRefusedNamingTheParameter() {
        VmfScottLossFactory factory = new VmfScottLossFactory();
        Params params = Params.resolve("vmf-scott", factory.params(), Map.of("samples", 100_000_000));
        assertThatThrownBy(() -> factory.create(params, new LossFactory.LossShape(10, 64)))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("samples=100000000")
                .hasMessageContaining("6400000000");
    }

    /** A sample count that fits one embedding can still overflow the batch: refused before drawing. */
    @Test
    void samplesTimesBatchBeyondOneArrayAreRefusedBeforeDrawing() {
        int samples = 150_000_000; // x 4 dimensions fits, x 4 embeddings x 4 dimensions does not
        VmfScottLoss loss = new VmfScottLoss(C, D, samples, true, TEMPERATURE, 0.4, SCALE, 0, null);
        float[] e = FiniteDifferences.random(N * D, 45);
        assertThatThrownBy(() -> LossProbe.evaluate(loss, e, N, D, LABELS, null, false))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("samples=150000000")
                .hasMessageContaining("batch of 4");
    }

    @Test
    void gradientMatchesFiniteDifferencesWithFixedSamples() {
        float[] e = FiniteDifferences.random(N * D, 41);
        float[] w = FiniteDifferences.random(C * D, 42);
        for (int k = 0; k < w.length; k++) {
            w[k] *= 3; // concentrations of a few units
        }
        FiniteDifferences.assertGradientMatches(VmfScottLossTest::loss, e, N, D, LABELS, w, 1e-2, 3e-3);
    }

    /** The definition restated in double precision, sample by sample, against the batched arrays. */
    @Test
    void valueMatchesARestatementOfTheDefinition() {
        float[] e = FiniteDifferences.random(N * D, 43);
        float[] w = FiniteDifferences.random(C * D, 44);
        double beta = Math.exp(-TEMPERATURE);
        double total = 0;
        for (int i = 0; i < N; i++) {
            double[] z = row(e, i, SCALE);
            double kz = norm(z);
            double[] mu = scaled(z, 1 / kz);
            double[] wy = row(w, LABELS[i], 1);
            double ky = norm(wy);
            double attraction =
                    beta * BesselApprox.ratio(kz, D) * BesselApprox.ratio(ky, D) * dot(mu, scaled(wy, 1 / ky));
            double first = 0;
            for (int s = 0; s < S; s++) {
                int k = i * S + s;
                double b = VmfSampler.b(kz, D);
                double wv = VmfSampler.w(NOISE.beta()[k], b);
                double[] x = new double[D];
                x[0] = wv;
                for (int j = 1; j < D; j++) {
                    x[j] = Math.sqrt(1 - wv * wv) * NOISE.directions()[k * (D - 1) + j - 1];
                }
                double[] zs = VmfSampler.reflect(x, mu);
                double sum = 0;
                for (int c = 0; c < C; c++) {
                    double[] wc = row(w, c, 1);
                    double k2 = dot(wc, wc);
                    double shifted = k2 + beta * beta + 2 * beta * dot(zs, wc);
                    sum += Math.exp(BesselApprox.logNormalizer(k2, D) - BesselApprox.logNormalizer(shifted, D));
                }
                first += Math.log(sum) / S;
            }
            total += (first - attraction) / N;
        }
        double value = LossProbe.evaluate(loss(), e, N, D, LABELS, w, false).loss();
        assertThat(value).isCloseTo(total, within(2e-5));
    }

    @Test
    void woodSamplesHaveTheVmfMeanResultantLength() {
        // {d, kappa, relative error the Bessel-ratio approximation is allowed}: the approximation's
        // own errors are 6.1%, 0.99% and 0.16% (SciPy 1.17 ive(d/2, k)/ive(d/2-1, k) agrees with
        // this integral to 1e-9 on these cases)
        for (double[] c : new double[][] {{3, 2, 0.065}, {16, 10, 0.012}, {64, 50, 0.002}}) {
            int d = (int) c[0];
            double kappa = c[1];
            double[] mu = new double[d];
            mu[d - 1] = 1; // not e_1: exercises the reflection
            VmfSampler sampler = new VmfSampler(11);
            int n = 4000;
            double sum = 0;
            double squares = 0;
            for (int k = 0; k < n; k++) {
                double[] x = sampler.sample(mu, kappa);
                assertThat(norm(x)).isCloseTo(1, within(1e-6));
                sum += x[d - 1];
                squares += x[d - 1] * x[d - 1];
            }
            double mean = sum / n;
            double se = Math.sqrt((squares / n - mean * mean) / n);
            double exact = exactMeanCosine(kappa, d);
            assertThat(mean).as("d=%d kappa=%s", d, kappa).isCloseTo(exact, within(4 * se));
            // the Bessel-ratio approximation the loss uses, against the same integral
            assertThat(BesselApprox.ratio(kappa, d)).isCloseTo(exact, within(c[2] * exact));
        }
    }

    @Test
    void logNormalizerDifferencesFollowTheExactIntegral() {
        // log C_d(k1) - log C_d(k2) = -log(I(k1) / I(k2)), I(k) = int exp(k t)(1-t^2)^((d-3)/2) dt
        // {k1, k2, allowed relative error}: the approximation's own are 2.6% and 0.28%
        int d = 16;
        for (double[] k : new double[][] {{2, 5, 0.03}, {10, 30, 0.004}}) {
            double exact = -Math.log(integral(k[0], d, 0) / integral(k[1], d, 0));
            double approx = BesselApprox.logNormalizer(k[0] * k[0], d) - BesselApprox.logNormalizer(k[1] * k[1], d);
            assertThat(approx).isCloseTo(exact, within(k[2] * Math.abs(exact)));
        }
    }

    @Test
    void posteriorIsADistributionAndRepeatable() {
        // embeddings far out along each class weight: confident and right
        float[] w = {4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0};
        float[] e = {30, 1, 0, 0, 0, 30, 1, 0, 1, 0, 30, 0, 0, 25, 0, 1};
        VmfScottLoss loss = new VmfScottLoss(C, D, 20, true, 0, 0.4, 1, 0, null);
        try (NDManager manager = NDManager.newBaseManager()) {
            LossProbe.evaluate(manager, loss, e, N, D, LABELS, w, false);
            float[] first = logits(manager, loss, e);
            float[] again = logits(manager, loss, e);
            assertThat(again).containsExactly(first);
            for (int i = 0; i < N; i++) {
                double sum = 0;
                int best = 0;
                for (int c = 0; c < C; c++) {
                    sum += Math.exp(first[i * C + c]);
                    best = first[i * C + c] > first[i * C + best] ? c : best;
                }
                assertThat(sum).isCloseTo(1, within(1e-5));
                assertThat(best).isEqualTo(LABELS[i]);
            }
        }
    }

    /**
     * The class weights start as Scott et al.'s vmf_class_weight_init sets them (their equation 19),
     * also when the trainer's Xavier initialisation of the remaining weights runs: for kc 0.4 and
     * d 64 the standard deviation is 0.4 / 0.84 * 63 / 8 = 3.75 exactly, so the class vMFs start
     * with concentrations near 3.75 * 8 = 30 (Xavier would give ~1: near-uniform class vMFs).
     */
    @Test
    void classWeightsStartAsScottEtAlInitialiseThem() {
        assertThat(VmfScottLoss.initialWeightStd(0.4, 64)).isCloseTo(3.75, within(1e-12));
        int classes = 10;
        int dim = 64;
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            VmfScottLoss loss = new VmfScottLoss(classes, dim, S, true, 0, 0.4, 1, 0, null);
            loss.setInitializer(
                    new ai.djl.training.initializer.XavierInitializer(),
                    io.dsml.core.train.MetricTrainer.WEIGHTS_WITHOUT_INITIALIZER);
            loss.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, dim), new Shape(2));
            float[] w = loss.getParameters().get("class_weights").getArray().toFloatArray();
            double sum = 0;
            double squares = 0;
            for (float v : w) {
                sum += v;
                squares += (double) v * v;
            }
            double mean = sum / w.length;
            double std = Math.sqrt(squares / w.length - mean * mean);
            // 640 draws: the sample std is within ~3% of sigma (one standard error), 10% is > 3 of them
            assertThat(std).isCloseTo(3.75, within(0.375));
            assertThat(Math.abs(mean)).isLessThan(3.75 * 4 / Math.sqrt(w.length));
        }
    }

    @Test
    void aRestoredLossDrawsTheSamplesAnUninterruptedOneWould() throws Exception {
        float[] kappas = {2, 9};
        SampleNoise.Seeded uninterrupted = new SampleNoise.Seeded(5);
        uninterrupted.draw(kappas, S, D);
        SampleNoise second = uninterrupted.draw(kappas, S, D);

        SampleNoise.Seeded source = new SampleNoise.Seeded(5);
        VmfScottLoss before = new VmfScottLoss(C, D, S, true, 0, 0.4, 1, 5, source);
        source.draw(kappas, S, D);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        before.saveState(new java.io.DataOutputStream(bytes));

        SampleNoise.Seeded restored = new SampleNoise.Seeded(5);
        VmfScottLoss after = new VmfScottLoss(C, D, S, true, 0, 0.4, 1, 5, restored);
        after.loadState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        SampleNoise resumed = restored.draw(kappas, S, D);
        assertThat(resumed.beta()).containsExactly(second.beta());
        assertThat(resumed.directions()).containsExactly(second.directions());
        assertThat(new SampleNoise.Seeded(6).draw(kappas, S, D).beta()).isNotEqualTo(second.beta());
    }

    private static float[] logits(NDManager manager, VmfScottLoss loss, float[] e) {
        try (NDManager scope = manager.newSubManager()) {
            return loss.probabilityLogits()
                    .orElseThrow()
                    .scores(new ParameterStore(scope, false), scope.create(e, new Shape(N, D)))
                    .toFloatArray();
        }
    }

    /** E[mu . x] for x ~ vMF(mu, kappa) on S^{d-1}: the ratio of two Simpson integrals. */
    private static double exactMeanCosine(double kappa, int d) {
        return integral(kappa, d, 1) / integral(kappa, d, 0);
    }

    /** int_{-1}^{1} t^power exp(kappa (t - 1)) (1 - t^2)^((d - 3)/2) dt, Simpson's rule. */
    private static double integral(double kappa, int d, int power) {
        int steps = 200_000;
        double h = 2.0 / steps;
        double sum = 0;
        for (int k = 0; k <= steps; k++) {
            double t = -1 + k * h;
            double f = Math.pow(t, power) * Math.exp(kappa * (t - 1)) * Math.pow(Math.max(1 - t * t, 0), (d - 3) / 2.0);
            sum += f * (k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3 * Math.exp(kappa);
    }

    private static double[] row(float[] values, int row, double c) {
        double[] r = new double[D];
        for (int j = 0; j < D; j++) {
            r[j] = values[row * D + j] * c;
        }
        return r;
    }

    private static double[] scaled(double[] x, double c) {
        double[] r = x.clone();
        for (int j = 0; j < r.length; j++) {
            r[j] *= c;
        }
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
