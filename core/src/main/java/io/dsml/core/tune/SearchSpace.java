package io.dsml.core.tune;

import io.dsml.core.error.DsmlException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameters a search varies, in a fixed order (the order of proposals' maps and of the
 * trials table's columns).
 *
 * @throws DsmlException if it is empty or two parameters share a name
 */
public record SearchSpace(List<Parameter> parameters) {
    public SearchSpace {
        parameters = List.copyOf(parameters);
        if (parameters.isEmpty()) {
            throw new DsmlException("a search space needs at least one parameter");
        }
        Set<String> names = new HashSet<>();
        for (Parameter p : parameters) {
            if (!names.add(p.name())) {
                throw new DsmlException("the search space lists the parameter " + p.name() + " twice");
            }
        }
    }

    /** The parameter names, in order. */
    public List<String> names() {
        return parameters.stream().map(Parameter::name).toList();
    }

    /**
     * Checks that {@code values} gives every parameter of this space a value and nothing else, and
     * returns it as an unmodifiable map in the space's order.
     *
     * @throws DsmlException naming the missing or unknown parameter
     */
    public Map<String, Object> ordered(Map<String, ?> values) {
        LinkedHashMap<String, Object> ordered = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (!values.containsKey(p.name())) {
                throw new DsmlException("a trial has no value for the search parameter " + p.name());
            }
            ordered.put(p.name(), values.get(p.name()));
        }
        for (String key : values.keySet()) {
            if (!ordered.containsKey(key)) {
                throw new DsmlException("a trial sets " + key + ", which is not in the search space " + names());
            }
        }
        return Collections.unmodifiableMap(ordered);
    }
}
