package org.voicebarometer.convert.pickle;

import org.voicebarometer.convert.CheckpointFormatException;

/** The two plain-Python classes a checkpoint needs, rebuilt as dicts without running any Python. */
public final class PythonGlobals {
    public static final String ORDERED_DICT = "collections.OrderedDict";
    public static final String NAMESPACE = "argparse.Namespace";

    private PythonGlobals() {}

    /** {@code OrderedDict()}: pickled as REDUCE with no arguments, then SETITEMS (and BUILD for attributes). */
    public static final PickleGlobal ORDERED_DICT_GLOBAL = new PickleGlobal() {
        @Override
        public String qualifiedName() {
            return ORDERED_DICT;
        }

        @Override
        public Object reduce(Tuple args) throws CheckpointFormatException {
            if (args.size() != 0) throw new CheckpointFormatException(ORDERED_DICT + " called with arguments");
            return new PyDict(ORDERED_DICT);
        }
    };

    /** {@code argparse.Namespace} (fairseq's {@code args}): NEWOBJ, then BUILD with its fields. */
    public static final PickleGlobal NAMESPACE_GLOBAL = new PickleGlobal() {
        @Override
        public String qualifiedName() {
            return NAMESPACE;
        }

        @Override
        public Object newObject(Tuple args) throws CheckpointFormatException {
            if (args.size() != 0) throw new CheckpointFormatException(NAMESPACE + " created with arguments");
            return new PyDict(NAMESPACE);
        }
    };
}
