package io.dsml.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

class MeanDifferenceTest {
    /** t quantile of 0.975 at 2 degrees of freedom, closed form (2p - 1) / sqrt(2p(1 - p)). */
    private static final double T975_DF2 = 0.95 / Math.sqrt(2 * 0.975 * 0.025);

    @Test
    void welchMatchesAHandComputedCase() {
        // a = {1, 3}, b = {0, 2}: difference 1, variances 2 and 2, se = sqrt(2/2 + 2/2) = sqrt 2,
        // t = 1/sqrt 2, df = 2^2 / (1 + 1) = 2. With 2 df the t CDF is 1/2 + t / (2 sqrt(2 + t^2)),
        // so the two-sided p is 1 - t / sqrt(2 + t^2) = 1 - 1/sqrt 5.
        MeanDifference d =
                MeanDifference.welch(new double[] {1, 3}, new double[] {0, 2}).orElseThrow();
        assertThat(d.test()).isEqualTo(MeanDifference.Test.WELCH);
        assertThat(d.difference()).isCloseTo(1, within(1e-12));
        assertThat(d.t()).isCloseTo(1 / Math.sqrt(2), within(1e-12));
        assertThat(d.df()).isCloseTo(2, within(1e-12));
        assertThat(d.pValue()).isCloseTo(1 - 1 / Math.sqrt(5), within(1e-9));
        assertThat(d.ciLow()).isCloseTo(1 - T975_DF2 * Math.sqrt(2), within(1e-7));
        assertThat(d.ciHigh()).isCloseTo(1 + T975_DF2 * Math.sqrt(2), within(1e-7));
    }

    @Test
    void pairedMatchesAHandComputedCase() {
        // differences {1, 2, 6}: mean 3, variance 7, se = sqrt(7/3), t = 3 / sqrt(7/3), df = 2,
        // p = 1 - t / sqrt(2 + t^2) = 1 - sqrt(27/41).
        MeanDifference d = MeanDifference.paired(new double[] {2, 4, 9}, new double[] {1, 2, 3})
                .orElseThrow();
        assertThat(d.test()).isEqualTo(MeanDifference.Test.PAIRED);
        assertThat(d.difference()).isCloseTo(3, within(1e-12));
        assertThat(d.t()).isCloseTo(3 / Math.sqrt(7.0 / 3), within(1e-12));
        assertThat(d.df()).isEqualTo(2);
        assertThat(d.pValue()).isCloseTo(1 - Math.sqrt(27.0 / 41), within(1e-9));
        assertThat(d.ciHigh() - d.difference()).isCloseTo(T975_DF2 * Math.sqrt(7.0 / 3), within(1e-7));
    }

    /**
     * SciPy 1.17.1 (Debian python3-scipy, numpy 2.4.6): {@code r = scipy.stats.ttest_ind(a, b,
     * equal_var=False)} resp. {@code ttest_rel(a, b)}; printed {@code r.statistic, r.pvalue, r.df,
     * r.confidence_interval(0.95)} with repr, pasted here. Inputs are the arrays in each test.
     */
    @Test
    void welchMatchesScipyTtestInd() {
        double[] a = {0.9012, 0.9050, 0.8987, 0.9031, 0.9044};
        double[] b = {0.8990, 0.9021, 0.8975, 0.9040, 0.9002};
        assertScipy(
                MeanDifference.welch(a, b).orElseThrow(),
                1.185275515979596,
                0.26992055174279167,
                7.99986448028503,
                -0.0018154530109579041,
                0.005655453010958192);
        assertScipy(
                MeanDifference.welch(new double[] {1, 2, 4}, new double[] {3, 3.5, 5, 8, 9.5})
                        .orElseThrow(),
                -2.2410982746559536,
                0.06626055176818356,
                5.998149005763562,
                -7.2519814035840096,
                0.31864807025067643);
        assertScipy(
                MeanDifference.welch(new double[] {0.5, 0.7}, new double[] {0.1, 0.2})
                        .orElseThrow(),
                4.024922359499621,
                0.09171033896595436,
                1.470588235294118,
                -0.24185228300710604,
                1.1418522830071058);
    }

