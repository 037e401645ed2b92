package org.voicebarometer.convert.pickle;

import java.util.ArrayList;

/** A Python list read from a pickle; identity semantics so a list holding itself never recurses. */
public final class PyList extends ArrayList<Object> {
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
        return "list of " + size();
    }
}
