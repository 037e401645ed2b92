package org.voicebarometer.convert.pickle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python dict, {@code collections.OrderedDict} or {@code argparse.Namespace} read from a pickle, in
 * insertion order. Keys are scalars only (str, int, float, bool, None), so hashing never recurses.
 * {@link #attributes()} holds what a BUILD set on an OrderedDict (torch stores {@code _metadata} there).
 */
public final class PyDict extends LinkedHashMap<Object, Object> {
    private final String type;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    PyDict(String type) {
        this.type = type;
    }

    /** "dict", "collections.OrderedDict" or "argparse.Namespace". */
    public String type() {
        return type;
    }

    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return type + " of " + size();
    }
}
