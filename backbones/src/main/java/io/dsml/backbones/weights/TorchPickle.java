package io.dsml.backbones.weights;

import io.dsml.core.error.DsmlException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A restricted reader of Python pickles (protocols 0 to 4) that knows what a PyTorch {@code
 * state_dict} is made of and nothing else. A pickle is a program for a stack machine whose
 * {@code GLOBAL} opcode imports any Python callable and whose {@code REDUCE} calls it: loading one
 * with Python runs whatever its author chose. This reader builds plain values (dict, list, tuple,
 * str, int, float, bool, None, bytes) and accepts exactly these globals, each implemented here in
 * Java as a data constructor:
 *
 * <ul>
 *   <li>{@code collections.OrderedDict}: an ordered map;
 *   <li>{@code torch._utils._rebuild_tensor_v2} and {@code _rebuild_tensor}: a view of a storage;
 *   <li>{@code torch._utils._rebuild_parameter}: the tensor inside a Parameter;
 *   <li>{@code torch.FloatStorage} and the other typed storages: a storage's element type, as
 *       named in persistent ids.
 * </ul>
 *
 * Any other global stops reading at once with a message naming it, before anything it would call
 * could be called (nothing is ever called: there is no Python here). Object construction opcodes
 * ({@code NEWOBJ}, {@code INST}, {@code OBJ}) and extension codes are refused the same way.
 *
 * <p>Every size is bounded before work proportional to it is done, so that a hostile file fails
 * fast with one line instead of hanging or exhausting the stack or the heap: text numbers (whose
 * parsing is quadratic in their length) and binary integers have a length limit, strings and bytes
 * may not be longer than what is left of the pickle, the memo has an entry limit, dict keys must be
 * hashable values (as in Python), and the finished object may neither contain itself nor nest
 * deeper than {@value #MAX_DEPTH} levels (its consumers walk it recursively).
 */
final class TorchPickle {
    /** A storage's element type, from a persistent id such as {@code torch.FloatStorage}. */
    record StorageType(DType dtype) {}

    /** A Python tuple (distinguished from a list because persistent ids are tuples). */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /**
     * A view of a storage: what {@code _rebuild_tensor_v2} returns.
     *
     * @param storage whatever the persistent-id loader returned for the storage
     * @param offset first element, in elements
     * @param size the tensor's shape
     * @param stride the tensor's strides, in elements
     */
    record TensorRef(Object storage, long offset, long[] size, long[] stride) {}

    private static final Map<String, DType> STORAGES = Map.of(
            "FloatStorage", DType.F32,
            "DoubleStorage", DType.F64,
            "HalfStorage", DType.F16,
            "BFloat16Storage", DType.BF16,
            "LongStorage", DType.I64,
            "IntStorage", DType.I32,
            "ShortStorage", DType.I16,
            "CharStorage", DType.I8,
            "ByteStorage", DType.U8,
            "BoolStorage", DType.BOOL);

    /** The callables a state_dict needs. */
    private enum Callable {
        ORDERED_DICT,
        REBUILD_TENSOR,
        REBUILD_PARAMETER
    }

    private static final Object MARK = new Object();

    /** Digits of a text INT/LONG/FLOAT; torch's magic number, the longest a state_dict needs, has 24. */
    static final int MAX_NUMBER_TEXT = 64;

    /** Bytes of a LONG1/LONG4 integer (LONG1 alone allows 255). */
    static final int MAX_INTEGER_BYTES = 256;

    /** Memo entries: a state_dict stores a few per tensor. */
    static final int MAX_MEMO = 1 << 20;

    /** Containers inside containers: a checkpoint's state_dict's tensor records nest about 5 deep. */
    static final int MAX_DEPTH = 100;

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    /** What Python's {@code repr(float)} writes, which protocol 0's FLOAT holds. */
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|nan|inf)");

    private final ByteBuffer in;
    private final String source;
    private final Function<Object, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private TorchPickle(ByteBuffer in, String source, Function<Object, Object> persistentLoad) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
        this.persistentLoad = persistentLoad;
    }

    /**
     * Reads one pickle starting at {@code in}'s position and leaves the position after its STOP.
     *
     * @param source the file, for messages
     * @param persistentLoad turns a persistent id (a tuple such as {@code ('storage', type, key,
     *     location, numel)}) into the object it stands for
     * @throws DsmlException if the pickle is malformed or asks for anything not listed above
     */
    static Object load(ByteBuffer in, String source, Function<Object, Object> persistentLoad) {
        try {
            TorchPickle pickle = new TorchPickle(in, source, persistentLoad);
            Object root = pickle.run();
            pickle.checkAcyclicAndShallow(root);
            return root;
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new DsmlException(source + ": truncated or malformed pickle");
        } catch (ClassCastException e) {
            throw new DsmlException(source + ": malformed pickle (an opcode found a value of the wrong type)");
        }
    }

    private Object run() {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> {
                    return pop();
                }
                case '(' -> {
                    marks.add(stack.size());
                    stack.add(MARK);
                }
                case '}' -> push(new LinkedHashMap<>());
                case ']' -> push(new ArrayList<>());
                case ')' -> push(new Tuple(List.of()));
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt());
                case 'K' -> push((long) (in.get() & 0xff));
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 0x8a -> push(longBytes(in.get() & 0xff));
                case 0x8b -> push(longBytes(integerLength(in.getInt())));
                case 'I' -> push(textInt(number("INT")));
                case 'L' -> push(textLong(number("LONG")));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // big-endian
                case 'F' -> push(textFloat(number("FLOAT")));
                case 'X' -> push(utf8(length(in.getInt())));
                case 0x8c -> push(utf8(in.get() & 0xff));
                case 0x8d -> push(utf8(length(in.getLong())));
                case 'V' -> push(line());
                case 'U' -> push(latin1(in.get() & 0xff));
                case 'T' -> push(latin1(length(in.getInt())));
                case 'S' -> push(unquote(line()));
                case 'C' -> push(bytes(in.get() & 0xff));
                case 'B' -> push(bytes(length(in.getInt())));
                case 0x8e -> push(bytes(length(in.getLong())));
                case 't' -> push(new Tuple(popToMark()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 'q' -> memoize((long) (in.get() & 0xff));
                case 'r' -> memoize(Integer.toUnsignedLong(in.getInt()));
                case 'p' -> memoize(memoKey("PUT"));
                case 0x94 -> memoize((long) memo.size());
                case 'h' -> push(memo((long) (in.get() & 0xff)));
                case 'j' -> push(memo(Integer.toUnsignedLong(in.getInt())));
                case 'g' -> push(memo(memoKey("GET")));
                case '0' -> pop();
                case '1' -> popToMark();
                case '2' -> push(peek());
                case 'a' -> appendAll(Collections.singletonList(pop()));
                case 'e' -> appendAll(popToMark());
                case 's' -> {
                    Object value = pop();
                    setItems(Arrays.asList(pop(), value));
                }
                case 'u' -> setItems(popToMark());
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    String name = (String) pop();
                    push(global((String) pop(), name));
                }
                case 'Q' -> push(persistentLoad.apply(pop()));
                case 'P' -> push(persistentLoad.apply(line()));
                case 'R' -> reduce();
                case 'b' -> build();
                default -> throw refused(opcodeName(op));
            }
        }
    }

    private Object global(String module, String name) {
        String qualified = module + "." + name;
        switch (qualified) {
            case "collections.OrderedDict":
                return Callable.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor":
                return Callable.REBUILD_TENSOR;
            case "torch._utils._rebuild_parameter":
                return Callable.REBUILD_PARAMETER;
            default:
                if (module.equals("torch") && STORAGES.containsKey(name)) {
                    return new StorageType(STORAGES.get(name));
                }
                throw new DsmlException(source + ": refused: the pickle asks for the Python global " + qualified
                        + "; a weights file may only hold tensors, storages and (ordered) dicts, so it was not"
                        + " loaded and nothing in it was run");
        }
    }

    private void reduce() {
        Tuple args = (Tuple) pop();
        Object target = pop();
        if (!(target instanceof Callable callable)) {
            throw new DsmlException(source + ": refused: the pickle calls " + describe(target)
                    + ", which is not a state_dict constructor; nothing in it was run");
        }
        push(
                switch (callable) {
                    case ORDERED_DICT -> orderedDict(args);
                    case REBUILD_TENSOR ->
                        new TensorRef(args.get(0), asLong(args.get(1)), longs(args.get(2)), longs(args.get(3)));
                    case REBUILD_PARAMETER -> args.get(0);
                });
    }

    private Map<Object, Object> orderedDict(Tuple args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.size() > 0 && args.get(0) instanceof List<?> pairs) {
            for (Object pair : pairs) {
                List<Object> kv = pair instanceof Tuple t ? t.items() : castList(pair);
                map.put(key(kv.get(0)), kv.get(1));
            }
        }
        return map;
    }

    /** BUILD sets an object's state: an OrderedDict's {@code _metadata}, which weights do not need. */
    private void build() {
        pop();
        Object target = peek();
        if (!(target instanceof Map) && !(target instanceof TensorRef)) {
            throw new DsmlException(
                    source + ": refused: the pickle sets the state of " + describe(target) + "; nothing in it was run");
        }
    }

    private void appendAll(List<Object> items) {
        castList(peek()).addAll(items);
    }

    @SuppressWarnings("unchecked")
    private void setItems(List<Object> keyValues) {
        Map<Object, Object> map = (Map<Object, Object>) peek();
        for (int i = 0; i + 1 < keyValues.size(); i += 2) {
            map.put(key(keyValues.get(i)), keyValues.get(i + 1));
        }
    }

    /**
     * A dict key, if it is hashable as in Python: a scalar or a tuple of scalars. Lists and dicts
     * (which Python refuses as keys) could contain themselves, and hashing them would never end.
     */
    private Object key(Object key) {
        boolean hashable =
                isScalar(key) || (key instanceof Tuple t && t.items().stream().allMatch(TorchPickle::isScalar));
        if (!hashable) {
            throw new DsmlException(source + ": malformed pickle (a dict key that is a " + describe(key)
                    + ", which Python cannot hash)");
        }
        return key;
    }

    private static boolean isScalar(Object o) {
        return o == null
                || o instanceof String
                || o instanceof Long
                || o instanceof BigInteger
                || o instanceof Double
                || o instanceof Boolean;
    }

    private static boolean isContainer(Object o) {
        return o instanceof Map || o instanceof List || o instanceof Tuple;
    }

    private static Iterable<?> children(Object container) {
        if (container instanceof Map<?, ?> map) {
            List<Object> all = new ArrayList<>(map.keySet());
            all.addAll(map.values());
            return all;
        }
        return container instanceof Tuple t ? t.items() : (List<?>) container;
    }

    /** A container being walked: its children still to visit and its height so far. */
    private static final class Visit {
        final Object node;
        final Iterator<?> children;
        int height;

        Visit(Object node) {
            this.node = node;
            this.children = children(node).iterator();
        }
    }

    /**
     * Refuses an object that contains itself or nests deeper than {@link #MAX_DEPTH}, walking it
     * without recursion and each shared container once (so the walk is linear in the pickle).
     */
    private void checkAcyclicAndShallow(Object root) {
        if (!isContainer(root)) {
            return;
        }
        Map<Object, Integer> heights = new IdentityHashMap<>();
        Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Visit> path = new ArrayDeque<>();
        path.push(new Visit(root));
        open.add(root);
        while (!path.isEmpty()) {
            Visit visit = path.peek();
            if (!visit.children.hasNext()) {
                path.pop();
                open.remove(visit.node);
                heights.put(visit.node, visit.height);
                if (!path.isEmpty()) {
                    path.peek().height = Math.max(path.peek().height, visit.height + 1);
                }
                continue;
            }
            Object child = visit.children.next();
            if (!isContainer(child)) {
                continue;
            }
            if (open.contains(child)) {
                throw new DsmlException(source + ": malformed pickle (a " + describe(child)
                        + " that contains itself, which a state_dict never does)");
            }
            Integer height = heights.get(child);
            if (path.size() + (height == null ? 0 : height) >= MAX_DEPTH) {
                throw new DsmlException(
                        source + ": malformed pickle (containers nested more than " + MAX_DEPTH + " deep)");
            }
            if (height != null) {
                visit.height = Math.max(visit.height, height + 1);
            } else {
                path.push(new Visit(child));
                open.add(child);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    private Tuple tuple(int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return new Tuple(items);
    }

    private List<Object> popToMark() {
        if (marks.isEmpty()) {
            throw new DsmlException(source + ": malformed pickle (no MARK)");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw new DsmlException(source + ": malformed pickle (a value expected, found MARK)");
        }
        return o;
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private void memoize(long key) {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(key)) {
            throw new DsmlException(source + ": malformed pickle (more than " + MAX_MEMO + " memo entries)");
        }
        memo.put(key, peek());
    }

    private long memoKey(String opcode) {
        String text = line(MAX_NUMBER_TEXT, opcode);
        if (!INTEGER.matcher(text).matches() || text.length() > 18 || text.startsWith("-")) {
            throw malformedText(opcode, "a memo key", text);
        }
        return Long.parseLong(text);
    }

    private Object memo(long key) {
        if (!memo.containsKey(key)) {
            throw new DsmlException(source + ": malformed pickle (memo " + key + " was never stored)");
        }
        return memo.get(key);
    }

    private int length(long n) {
        if (n < 0 || n > in.remaining()) {
            throw new DsmlException(source + ": malformed pickle (length " + n + " beyond the data)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    /** LONG4's byte count, bounded before anything is read. */
    private int integerLength(int n) {
        if (n < 0 || n > MAX_INTEGER_BYTES) {
            throw new DsmlException(source + ": malformed pickle (a LONG4 integer of " + Integer.toUnsignedLong(n)
                    + " bytes; the limit is " + MAX_INTEGER_BYTES + ")");
        }
        return length(n);
    }

    private String line() {
        return line(Integer.MAX_VALUE, null);
    }

    /** The text up to the next newline, refused once longer than {@code limit} (then naming {@code opcode}). */
    private String line(int limit, String opcode) {
        StringBuilder sb = new StringBuilder();
        for (byte b = in.get(); b != '\n'; b = in.get()) {
            if (sb.length() == limit) {
                throw new DsmlException(source + ": malformed pickle (the text of a " + opcode
                        + " opcode is longer than " + limit + " characters)");
            }
            sb.append((char) (b & 0xff));
        }
        return sb.toString();
    }

    /** The text of a protocol-0 number, bounded (parsing a long one is quadratic) and checked to be one. */
    private String number(String opcode) {
        String text = line(MAX_NUMBER_TEXT, opcode);
        String digits = opcode.equals("LONG") && text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
        boolean valid = opcode.equals("FLOAT")
                ? FLOAT.matcher(digits.toLowerCase(Locale.ROOT)).matches()
                : INTEGER.matcher(digits).matches();
        if (!valid) {
            throw malformedText(opcode, opcode.equals("FLOAT") ? "a number" : "an integer", text);
        }
        return digits;
    }

    private DsmlException malformedText(String opcode, String expected, String text) {
        String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return new DsmlException(source + ": malformed pickle (" + opcode + " expects " + expected + ", got '"
                + shown.replaceAll("[^\\x20-\\x7e]", "?") + "')");
    }

    private static double textFloat(String text) {
        return switch (text.toLowerCase(Locale.ROOT).replace("+", "")) {
            case "nan", "-nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') ? s.substring(1, s.length() - 1) : s;
    }

    private static Object textInt(String s) {
        return switch (s) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> textLong(s);
        };
    }

    private static Object textLong(String digits) {
        BigInteger value = new BigInteger(digits);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** LONG1/LONG4: little-endian two's complement. */
    private Object longBytes(int n) {
        byte[] le = bytes(n);
        byte[] be = new byte[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            be[n - 1 - i] = le[i];
        }
        BigInteger value = n == 0 ? BigInteger.ZERO : new BigInteger(be);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private long asLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        throw new DsmlException(source + ": malformed tensor record (expected an integer, got " + describe(o) + ")");
    }

    private long[] longs(Object o) {
        if (!(o instanceof Tuple t)) {
            throw new DsmlException(source + ": malformed tensor record (expected a tuple, got " + describe(o) + ")");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(t.get(i));
        }
        return out;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private DsmlException refused(String what) {
        return new DsmlException(source + ": refused: the pickle uses " + what
                + ", which a state_dict never needs; it was not loaded and nothing in it was run");
    }

    private static String opcodeName(int op) {
        return switch (op) {
            case 0x81 -> "NEWOBJ (object construction)";
            case 0x92 -> "NEWOBJ_EX (object construction)";
            case 'i' -> "INST (object construction)";
            case 'o' -> "OBJ (object construction)";
            case 0x82, 0x83, 0x84 -> "an extension-registry global";
            default -> "the unknown opcode 0x" + Integer.toHexString(op);
        };
    }
}
