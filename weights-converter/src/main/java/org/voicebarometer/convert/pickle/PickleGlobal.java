package org.voicebarometer.convert.pickle;

import org.voicebarometer.convert.CheckpointFormatException;

/**
 * One allow-listed global ({@code module.name}) a pickle may mention. A global is never looked up or
 * run: what REDUCE / NEWOBJ / BUILD do with it is this Java code, written for the few classes a
 * checkpoint needs. The defaults refuse, so a global that is only a marker (a storage type) cannot be called.
 */
public interface PickleGlobal {
    /** {@code module.name} as written in the pickle. */
    String qualifiedName();

    /** REDUCE: {@code global(*args)}. */
    default Object reduce(Tuple args) throws CheckpointFormatException {
        throw new CheckpointFormatException(qualifiedName() + " cannot be called in a checkpoint");
    }

    /** NEWOBJ: {@code global.__new__(global, *args)}. */
    default Object newObject(Tuple args) throws CheckpointFormatException {
        throw new CheckpointFormatException(qualifiedName() + " cannot be instantiated in a checkpoint");
    }
}
