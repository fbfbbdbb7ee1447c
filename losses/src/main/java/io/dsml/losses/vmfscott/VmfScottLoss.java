package io.dsml.losses.vmfscott;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import io.dsml.core.error.DsmlException;
import io.dsml.core.model.Rows;
import io.dsml.core.model.Scalars;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.support.BatchOps;
import java.util.Optional;

/**
 * The vMF loss of Scott, Gallagher and Mozer (ICCV 2021), as their reference code ({@code
 * VMFSoftmax} in google-research/vmf_embeddings) defines it. The embedding z = c f(x) (c a fixed
 * scale, below) is a vMF distribution with mean direction mu_z = z/||z|| and concentration
 * kappa_z = ||z||; each class weight w_c is a vMF with mu_c = w_c/||w_c|| and kappa_c = ||w_c||.
 * With beta = exp(-t) the inverse of a learned temperature t, the loss of a sample of class y is
 *
 * <pre>
 *   L = (1/S) sum_s log sum_c C_d(kappa_c) / C_d(||w_c + beta z_s||)  -  beta E[z] . E[w_y]
 * </pre>
 *
 * where z_s ~ vMF(mu_z, kappa_z) are S Monte-Carlo samples (reparameterised: Wood's algorithm's
 * random parts are drawn seeded, then turned into samples by differentiable functions of mu_z and
 * kappa_z, {@link SampleNoise}), E[x] = A_d(kappa_x) mu_x is the mean of a vMF, {@code C_d(k) /
 * C_d(||w + beta z||)} is E_w[exp(beta w . z)], and A_d and log C_d are {@link BesselApprox}'s
 * approximations. The first term is E_z log sum_c E_w exp(beta w_c . z), so L bounds the expected
 * softmax cross-entropy of beta w . z from above (Jensen) without sampling the class weights.
 *
 * <p>The class weights start as their {@code vmf_class_weight_init} sets them: normal with the
 * standard deviation of {@link #initialWeightStd}.
 *
 * <p>The scale c: Scott et al. set it once before training so that the embeddings' initial
 * concentrations match a chosen "kappa confidence" kc, {@code c = (kc / (1 - kc^2)) ((d - 1) /
 * sqrt d) / mean|f_j(x)|} with the mean absolute coordinate over the training set; dsml takes that
 * mean over the first training batch instead of a full pass, and keeps c in the checkpoint.
 *
 * <p>Classification and class probabilities follow their {@code get_predictions}: S samples of z
 * and, for each, of every w_c; p(c | x) = (1/S) sum_s softmax_c(beta z_s . w_{c,s}); the class is
 * its argmax. The samples of an evaluation are seeded, so an evaluation is repeatable.
 */
public final class VmfScottLoss extends MetricLoss {
    /** Floor under norms (torch.nn.functional.normalize's and s-vae-pytorch's epsilon scale). */
    static final float EPS = 1e-12f;

    private final int classes;
    private final int dim;
    private final int samples;
    private final double kappaConfidence;
    private final long seed;
    private final SampleNoise.Source noise;
    private final Parameter weights;
    private final Parameter logTemperature;
    private final Parameter scale;

