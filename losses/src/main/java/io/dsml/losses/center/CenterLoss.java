package io.dsml.losses.center;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.dsml.core.model.Scalars;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.support.BatchOps;
import io.dsml.losses.support.LinearClassifier;
import io.dsml.losses.support.Pairwise;
import java.util.Optional;

/**
 * Center loss (Wen, Zhang, Li and Qiao 2016) with the softmax it is trained with:
 * <pre>
 *   L = softmax_weight * mean_i -log softmax(W e_i + b)[y_i] + lambda * mean_i ||e_i - c_{y_i}||^2 / 2
 * </pre>
 * Wen et al. write both terms as sums over the mini-batch; dividing both by the batch size keeps
 * their ratio, so {@code lambda} means the same. {@code softmax_weight = 0} leaves the center term
 * alone. The embeddings are used as given (no normalisation). pytorch-metric-learning has no
 * center loss, so the reference is this formula.
 *
 * <p>Class state: the classifier (W [classes, d], b) is learned by gradient; the centers c
 * [classes, d] are not, they follow Wen et al.'s update rule (their Eq. 4) after every training
 * batch, {@code c_j <- c_j - alpha * sum_{i: y_i = j} (c_j - e_i) / (1 + n_j)}. The update of one
 * batch is applied when the next batch arrives, so the arrays recorded for backpropagation are
 * never changed under it. {@code dsml loss --centers} sets the centers; the classifier keeps its
 * seeded initialisation there. Classification is the argmax of the classifier's logits.
 */
public final class CenterLoss extends MetricLoss {
    private final float lambda;
    private final float alpha;
    private final float softmaxWeight;
    private final int classes;
    private final int dim;
    private final LinearClassifier head;
    private final Parameter centers;
    private float[] pendingCenters;

    public CenterLoss(double lambda, double alpha, double softmaxWeight, int classes, int dim) {
        this.lambda = (float) lambda;
        this.alpha = (float) alpha;
        this.softmaxWeight = (float) softmaxWeight;
        this.classes = classes;
        this.dim = dim;
        // Registered before the centers, as before the head was shared: same names, same order.
        this.head = new LinearClassifier(classes, dim, this::addParameter);
        this.centers = addParameter(Parameter.builder()
                .setName("centers")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .optInitializer(new NormalInitializer(1f))
                .optRequiresGrad(false)
                .build());
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        applyPendingUpdate();
        NDArray c = BatchOps.borrow(store, centers, embeddings, training);
        NDArray ownCenters = labels.oneHot(classes).matMul(c);
        NDArray centerTerm = Scalars.mul(
                embeddings.sub(ownCenters).square().sum(new int[] {1}).mean(), lambda / 2);
        NDArray total = centerTerm;
        if (softmaxWeight != 0) {
            total = total.add(Scalars.mul(head.crossEntropy(store, embeddings, labels, training), softmaxWeight));
        }
        if (training && alpha > 0) {
            pendingCenters =
                    updatedCenters(c.toFloatArray(), embeddings.toFloatArray(), Pairwise.labels(labels), dim, alpha);
        }
        return total;
    }

    /** The centre update computed from the last batch but not yet applied, so a resume is exact. */
    @Override
    public void saveState(java.io.DataOutputStream out) throws java.io.IOException {
        if (pendingCenters == null) {
            super.saveState(out);
            return;
        }
        out.writeInt(pendingCenters.length);
        for (float v : pendingCenters) {
            out.writeFloat(v);
        }
    }

    @Override
    public void loadState(java.io.DataInputStream in) throws java.io.IOException {
        int length = in.readInt();
        if (length == 0) {
            pendingCenters = null;
            return;
        }
        if (length != classes * dim) {
            throw new java.io.IOException("pending center update of " + length + " values, expected " + classes * dim);
        }
        pendingCenters = new float[length];
        for (int i = 0; i < length; i++) {
            pendingCenters[i] = in.readFloat();
        }
    }

    /** Writes the centers computed from the previous training batch, if any. */
    public void applyPendingUpdate() {
        if (pendingCenters != null) {
            centers.getArray().set(pendingCenters);
            pendingCenters = null;
        }
    }

    /**
     * Wen et al.'s Eq. 4: {@code c_j - alpha * sum_{i: y_i = j} (c_j - e_i) / (1 + n_j)} for every
     * class j of the batch; other classes are unchanged.
     */
    static float[] updatedCenters(float[] centers, float[] embeddings, int[] labels, int dim, float alpha) {
        int classes = centers.length / dim;
        double[] delta = new double[centers.length];
        int[] counts = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            int j = labels[i];
            counts[j]++;
            for (int k = 0; k < dim; k++) {
                delta[j * dim + k] += centers[j * dim + k] - embeddings[i * dim + k];
            }
        }
        float[] updated = centers.clone();
        for (int j = 0; j < classes; j++) {
            for (int k = 0; k < dim && counts[j] > 0; k++) {
                updated[j * dim + k] -= (float) (alpha * delta[j * dim + k] / (1 + counts[j]));
            }
        }
        return updated;
    }

    @Override
    public Optional<ClassScorer> classifier() {
        return Optional.of(head.scorer());
    }

    /** The jointly trained softmax's logits; none when {@code softmax_weight = 0} leaves it untrained. */
    @Override
    public Optional<ClassScorer> probabilityLogits() {
        return softmaxWeight == 0 ? Optional.empty() : classifier();
    }

    @Override
    public Optional<Parameter> classState() {
        return Optional.of(centers);
    }

    /** The class centers [classes, d]. */
    public Parameter centers() {
        return centers;
    }

    /** The classifier weights [classes, d]. */
    public Parameter weight() {
        return head.weight();
    }
}
