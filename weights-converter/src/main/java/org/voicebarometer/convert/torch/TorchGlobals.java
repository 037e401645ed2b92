package org.voicebarometer.convert.torch;

import org.voicebarometer.convert.CheckpointFormatException;
import org.voicebarometer.convert.pickle.PickleGlobal;
import org.voicebarometer.convert.pickle.PyDict;
import org.voicebarometer.convert.pickle.PythonGlobals;
import org.voicebarometer.convert.pickle.Tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow-list for {@code torch.save} pickles: exactly the globals a state dict (and fairseq's
 * {@code args}) needs, each rebuilt by Java code — CVE-2025-32434 showed that torch's own
 * {@code weights_only} unpickler could still be driven into running code; here nothing is looked up.
 */
final class TorchGlobals {
    static final int MAX_RANK = 8;

    private TorchGlobals() {}

    /** A storage class: only a marker inside persistent ids, not callable. */
    record StorageClass(StorageType type) implements PickleGlobal {
        @Override
        public String qualifiedName() {
            return type.qualifiedName();
        }
    }

    static Map<String, PickleGlobal> allowList() {
        Map<String, PickleGlobal> globals = new LinkedHashMap<>();
        for (PickleGlobal g : List.of(PythonGlobals.ORDERED_DICT_GLOBAL, PythonGlobals.NAMESPACE_GLOBAL,
                REBUILD_TENSOR_V2, REBUILD_PARAMETER, SIZE)) {
            globals.put(g.qualifiedName(), g);
        }
        for (StorageType t : StorageType.values()) globals.put(t.qualifiedName(), new StorageClass(t));
        return Map.copyOf(globals);
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    static final PickleGlobal REBUILD_TENSOR_V2 = new PickleGlobal() {
        @Override
        public String qualifiedName() {
            return "torch._utils._rebuild_tensor_v2";
        }

        @Override
        public Object reduce(Tuple args) throws CheckpointFormatException {
            if (args.size() != 6 && args.size() != 7) throw bad("takes 6 or 7 arguments, got " + args.size());
            if (!(args.get(0) instanceof TorchStorage storage)) throw bad("argument 0 is not a storage");
            if (!(args.get(1) instanceof Long offset) || offset < 0) throw bad("storage offset is not a non-negative int");
            long[] shape = longs(args.get(2), "size");
            long[] stride = longs(args.get(3), "stride");
            if (!(args.get(4) instanceof Boolean)) throw bad("requires_grad is not a bool");
            if (!(args.get(5) instanceof PyDict)) throw bad("backward_hooks is not a dict");
            if (args.size() == 7 && !(args.get(6) instanceof PyDict)) throw bad("metadata is not a dict");
            if (shape.length != stride.length) throw bad("size and stride differ in rank");
            long numel = 1;
            for (long d : shape) {
                if (d < 0) throw bad("negative dimension " + d);
                numel = Math.multiplyExact(numel, d);
            }
            // Contiguous row-major only: the stride of a dimension of size 1 is never used, so any value is fine.
            long expected = 1;
            for (int i = shape.length - 1; i >= 0 && numel > 0; i--) {
                if (shape[i] != 1 && stride[i] != expected)
                    throw bad("non-contiguous strides " + java.util.Arrays.toString(stride) + " for size " + java.util.Arrays.toString(shape));
                expected *= shape[i];
            }
            if (offset > storage.numel() || numel > storage.numel() - offset)
                throw bad("tensor of " + numel + " elements at offset " + offset + " exceeds its storage " + storage.key() + " of " + storage.numel());
            return new TorchTensor(storage.type(), shape, storage, offset);
        }

        private long[] longs(Object value, String what) throws CheckpointFormatException {
            if (!(value instanceof Tuple t) || t.size() > MAX_RANK) throw bad(what + " is not a tuple of at most " + MAX_RANK + " ints");
            long[] out = new long[t.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(t.get(i) instanceof Long l)) throw bad(what + " holds a non-int");
                out[i] = l;
            }
            return out;
        }

        private CheckpointFormatException bad(String problem) {
            return new CheckpointFormatException(qualifiedName() + ": " + problem);
        }
    };

    /** {@code _rebuild_parameter(data, requires_grad, backward_hooks)}: a Parameter is its tensor. */
    static final PickleGlobal REBUILD_PARAMETER = new PickleGlobal() {
        @Override
        public String qualifiedName() {
            return "torch._utils._rebuild_parameter";
        }

        @Override
        public Object reduce(Tuple args) throws CheckpointFormatException {
            if (args.size() != 3 || !(args.get(0) instanceof TorchTensor tensor))
                throw new CheckpointFormatException(qualifiedName() + ": expects (tensor, requires_grad, backward_hooks)");
            return tensor;
        }
    };

    /** {@code torch.Size((d0, d1, ...))}: a tuple of ints. */
    static final PickleGlobal SIZE = new PickleGlobal() {
        @Override
        public String qualifiedName() {
            return "torch.Size";
        }

        @Override
        public Object reduce(Tuple args) throws CheckpointFormatException {
            if (args.size() != 1 || !(args.get(0) instanceof Tuple dims) || !dims.items().stream().allMatch(d -> d instanceof Long))
                throw new CheckpointFormatException(qualifiedName() + ": expects one tuple of ints");
            return dims;
        }
    };
}