    /**
     * @param samples Monte-Carlo samples per embedding, training and evaluation
     * @param learnTemperature whether t is trained (otherwise fixed at {@code initialTemperature})
     * @param initialTemperature t at the start; beta = exp(-t)
     * @param kappaConfidence in (0, 1): the initial concentration scale c, see above
     * @param fixedScale c itself, or 0 to derive it from the first training batch
     * @param seed seed of every sample
     * @param noise where training samples' random parts come from; {@code null}: seeded by {@code seed}
     */
    public VmfScottLoss(
            int classes,
            int dim,
            int samples,
            boolean learnTemperature,
            double initialTemperature,
            double kappaConfidence,
            double fixedScale,
            long seed,
            SampleNoise.Source noise) {
        if (dim < 2) {
            throw new IllegalArgumentException("vmf-scott needs an embedding of dimension >= 2, got " + dim);
        }
        requireArraySize(samples, 1, dim, classes);
        this.classes = classes;
        this.dim = dim;
        this.samples = samples;
        this.kappaConfidence = kappaConfidence;
        this.seed = seed;
        this.noise = noise != null ? noise : new SampleNoise.Seeded(seed);
        this.weights = addParameter(Parameter.builder()
                .setName("class_weights")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .optInitializer(new NormalInitializer((float) initialWeightStd(kappaConfidence, dim)))
                .build());
        this.logTemperature = addParameter(Parameter.builder()
                .setName("log_temperature")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer((float) initialTemperature))
                .optRequiresGrad(learnTemperature)
                .build());
        this.scale = addParameter(Parameter.builder()
                .setName("z_kappa_mult")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer((float) fixedScale)) // 0: not yet set
                .optRequiresGrad(false)
                .build());
    }

    /**
     * The standard deviation of the class weights' initial coordinates, Scott et al.'s equation 19
     * as their {@code vmf_class_weight_init} applies it: {@code (kc / (1 - kc^2)) (d - 1) / sqrt d},
     * so each class vMF starts with concentration ||w_c|| near that times sqrt d (30 for kc 0.4,
     * d 64) instead of Xavier's ~1, where every class vMF is nearly uniform and the posterior
     * stays near 1/C for hundreds of steps.
     */
    static double initialWeightStd(double kappaConfidence, int dim) {
        return kappaConfidence / (1 - kappaConfidence * kappaConfidence) * (dim - 1) / Math.sqrt(dim);
    }

    /**
     * Refuses a sample count whose largest array, the samples [B, S, d] or their dot products with
     * the classes [B, S, C], would exceed what one Java array or one engine array (32-bit
     * indices) can hold: the product would otherwise overflow into a negative array size deep in
     * the sampler. Checked for one embedding at construction and for the batch before drawing.
     */
    static void requireArraySize(int samples, long batch, int dim, int classes) {
        long values = samples * batch * Math.max(dim, classes);
        if (values > Integer.MAX_VALUE - 8) {
            String per = batch == 1 ? "one embedding" : "a batch of " + batch;
            throw new DsmlException("vmf-scott: samples=" + samples + " needs " + values
                    + " values in one array for " + per + " (samples x max(dimension " + dim + ", classes "
                    + classes + ")" + (batch == 1 ? "" : " x batch") + "), more than the " + (Integer.MAX_VALUE - 8)
                    + " an array can hold; lower samples" + (batch == 1 ? "" : " or the batch size"));
        }
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        int batch = (int) embeddings.getShape().get(0);
        requireArraySize(samples, batch, dim, classes);
        NDArray z = Scalars.mul(embeddings, scale(embeddings, training));
        NDArray kappaZ = Rows.norms(z); // [B, 1], floored at EPS with a finite gradient at 0
        NDArray muZ = z.div(kappaZ);
        NDArray w = BatchOps.borrow(store, weights, embeddings, training);
        NDArray beta = BatchOps.borrow(store, logTemperature, embeddings, training)
                .neg()
                .exp();

        NDArray wy = labels.oneHot(classes).matMul(w); // [B, d]
        NDArray kappaY = Rows.norms(wy);
        NDArray meanZ = muZ.mul(BesselApprox.ratio(kappaZ, dim));
        NDArray meanY = wy.div(kappaY).mul(BesselApprox.ratio(kappaY, dim));
        NDArray attraction = meanZ.mul(meanY).sum(new int[] {1}).mul(beta); // [B]

        NDArray zs = samples(muZ, kappaZ, noise.draw(kappaZ.toFloatArray(), samples, dim)); // [B, S, d]
        NDArray dots = zs.reshape(batch * samples, dim).matMul(w.transpose()).reshape(batch, samples, classes);
        NDArray kappaW2 = w.square().sum(new int[] {1}).reshape(1, 1, classes);
        NDArray shifted =
                kappaW2.add(beta.square().reshape(1, 1, 1)).add(Scalars.mul(dots.mul(beta.reshape(1, 1, 1)), 2));
        NDArray terms = BesselApprox.logNormalizer(kappaW2, dim).sub(BesselApprox.logNormalizer(shifted, dim));
        NDArray max = terms.max(new int[] {2}, true).stopGradient();
        NDArray logSum = terms.sub(max).exp().sum(new int[] {2}).log().add(max.squeeze(2)); // [B, S]
        return logSum.mean(new int[] {1}).sub(attraction).mean();
    }

    /**
     * vMF(mu_i, kappa_i) samples [B, S, d] from fixed noise: w = (1 - (1 + b) e) / (1 - (1 - b) e)
     * with Wood's b(kappa), x = (w, sqrt(1 - w^2) v), then the Householder reflection e_1 -> mu.
     */
    private NDArray samples(NDArray mu, NDArray kappa, SampleNoise drawn) {
        int batch = (int) mu.getShape().get(0);
        NDManager scope = mu.getManager();
        NDArray e = scope.create(drawn.beta(), new Shape(batch, samples, 1));
        NDArray v = scope.create(drawn.directions(), new Shape(batch, samples, dim - 1));
        // b = (d - 1) / (2 kappa + sqrt(4 kappa^2 + (d - 1)^2)), see VmfSampler
        double m = dim - 1;
        NDArray denominator = Scalars.mul(kappa, 2)
                .add(Scalars.mul(kappa.square(), 4).add(m * m).sqrt());
        NDArray b = Scalars.mul(Scalars.pow(denominator, -1), (float) m).reshape(batch, 1, 1);
        NDArray w = b.add(1).mul(e).neg().add(1).div(b.neg().add(1).mul(e).neg().add(1));
        NDArray rest = Scalars.maximum(w.square().neg().add(1), EPS).sqrt().mul(v);
        NDArray x = NDArrays.concat(new NDList(w, rest), 2);
        float[] first = new float[dim];
        first[0] = 1;
        NDArray u = scope.create(first, new Shape(1, dim)).sub(mu);
        u = Rows.l2Normalize(u).reshape(batch, 1, dim);
        return x.sub(Scalars.mul(x.mul(u).sum(new int[] {2}, true).mul(u), 2));
    }

    /** The fixed scale c, set from the first training batch (see the class comment). */
    private float scale(NDArray embeddings, boolean training) {
        float c = scale.getArray().toFloatArray()[0];
        if (c == 0 && training) {
            double meanAbs = embeddings.abs().mean().getFloat();
            c = (float) ((1 / Math.max(meanAbs, EPS))
                    * (kappaConfidence / (1 - kappaConfidence * kappaConfidence))
                    * ((dim - 1) / Math.sqrt(dim)));
            scale.getArray().set(new float[] {c});
        }
        return c == 0 ? 1 : c;
    }

    @Override
    public Optional<ClassScorer> classifier() {
        return probabilityLogits();
    }

    /**
     * log p(c | x) with p the Monte-Carlo average of softmax_c(beta z_s . w_{c,s}) (its argmax is
     * the classification); each call starts a seeded generator, so an evaluation pass is
     * repeatable and the classifier and the posterior see the same samples.
     */
    @Override
    public Optional<ClassScorer> probabilityLogits() {
        VmfSampler sampler = new VmfSampler(seed ^ 0x5DEECE66DL);
        return Optional.of((store, embeddings) -> posterior(store, embeddings, sampler));
    }

    private NDArray posterior(ParameterStore store, NDArray embeddings, VmfSampler sampler) {
        int batch = (int) embeddings.getShape().get(0);
        float[] e = embeddings.toFloatArray();
        float[] w = BatchOps.borrow(store, weights, embeddings, false).toFloatArray();
        double beta = Math.exp(
                -BatchOps.borrow(store, logTemperature, embeddings, false).toFloatArray()[0]);
        double c = scale(embeddings, false);
        double[][] muW = new double[classes][];
        double[] kappaW = new double[classes];
        for (int k = 0; k < classes; k++) {
            kappaW[k] = unit(w, k, 1, muW, k);
        }
        float[] logP = new float[batch * classes];
        double[][] mu = new double[1][];
        double[] logits = new double[classes];
        for (int i = 0; i < batch; i++) {
            double kappaZ = unit(e, i, c, mu, 0);
            double[] p = new double[classes];
            for (int s = 0; s < samples; s++) {
                double[] zs = sampler.sample(mu[0], kappaZ);
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double[] ws = sampler.sample(muW[k], kappaW[k]);
                    double dot = 0;
                    for (int j = 0; j < dim; j++) {
                        dot += zs[j] * ws[j];
                    }
                    logits[k] = beta * dot;
                    max = Math.max(max, logits[k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += Math.exp(logits[k] - max);
                }
                for (int k = 0; k < classes; k++) {
                    p[k] += Math.exp(logits[k] - max) / sum / samples;
                }
            }
            for (int k = 0; k < classes; k++) {
                logP[i * classes + k] = (float) Math.log(Math.max(p[k], Double.MIN_NORMAL));
            }
        }
        return embeddings.getManager().create(logP, new Shape(batch, classes));
    }

    /** Row {@code row} of {@code values} times {@code c}: stores its direction, returns its norm. */
    private double unit(float[] values, int row, double c, double[][] directions, int slot) {
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            double x = values[row * dim + j] * c;
            norm += x * x;
        }
        norm = Math.max(Math.sqrt(norm), EPS);
        double[] direction = new double[dim];
        for (int j = 0; j < dim; j++) {
            direction[j] = values[row * dim + j] * c / norm;
        }
        directions[slot] = direction;
        return norm;
    }

    @Override
    public Optional<Parameter> classState() {
        return Optional.of(weights);
    }

    /** The seeded noise's position, so a resumed run draws the samples an uninterrupted one would. */
    @Override
    public void saveState(java.io.DataOutputStream out) throws java.io.IOException {
        if (!(noise instanceof SampleNoise.Seeded seeded)) {
            super.saveState(out);
            return;
        }
        out.writeInt(8);
        out.writeLong(seeded.batches());
    }

    @Override
    public void loadState(java.io.DataInputStream in) throws java.io.IOException {
        int length = in.readInt();
        if (length == 0) {
            return;
        }
        if (length != 8 || !(noise instanceof SampleNoise.Seeded seeded)) {
            throw new java.io.IOException("unexpected vmf-scott state of " + length + " bytes");
        }
        seeded.batches(in.readLong());
    }

    /** The class weights [classes, d]; their norms are the classes' concentrations. */
    public Parameter classWeights() {
        return weights;
    }

    /** The temperature's logarithm t (beta = exp(-t)), [1]. */
    public Parameter logTemperature() {
        return logTemperature;
    }
}
