package io.dsml.core.train.optim;

import java.util.Map;

/**
 * The learning rate of each parameter at the current step: the base rate, times the schedule's
 * factor, times the multiplier of the parameter's group (backbone, embedding head, loss
 * parameters such as proxies). During the head-only warm-up the backbone is frozen: its
 * parameters are not updated at all, and their optimizer moments and step counts do not advance.
 *
 * <p>The trainer tells the policy the global step before each update ({@link #atStep}); the step
 * is part of the checkpoint's position, so a resumed run continues on the same curve.
 */
public final class LearningRates {
    /** Which part of the trained block a parameter belongs to. */
    public enum Group {
        BACKBONE,
        HEAD,
        LOSS;

        /** The group's key in {@code training.lr_multipliers}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final float base;
    private final LearningRateSchedule schedule;
    private final Map<Group, Double> multipliers;
    private final long headOnlySteps;
    private Map<String, Group> groups = Map.of();
    private long step = 1;

    /**
     * @param base the base learning rate
     * @param schedule the schedule's factor per step
     * @param multipliers per-group factors; a group not named has factor 1
     * @param headOnlySteps the first steps during which the backbone is frozen
     */
    public LearningRates(
            float base, LearningRateSchedule schedule, Map<Group, Double> multipliers, long headOnlySteps) {
        this.base = base;
        this.schedule = schedule;
        this.multipliers = Map.copyOf(multipliers);
        this.headOnlySteps = headOnlySteps;
    }

    /** A constant rate for every parameter. */
    public static LearningRates constant(float base) {
        return new LearningRates(base, LearningRateSchedule.constant(), Map.of(), 0);
    }

    /** Tells the policy which group each parameter id belongs to (unknown ids count as head). */
    public void assign(Map<String, Group> groupsById) {
        this.groups = Map.copyOf(groupsById);
    }

    /** Sets the global step (1-based) of the updates that follow. */
    public void atStep(long step) {
        this.step = step;
    }

    /** The step the rates are currently computed for. */
    public long step() {
        return step;
    }

    /** The base rate (before schedule and multipliers). */
    public float base() {
        return base;
    }

    /** The rate for {@code parameterId} at the current step. */
    public float rate(String parameterId) {
        double multiplier = multipliers.getOrDefault(group(parameterId), 1.0);
        return (float) (base * schedule.factor(step) * multiplier);
    }

    /** Whether {@code parameterId} is frozen at the current step (backbone during the head-only warm-up). */
    public boolean frozen(String parameterId) {
        return step <= headOnlySteps && group(parameterId) == Group.BACKBONE;
    }

    private Group group(String parameterId) {
        return groups.getOrDefault(parameterId, Group.HEAD);
    }
}
