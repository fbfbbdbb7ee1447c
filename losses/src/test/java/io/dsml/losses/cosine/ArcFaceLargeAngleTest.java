package io.dsml.losses.cosine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.probe.LossProbe;
import org.junit.jupiter.api.Test;

/**
 * ArcFace past {@code theta = pi - m}, where {@code cos(theta + m)} turns back up and
 * pytorch-metric-learning switches to {@code cos(theta) - m sin(m)} so that the target logit keeps
 * falling as the sample moves away from its class.
 *
 * <p>The expected numbers are facts from the real pytorch-metric-learning 2.8.1 (its source, tag
 * v2.8.1, on PYTHONPATH with a no-op stand-in for {@code tqdm}, which it imports only for progress
 * bars; Debian's python3-torch 1.13): {@code ArcFaceLoss(num_classes=3,
 * embedding_size=2, margin=math.degrees(0.5), scale=64)} with {@code W = C.t()}, called on the
 * float32 embeddings below cast to float64 with {@code labels = [0, 0, 0, 0, 0, 1, 2]}, the loss
 * value and {@code E.grad} printed with 9 significant digits (the float32 run agrees to 3e-7
 * relative). The embeddings are {@code r (cos phi, sin phi)} at angles phi = 2.5, 2.8, 2.95, 3.1,
 * 1.0 from class 0's weight (radii 1, 2, 0.5, 1.5, 1: unnormalised on purpose), then one sample of
 * class 1 and one of class 2.
 */
class ArcFaceLargeAngleTest {
    private static final double MARGIN = 0.5;
    private static final double SCALE = 64;
    private static final float[] CLASS_WEIGHTS = {1f, 0f, 0f, 2f, -0.5f, -0.5f};
    private static final float[] E = {
        -0.801143587f,
        0.598472118f,
        -1.88444471f,
        0.669976294f,
        -0.490851104f,
        0.0952113271f,
        -1.49870276f,
        0.0623709932f,
        0.540302277f,
        0.841470957f,
        0.300000012f,
        -1.20000005f,
        -2f,
        0.400000006f
    };
    private static final int[] LABELS = {0, 0, 0, 0, 0, 1, 2};
    private static final double PML_VALUE = 86.857315;
    private static final double[] PML_GRADIENT = {
        3.61148124,
        4.83450263,
        -1.88930635,
        -5.3140587,
        -3.54900845,
        -18.2965071,
        -0.197047119,
        -4.73481415,
        -11.8309655,
        7.59657545,
        -7.88815924,
        -1.97203981,
        1.73606412,
        8.68032046
    };

    @Test
    void valueAndGradientMatchPytorchMetricLearningPastPiMinusMargin() {
        LossProbe.Result result = LossProbe.evaluate(loss(), E, 7, 2, LABELS, CLASS_WEIGHTS, true);

        assertThat(result.loss()).isCloseTo(PML_VALUE, within(PML_VALUE * 2e-6));
        for (int k = 0; k < PML_GRADIENT.length; k++) {
            assertThat((double) result.gradient()[k]).as("dL/dE[%d]", k).isCloseTo(PML_GRADIENT[k], within(2e-5 * 20));
        }
    }

    @Test
    void movingFurtherFromTheClassPastPiMinusMarginRaisesTheLoss() {
        // Class 0 along x, the other two along +-z: samples in the xy-plane have cosine 0 to
        // them whatever their angle, so only the target logit moves with phi.
        float[] classWeights = {1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, -1f};
        double[] angles = {2.7, 2.9, 3.05, 3.12};
        for (double phi : angles) {
            float[] e = {(float) Math.cos(phi), (float) Math.sin(phi), 0f};
            float[] gradient = LossProbe.evaluate(
                            new ArcFaceLoss(MARGIN, SCALE, 3, 3), e, 1, 3, new int[] {0}, classWeights, true)
                    .gradient();
            // d/dphi along the tangent (-sin phi, cos phi, 0): past pi - 0.5 = 2.64 rad, moving
            // away from the class must still raise the loss.
            double awayFromClass = -Math.sin(phi) * gradient[0] + Math.cos(phi) * gradient[1];
            assertThat(awayFromClass).as("dL/dphi at phi = %s", phi).isPositive();
        }
    }

    @Test
    void singleSampleLossGrowsFromTwoPointEightToThreePointOneRadians() {
        // PML 2.8.1, same class weights, one unit sample of class 0 at angle theta.
        assertThat(singleSample(2.8)).isCloseTo(103.126506, within(103.126506 * 2e-6));
        assertThat(singleSample(3.1)).isCloseTo(122.620236, within(122.620236 * 2e-6));
    }

    private static double singleSample(double theta) {
        float[] e = {(float) Math.cos(theta), (float) Math.sin(theta)};
        return LossProbe.evaluate(loss(), e, 1, 2, new int[] {0}, CLASS_WEIGHTS, false)
                .loss();
    }

    private static ArcFaceLoss loss() {
        return new ArcFaceLoss(MARGIN, SCALE, 3, 2);
    }
}
