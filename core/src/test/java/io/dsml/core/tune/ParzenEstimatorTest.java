package io.dsml.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParzenEstimatorTest {
    @Test
    void thePriorAloneIsAUnitNormalAtOneHalfTruncatedToTheUnitInterval() {
        // phi(0) / (Phi(0.5) - Phi(-0.5)) = 0.398942 / 0.382925
        assertThat(new ParzenEstimator(new double[0]).logDensity(0.5)).isCloseTo(Math.log(1.041829), within(1e-6));
    }

    @Test
    void anObservationGetsTheDistanceToItsNeighbourAsWidth() {
        // components: prior N(0.5, 1) and N(0.9, 0.4) (0.4 = distance to the prior, above the
        // floor 1/3); at 0.9: (phi(0.4) / 0.382925 + phi(0) / (0.4 * (Phi(0.25) - Phi(-2.25)))) / 2
        assertThat(new ParzenEstimator(new double[] {0.9}).logDensity(0.9)).isCloseTo(Math.log(1.331152), within(1e-6));
    }

    @Test
    void thePriorGoesBeforeAnObservationEqualToItAsInHyperopt() {
        // components: prior N(0.5, 1), N(0.5, 0.45) (0.45 = distance to 0.95, on its right),
        // N(0.95, 0.45); had the observation come first, its right neighbour would be the prior at
        // distance 0 and its width the floor 1/4 (density 1.244759 at 0.5)
        assertThat(new ParzenEstimator(new double[] {0.95, 0.5}).logDensity(0.5))
                .isCloseTo(Math.log(1.090371), within(1e-6));
    }

    @Test
    void theDensityIntegratesToOneOnTheUnitInterval() {
        ParzenEstimator estimator = new ParzenEstimator(new double[] {0.02, 0.1, 0.11, 0.5, 0.97});
        int steps = 20_000;
        double integral = 0;
        for (int i = 0; i < steps; i++) {
            integral += Math.exp(estimator.logDensity((i + 0.5) / steps)) / steps;
        }
        assertThat(integral).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void samplesStayInTheUnitIntervalAndFollowTheObservations() {
        ParzenEstimator estimator = new ParzenEstimator(new double[] {0.8, 0.81, 0.82, 0.83, 0.84, 0.85});
        SplittableRandom random = new SplittableRandom(3);
        int near = 0;
        for (int i = 0; i < 10_000; i++) {
            double x = estimator.sample(random);
            assertThat(x).isBetween(0.0, 1.0);
            near += Math.abs(x - 0.825) < 0.1 ? 1 : 0;
        }
        // six of seven components sit at 0.80-0.85 with the floor width 1/8 (each ~0.6 of its mass
        // within 0.1 of 0.825); the prior puts ~0.2 of its mass there, a uniform draw 0.2
        assertThat(near / 10_000.0).isGreaterThan(0.45);
    }
}
