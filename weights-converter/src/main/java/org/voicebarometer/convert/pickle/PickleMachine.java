package org.voicebarometer.convert.pickle;

import org.voicebarometer.convert.CheckpointFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interprets a pickle stream (protocols 2–5) as data and returns the object it describes. Nothing is
 * ever executed or looked up: a GLOBAL must name an entry of the allow-list given by the caller,
 * REDUCE / NEWOBJ / BUILD only reach the Java code of those entries, and every container opcode checks
 * the type of its target (SETITEM only on dicts, APPEND only on lists — CVE-2026-24747 came from
 * trusting that). Text opcodes of protocols 0/1 and extension codes are refused: {@code torch.save}
 * never writes them. Work is bounded by {@link PickleLimits}.
 */
public final class PickleMachine {
    /** Resolves a persistent id (BINPERSID) — for torch, a storage inside the zip. */
    @FunctionalInterface
    public interface PersistentLoader {
        Object load(Object pid) throws CheckpointFormatException;
    }

    private final String source;
    private final ByteBuffer in;
    private final Map<String, PickleGlobal> globals;
    private final PersistentLoader persistentLoader;
    private final PickleLimits limits;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final HashMap<Long, Object> memo = new HashMap<>();
    private int opcodeStart;

    private PickleMachine(String source, ByteBuffer in, Map<String, PickleGlobal> globals,
                          PersistentLoader persistentLoader, PickleLimits limits) {
        this.source = source;
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.globals = globals;
        this.persistentLoader = persistentLoader;
        this.limits = limits;
    }

    /**
     * @param source  name used in error messages (e.g. {@code archive/data.pkl})
     * @param globals allow-list keyed by {@code module.name}
     */
    public static Object load(String source, byte[] pickle, Map<String, PickleGlobal> globals,
                              PersistentLoader persistentLoader, PickleLimits limits) throws CheckpointFormatException {
        ByteBuffer in = ByteBuffer.wrap(pickle);
        Object result = load(source, in, globals, persistentLoader, limits);
        if (in.hasRemaining()) throw new CheckpointFormatException(source + ": " + in.remaining() + " bytes after STOP");
        return result;
    }

    /** Reads one pickle from {@code in}'s position and leaves the position just after its STOP (streams of pickles). */
    public static Object load(String source, ByteBuffer in, Map<String, PickleGlobal> globals,
                              PersistentLoader persistentLoader, PickleLimits limits) throws CheckpointFormatException {
        return new PickleMachine(source, in, globals, persistentLoader, limits).run();
    }

    private Object run() throws CheckpointFormatException {
        try {
            return interpret();
        } catch (java.nio.BufferUnderflowException e) {
            throw error("truncated");
        }
    }

