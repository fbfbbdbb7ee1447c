package io.dsml.losses.vmf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.dsml.core.model.Rows;
import io.dsml.core.model.Scalars;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.spi.RefreshableClassState;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.losses.support.BatchOps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The von Mises-Fisher loss of Zhe, Chen and Yan (arXiv 1802.09662). Embeddings are normalised,
 * z = f(x)/||f(x)||; each class c has a unit mean direction mu_c and all classes share the
 * concentration kappa, so the class posterior is a softmax over cosines,
 * {@code p(c|z) = exp(kappa mu_c.z) / sum_j exp(kappa mu_j.z)}, and the loss is the batch mean of
 * {@code -log p(y_i|z_i)}. The vMF normaliser C_d(kappa) cancels because kappa is shared.
 *
 * <p>The mean directions are a parameter of this block. In {@link MeanDirectionMode#GLOBAL} (the
 * paper) and {@link MeanDirectionMode#ONLINE} modes it carries no gradient and is recomputed by
 * {@link #refresh} / {@link #onEpochEnd}; in {@link MeanDirectionMode#LEARNED} mode it is trained by
 * gradient and normalised in every forward pass (normalised softmax). Classification is the
 * nearest mean direction, argmax_c mu_c.z.
 */
public final class VmfLoss extends MetricLoss implements RefreshableClassState {
    private final float kappa;
    private final MeanDirectionMode mode;
    private final RefreshPeriod period;
    private final int classes;
    private final int dim;
    private final Parameter means;
    private final ClassResultants online;
    private final int initialSamplesPerClass;
    private Map<String, Double> diagnostics = Map.of();

    /**
     * @param kappa shared concentration, &gt; 0
     * @param mode where the mean directions come from
     * @param period how often {@link MeanDirectionMode#GLOBAL} refreshes
     * @param classes number of classes
     * @param dim embedding dimension
     * @param onlineInitialPerClass {@link MeanDirectionMode#ONLINE} mode: training samples per class
     *     the means before the first step come from, or 0 for all; ignored by the other modes, whose
     *     first refresh is always the full pass
     */
    public VmfLoss(
            float kappa,
            MeanDirectionMode mode,
            RefreshPeriod period,
            int classes,
            int dim,
            int onlineInitialPerClass) {
        if (!(kappa > 0) || !Float.isFinite(kappa)) {
            throw new IllegalArgumentException("kappa must be > 0, got " + kappa);
        }
        if (onlineInitialPerClass < 0) {
            throw new IllegalArgumentException("onlineInitialPerClass must be >= 0, got " + onlineInitialPerClass);
        }
        this.kappa = kappa;
        this.mode = mode;
        this.period = mode == MeanDirectionMode.GLOBAL ? period : RefreshPeriod.onlyAtStart();
        this.classes = classes;
        this.dim = dim;
        this.means = addParameter(Parameter.builder()
                .setName("mean_directions")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .optInitializer(new NormalInitializer(1f))
                .optRequiresGrad(mode == MeanDirectionMode.LEARNED)
                .build());
        this.online = mode == MeanDirectionMode.ONLINE ? new ClassResultants(classes, dim) : null;
        this.initialSamplesPerClass = online != null ? onlineInitialPerClass : 0;
    }

    public float kappa() {
        return kappa;
    }

    public MeanDirectionMode mode() {
        return mode;
    }

    /** The mean-direction parameter [classes, d]. */
    public Parameter meanDirections() {
        return means;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray z = Rows.l2Normalize(embeddings);
        if (training && online != null) {
            online.add(z.toFloatArray(), toInts(labels));
        }
        NDArray logits = Scalars.mul(cosines(store, z, training), kappa);
        return BatchOps.crossEntropy(logits, labels);
    }

    /** mu_c . z for unit z [n, d]: [n, classes]. */
    private NDArray cosines(ParameterStore store, NDArray z, boolean training) {
        NDArray mu;
        if (mode == MeanDirectionMode.LEARNED) {
            mu = Rows.l2Normalize(BatchOps.borrow(store, means, z, training));
        } else {
            // Read the refreshed array itself, not a parameter-store mirror that could predate the
            // last refresh; moved to the batch's device when it lives elsewhere.
            mu = means.getArray();
            if (!mu.getDevice().equals(z.getDevice())) {
                mu = mu.toDevice(z.getDevice(), false);
                mu.attach(z.getManager()); // a per-step copy: free it with the batch
            } else if (mu.getManager() != z.getManager()) {
                mu.tempAttach(z.getManager()); // what follows lands in the batch's scope
            }
            // Unit by definition. Refreshes publish unit vectors, but class state can also come
            // from outside (dsml loss --centers), and a cosine needs both sides normalised.
            mu = Rows.l2Normalize(mu);
        }
        return Linear.linear(z, mu).singletonOrThrow();
    }

    @Override
    public Optional<ClassScorer> classifier() {
        return Optional.of((store, embeddings) -> cosines(store, Rows.l2Normalize(embeddings), false));
    }

    /** The vMF posterior's logits, kappa mu_c.z. */
    @Override
    public Optional<ClassScorer> probabilityLogits() {
        return Optional.of(
                (store, embeddings) -> Scalars.mul(cosines(store, Rows.l2Normalize(embeddings), false), kappa));
    }

    @Override
    public Optional<Parameter> classState() {
        return Optional.of(means);
    }

    /** Only the paper's global mode recomputes means by full passes, so only it refreshes at the end. */
    @Override
    public boolean refreshAfterTraining() {
        return mode == MeanDirectionMode.GLOBAL;
    }

    /**
     * Online mode starts from a sample: its means are replaced by the first epoch's own resultants,
     * so a full pass before the first step would be most of its refresh cost (docs/results/
     * performance.md). The paper's global mode, and learned mode, embed everything.
     */
    @Override
    public int initialSamplesPerClass() {
        return initialSamplesPerClass;
    }

    @Override
    public RefreshPeriod refreshPeriod() {
        return period;
    }

    /**
     * Sets mu_c to the normalised resultant of the class's training embeddings. Learned means are
     * initialised this way too (a better start than random), then left to the optimizer.
     */
    @Override
    public void refresh(EmbeddingSet trainingEmbeddings) {
        ClassResultants resultants = new ClassResultants(classes, dim);
        resultants.add(trainingEmbeddings.data(), trainingEmbeddings.labels());
        publish(resultants);
    }

    @Override
    public void onEpochEnd() {
        if (online != null && !online.isEmpty()) {
            publish(online);
            online.clear();
        }
    }

    /** Online mode: the accumulators of the epoch in progress, so a mid-epoch resume is exact. */
    @Override
    public void saveState(java.io.DataOutputStream out) throws java.io.IOException {
        if (online == null) {
            super.saveState(out);
            return;
        }
        out.writeInt(1);
        online.write(out);
    }

    @Override
    public void loadState(java.io.DataInputStream in) throws java.io.IOException {
        if (online == null) {
            super.loadState(in);
            return;
        }
        if (in.readInt() != 1) {
            throw new java.io.IOException("checkpoint lacks the vMF online accumulators");
        }
        online.read(in);
    }

    @Override
    public Map<String, Double> diagnostics() {
        return diagnostics;
    }

    private void publish(ClassResultants resultants) {
        NDArray array = means.getArray();
        float[] values = array.toFloatArray();
        float[] before = values.clone();
        resultants.meanDirections(values);
        array.set(values);
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("class_mean_resultant_length", resultants.meanResultantLength());
        d.put("class_kappa_estimate", resultants.meanKappaEstimate());
        // How far this refresh moved the means the network was trained against: the quantity that
        // shows whether the alternating algorithm settles or cycles (docs/results/vmf-refresh-period.md).
        d.put("mean_direction_change_deg", meanAngleDegrees(before, values, classes, dim));
        diagnostics = d;
    }

    /**
     * Mean over classes of the angle, in degrees, between row c of {@code before} and of
     * {@code after} (each [classes, dim] row-major, any norm). Rows with zero norm on either side
     * (a class not seen yet) are left out; NaN when no class is left.
     */
    static double meanAngleDegrees(float[] before, float[] after, int classes, int dim) {
        double total = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            double dot = 0;
            double nb = 0;
            double na = 0;
            for (int j = c * dim; j < (c + 1) * dim; j++) {
                dot += (double) before[j] * after[j];
                nb += (double) before[j] * before[j];
                na += (double) after[j] * after[j];
            }
            if (nb > 0 && na > 0) {
                // clamped: rounding can put the cosine of two equal directions just above 1
                double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(nb * na)));
                total += Math.toDegrees(Math.acos(cos));
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    private static int[] toInts(NDArray labels) {
        return labels.toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
    }
}
