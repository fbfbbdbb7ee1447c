package io.dsml.evaluation;

/**
 * A requested metric has no meaning for the given labels: no query has another sample of its class
 * to retrieve, or every query is a class of its own, so a clustering into one cluster per class
 * is trivially perfect. Thrown before anything is computed, instead of reporting 0 for every
 * retrieval metric and 1 for NMI and AMI.
 */
public final class UndefinedMetricException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UndefinedMetricException(String message) {
        super(message);
    }
}
