package io.dsml.core.tune;

/** The unit coordinate of a range: linear in the value, or in its logarithm. */
final class Ranges {
    private Ranges() {}

    static double fromUnit(double u, double low, double high, Scale scale) {
        if (scale == Scale.LOG) {
            return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
        }
        return low + u * (high - low);
    }

    static double toUnit(double value, double low, double high, Scale scale) {
        double u = scale == Scale.LOG
                ? (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low))
                : (value - low) / (high - low);
        return Math.max(0, Math.min(1, u));
    }
}
