package org.voicebarometer.convert.pickle;

import java.util.LinkedHashSet;

/** A Python set or frozenset of scalars read from a pickle. */
public final class PySet extends LinkedHashSet<Object> {
    private final boolean frozen;

    PySet(boolean frozen) {
        this.frozen = frozen;
    }

    public boolean frozen() {
        return frozen;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
