package io.dsml.core.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proposes the configurations of a search (an SPI: {@link SearchMethods} creates the built-in ones).
 *
 * <p>A method is bound to a {@link SearchSpace} and a seed when created. {@link #propose} must be a
 * pure function of those, the trial number and the trials passed in: a search that is killed and
 * resumed, or whose trials run as shares on several machines, then proposes exactly what an
 * uninterrupted one would have given the same finished trials. Trials proposed together (before
 * any of them finishes) differ through their numbers.
 */
public interface SearchMethod {
    /** The method's name, as configs give it. */
    String name();

    /**
     * The parameters of trial {@code number}: every parameter of the space, in its order.
     *
     * @param trials the trials so far, in any order and any status; a method learns only from
     *     {@link Trial.Status#COMPLETE} ones (and may treat {@link Trial.Status#PRUNED} ones as bad)
     */
    Map<String, Object> propose(int number, List<Trial> trials);

    /** The parameters of trials {@code first .. first + count - 1}, all given the same trials. */
    default List<Map<String, Object>> propose(int first, int count, List<Trial> trials) {
        List<Map<String, Object>> proposals = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            proposals.add(propose(n, trials));
        }
        return proposals;
    }
}
