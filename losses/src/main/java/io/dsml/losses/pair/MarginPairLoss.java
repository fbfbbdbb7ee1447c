package io.dsml.losses.pair;

/**
 * A pair loss with a positive and a negative margin ({@code pos_margin}, {@code neg_margin} in
 * pytorch-metric-learning's terms), in the units of the loss's distance or similarity.
 */
abstract class MarginPairLoss extends PairBasedLoss {
    protected final float posMargin;
    protected final float negMargin;

    protected MarginPairLoss(double posMargin, double negMargin, PairLossParts parts) {
        super(parts);
        this.posMargin = (float) posMargin;
        this.negMargin = (float) negMargin;
    }
}