    @Test
    void pairedMatchesScipyTtestRel() {
        assertScipy(
                MeanDifference.paired(
                                new double[] {0.9012, 0.9050, 0.8987, 0.9031, 0.9044},
                                new double[] {0.8990, 0.9021, 0.8975, 0.9040, 0.9002})
                        .orElseThrow(),
                2.238924330871669,
                0.08872773341830842,
                4.0,
                -0.0004609534464723804,
                0.004300953446472402);
        assertScipy(
                MeanDifference.paired(new double[] {0.5, 0.7}, new double[] {0.1, 0.2})
                        .orElseThrow(),
                9.000000000000005,
                0.0704465749545545,
                1.0,
                -0.18531023680873426,
                1.0853102368087342);
    }

    @Test
    void pValuesAgreeWithCommonsMathTTest() {
        double[] a = {3.1, 2.7, 3.6, 3.3, 2.9, 3.8};
        double[] b = {2.2, 2.9, 2.4, 3.0};
        assertThat(MeanDifference.welch(a, b).orElseThrow().pValue()).isCloseTo(new TTest().tTest(a, b), within(1e-12));
        double[] c = {2.2, 2.9, 2.4, 3.0, 2.1, 2.6};
        assertThat(MeanDifference.paired(a, c).orElseThrow().pValue())
                .isCloseTo(new TTest().pairedTTest(a, c), within(1e-12));
    }

    @Test
    void fewerThanTwoValuesGiveNoTest() {
        assertThat(MeanDifference.welch(new double[] {1}, new double[] {1, 2})).isEmpty();
        assertThat(MeanDifference.paired(new double[] {1}, new double[] {2})).isEmpty();
        assertThat(MeanDifference.bySeed(Map.of(1L, 0.5), Map.of(1L, 0.4))).isEmpty();
    }

    @Test
    void sameSeedsArePairedOtherwiseWelch() {
        MeanDifference paired = MeanDifference.bySeed(Map.of(1L, 0.5, 2L, 0.7), Map.of(2L, 0.2, 1L, 0.1))
                .orElseThrow();
        assertThat(paired.test()).isEqualTo(MeanDifference.Test.PAIRED);
        assertThat(paired.t()).isCloseTo(9.000000000000005, within(1e-9)); // pairs by seed, not by order
        MeanDifference welch = MeanDifference.bySeed(Map.of(1L, 0.5, 2L, 0.7), Map.of(2L, 0.2, 3L, 0.1))
                .orElseThrow();
        assertThat(welch.test()).isEqualTo(MeanDifference.Test.WELCH);
        assertThat(welch.t()).isCloseTo(4.024922359499621, within(1e-9));
    }

    @Test
    void zeroStandardErrorGivesNoPValue() {
        MeanDifference d =
                MeanDifference.paired(new double[] {1, 3}, new double[] {0, 2}).orElseThrow();
        assertThat(d.difference()).isEqualTo(1);
        assertThat(d.ciLow()).isEqualTo(1);
        assertThat(d.ciHigh()).isEqualTo(1);
        assertThat(d.pValue()).isNaN();
        assertThat(d.significantAt(0.05)).isFalse();
    }

    @Test
    void rejectsMismatchedPairs() {
        assertThatThrownBy(() -> MeanDifference.paired(new double[] {1, 2}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 and 3");
    }

    private static void assertScipy(MeanDifference d, double t, double p, double df, double low, double high) {
        assertThat(d.t()).as("t").isCloseTo(t, within(1e-9 * Math.abs(t)));
        assertThat(d.pValue()).as("p").isCloseTo(p, within(1e-9));
        assertThat(d.df()).as("df").isCloseTo(df, within(1e-9 * df));
        assertThat(d.ciLow()).as("ci low").isCloseTo(low, within(1e-8 * (1 + Math.abs(low))));
        assertThat(d.ciHigh()).as("ci high").isCloseTo(high, within(1e-8 * (1 + Math.abs(high))));
    }
}
