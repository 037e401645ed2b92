package org.voicebarometer.convert.pickle;

import java.util.List;

/** A Python tuple read from a pickle: immutable, any items. */
public record Tuple(List<Object> items) {
    public Tuple {
        items = java.util.Collections.unmodifiableList(items);
    }

    public int size() {
        return items.size();
    }

    public Object get(int i) {
        return items.get(i);
    }

    @Override
    public String toString() {
        return "tuple of " + items.size();
    }
}