    private Object interpret() throws CheckpointFormatException {
        long opcodes = 0;
        while (true) {
            if (!in.hasRemaining()) throw error("stream ends without STOP");
            if (++opcodes > limits.maxOpcodes()) throw error("more than " + limits.maxOpcodes() + " opcodes");
            opcodeStart = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int version = u8();
                    if (version < 2 || version > 5) throw error("pickle protocol " + version + " (supported: 2 to 5)");
                }
                case 0x95 -> { // FRAME: a length prefix only
                    long length = in.getLong();
                    if (length < 0 || length > in.remaining()) throw error("frame of " + length + " bytes past the end");
                }
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) throw error("STOP with " + stack.size() + " values on the stack");
                    return stack.getFirst();
                }
                case '(' -> { // MARK
                    if (marks.size() >= limits.maxStackDepth()) throw error("more than " + limits.maxStackDepth() + " nested marks");
                    marks.add(stack.size());
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
                case 'J' -> push((long) in.getInt()); // BININT
                case 0x8a -> push(longBytes(u8())); // LONG1
                case 0x8b -> push(longBytes(length(in.getInt() & 0xffffffffL))); // LONG4
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT, big-endian
                case 'X' -> push(utf8(length(in.getInt() & 0xffffffffL))); // BINUNICODE
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(in.getLong()))); // BINUNICODE8
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 'B' -> push(bytes(length(in.getInt() & 0xffffffffL))); // BINBYTES
                case 0x8e, 0x96 -> push(bytes(length(in.getLong()))); // BINBYTES8, BYTEARRAY8
                case 0x98 -> { } // READONLY_BUFFER: no effect on a bytes object
                case ')' -> push(new Tuple(List.of()));
                case 0x85 -> push(tupleOfTop(1));
                case 0x86 -> push(tupleOfTop(2));
                case 0x87 -> push(tupleOfTop(3));
                case 't' -> push(new Tuple(popMark()));
                case ']' -> push(new PyList());
                case 'l' -> { // LIST
                    PyList list = new PyList();
                    list.addAll(popMark());
                    push(list);
                }
                case 'a' -> { // APPEND
                    Object value = pop();
                    listAt(stack.size() - 1, "APPEND").add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    listAt(stack.size() - 1, "APPENDS").addAll(items);
                }
                case '}' -> push(new PyDict("dict"));
                case 'd' -> { // DICT
                    List<Object> items = popMark();
                    PyDict dict = new PyDict("dict");
                    putAll(dict, items);
                    push(dict);
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    PyDict dict = dictAt(stack.size() - 1, "SETITEM");
                    dict.put(checkedKey(key), value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    putAll(dictAt(stack.size() - 1, "SETITEMS"), items);
                }
                case 0x8f -> push(new PySet(false)); // EMPTY_SET
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    Object target = peek();
                    if (!(target instanceof PySet set) || set.frozen()) throw error("ADDITEMS on " + describe(target) + ", not a set");
                    for (Object item : items) set.add(checkedKey(item));
                }
                case 0x91 -> { // FROZENSET
                    PySet set = new PySet(true);
                    for (Object item : popMark()) set.add(checkedKey(item));
                    push(set);
                }
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) throw error("STACK_GLOBAL on non-strings");
                    push(global(m, n));
                }
                case 'R' -> { // REDUCE
                    Tuple args = tupleArg(pop(), "REDUCE");
                    push(callable(pop(), "REDUCE").reduce(args));
                }
                case 0x81 -> { // NEWOBJ
                    Tuple args = tupleArg(pop(), "NEWOBJ");
                    push(callable(pop(), "NEWOBJ").newObject(args));
                }
                case 0x92 -> { // NEWOBJ_EX
                    Object kwargs = pop();
                    Tuple args = tupleArg(pop(), "NEWOBJ_EX");
                    if (!(kwargs instanceof PyDict d) || !d.isEmpty()) throw error("NEWOBJ_EX with keyword arguments");
                    push(callable(pop(), "NEWOBJ_EX").newObject(args));
                }
                case 'b' -> build(pop(), peek()); // BUILD
                case 'Q' -> push(persistentLoader.load(pop())); // BINPERSID
                case 'q' -> memoPut(u8()); // BINPUT
                case 'r' -> memoPut(in.getInt() & 0xffffffffL); // LONG_BINPUT
                case 0x94 -> memoPut(memo.size()); // MEMOIZE
                case 'h' -> memoGet(u8()); // BINGET
                case 'j' -> memoGet(in.getInt() & 0xffffffffL); // LONG_BINGET
                default -> throw error(opcodeName(op));
            }
        }
    }

    private void push(Object value) throws CheckpointFormatException {
        if (stack.size() >= limits.maxStackDepth()) throw error("stack deeper than " + limits.maxStackDepth());
        stack.add(value);
    }

    private Object pop() throws CheckpointFormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw error("pop from an empty stack");
        return stack.removeLast();
    }

    private Object peek() throws CheckpointFormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw error("empty stack");
        return stack.getLast();
    }

    private List<Object> popMark() throws CheckpointFormatException {
        if (marks.isEmpty()) throw error("no MARK on the stack");
        int mark = marks.removeLast();
        List<Object> top = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return top;
    }

    private Tuple tupleOfTop(int n) throws CheckpointFormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) items[i] = pop();
        return new Tuple(java.util.Arrays.asList(items));
    }

    private PyList listAt(int index, String opcode) throws CheckpointFormatException {
        Object target = index >= (marks.isEmpty() ? 0 : marks.getLast()) && index >= 0 ? stack.get(index) : null;
        if (!(target instanceof PyList list)) throw error(opcode + " on " + describe(target) + ", not a list");
        return list;
    }

    private PyDict dictAt(int index, String opcode) throws CheckpointFormatException {
        Object target = index >= (marks.isEmpty() ? 0 : marks.getLast()) && index >= 0 ? stack.get(index) : null;
        if (!(target instanceof PyDict dict)) throw error(opcode + " on " + describe(target) + ", not a dict");
        return dict;
    }

    private void putAll(PyDict dict, List<Object> items) throws CheckpointFormatException {
        if (items.size() % 2 != 0) throw error("odd number of items for a dict");
        for (int i = 0; i < items.size(); i += 2) dict.put(checkedKey(items.get(i)), items.get(i + 1));
    }

    /** Only scalars may be keys: hashing them never recurses, whatever the pickle built. */
    private Object checkedKey(Object key) throws CheckpointFormatException {
        if (key == null || key instanceof String || key instanceof Long || key instanceof Double || key instanceof Boolean) return key;
        throw error("dict key or set item of type " + describe(key));
    }

    private PickleGlobal global(String module, String name) throws CheckpointFormatException {
        String qualified = module + "." + name;
        PickleGlobal global = globals.get(qualified);
        if (global == null) throw error("forbidden global " + printable(qualified) + " (only state-dict globals are allowed)");
        return global;
    }

    private PickleGlobal callable(Object target, String opcode) throws CheckpointFormatException {
        if (target instanceof PickleGlobal global) return global;
        throw error(opcode + " on " + describe(target) + ", not an allowed global");
    }

    private Tuple tupleArg(Object args, String opcode) throws CheckpointFormatException {
        if (args instanceof Tuple t) return t;
        throw error(opcode + " arguments are " + describe(args) + ", not a tuple");
    }

    /**
     * BUILD sets state on an object. Allowed only where Python would merely store data: attributes of an
     * OrderedDict (torch's {@code _metadata}) and the fields of an argparse.Namespace.
     */
    private void build(Object state, Object target) throws CheckpointFormatException {
        if (!(target instanceof PyDict dict) || dict.type().equals("dict")) throw error("BUILD on " + describe(target));
        if (!(state instanceof PyDict fields)) throw error("BUILD with state " + describe(state) + ", not a dict");
        for (Map.Entry<Object, Object> field : fields.entrySet()) {
            if (!(field.getKey() instanceof String name)) throw error("BUILD with a non-string attribute name");
            if (dict.type().equals(PythonGlobals.NAMESPACE)) dict.put(name, field.getValue());
            else dict.attributes().put(name, field.getValue());
        }
    }

    private void memoPut(long index) throws CheckpointFormatException {
        if (!memo.containsKey(index) && memo.size() >= limits.maxMemoEntries())
            throw error("memo larger than " + limits.maxMemoEntries() + " entries");
        memo.put(index, peek());
    }

    private void memoGet(long index) throws CheckpointFormatException {
        if (!memo.containsKey(index)) throw error("memo entry " + index + " read before it was written");
        push(memo.get(index));
    }

    private int u8() {
        return in.get() & 0xff;
    }

    private int length(long n) throws CheckpointFormatException {
        if (n < 0 || n > limits.maxStringBytes()) throw error("string or bytes of " + Long.toUnsignedString(n) + " bytes (limit " + limits.maxStringBytes() + ")");
        if (n > in.remaining()) throw error("string of " + n + " bytes past the end");
        return (int) n;
    }

    private long longBytes(int n) throws CheckpointFormatException {
        if (n > 8) throw error("integer of " + n + " bytes, wider than 64 bits");
        if (n > in.remaining()) throw error("truncated");
        long value = 0;
        for (int i = 0; i < n; i++) value |= (long) (in.get() & 0xff) << (8 * i);
        if (n > 0 && n < 8) value = (value << (64 - 8 * n)) >> (64 - 8 * n); // sign-extend
        return value;
    }

    private String utf8(int n) throws CheckpointFormatException {
        byte[] b = new byte[n];
        in.get(b);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw error("string that is not UTF-8");
        }
    }

    private byte[] bytes(int n) throws CheckpointFormatException {
        if (n > limits.maxStringBytes()) throw error("bytes of " + n + " (limit " + limits.maxStringBytes() + ")");
        if (n > in.remaining()) throw error("bytes past the end");
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** A GLOBAL line: ASCII up to a newline, at most 256 bytes. */
    private String line() throws CheckpointFormatException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!in.hasRemaining()) throw error("truncated GLOBAL");
            int c = in.get() & 0xff;
            if (c == '\n') return sb.toString();
            if (c < 0x20 || c > 0x7e || sb.length() >= 256) throw error("malformed GLOBAL name");
            sb.append((char) c);
        }
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "None";
            case PyList l -> "a list";
            case PyDict d -> "a " + d.type();
            case PySet s -> "a set";
            case Tuple t -> "a tuple";
            case String s -> "a str";
            case PickleGlobal g -> g.qualifiedName();
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    private static String printable(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static String opcodeName(int op) {
        String name = switch (op) {
            case 'I' -> "INT"; case 'L' -> "LONG"; case 'F' -> "FLOAT"; case 'S' -> "STRING";
            case 'T' -> "BINSTRING"; case 'U' -> "SHORT_BINSTRING"; case 'V' -> "UNICODE";
            case 'P' -> "PERSID"; case 'p' -> "PUT"; case 'g' -> "GET"; case 'i' -> "INST"; case 'o' -> "OBJ";
            case 0x82, 0x83, 0x84 -> "EXT"; case 0x97 -> "NEXT_BUFFER";
            default -> null;
        };
        return name == null ? String.format("unknown opcode 0x%02x", op) : "unsupported opcode " + name;
    }

    private CheckpointFormatException error(String problem) {
        return new CheckpointFormatException(source + ": " + problem + " (at byte " + opcodeStart + ")");
    }
}
