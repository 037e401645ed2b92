package org.voicebarometer.engine.tensor;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads strict JSON (RFC 8259) into Jackson's tree model, building exactly the tree
 * {@code ObjectMapper.readTree} builds (ints as int/long/BigInteger nodes by size, other numbers as
 * doubles), with a small recursive-descent reader instead of Jackson's parser: in a fresh JVM, creating
 * Jackson's parser factory and first parser cost ~0.1 s of the first model load, and even the
 * ObjectMapper-free streaming use of it did. Jackson's default limits apply (nesting depth 1000, numbers
 * of 1000 characters, strings of 20 M and names of 50 k characters); duplicate keys are refused.
 * Errors are {@link JsonParseException}s whose {@code getOriginalMessage()} says what and where.
 */
public final class JsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int MAX_DEPTH = 1000;
    static final int MAX_NUMBER_LENGTH = 1000;
    static final int MAX_STRING_LENGTH = 20_000_000;
    static final int MAX_NAME_LENGTH = 50_000;

    private final String s;
    private int pos;

    private JsonTree(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    /**
     * The first JSON value of the UTF-8 bytes {@code json} (a leading byte-order mark is skipped), or null
     * when there is none (empty or blank input).
     *
     * @param wholeInput refuse anything but whitespace after the value
     */
    public static JsonNode parse(byte[] json, boolean wholeInput) throws IOException {
        String text;
        try {
            text = strictUtf8(json);
        } catch (CharacterCodingException e) {
            throw new JsonParseException(null, "Invalid UTF-8 in the JSON text");
        }
        return new JsonTree(text, text.startsWith("\uFEFF") ? 1 : 0).document(wholeInput);
    }

    /** {@code bytes} as UTF-8, refusing malformed sequences instead of replacing them. */
    static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** As {@link #parse(byte[], boolean)}, for text already decoded. */
    public static JsonNode parse(String json, boolean wholeInput) throws IOException {
        return new JsonTree(json, 0).document(wholeInput);
    }

    private JsonNode document(boolean wholeInput) throws JsonParseException {
        skipWhitespace();
        if (pos == s.length()) return null;
        JsonNode root = value(1);
        // As Jackson: a root-level number must be followed by whitespace or the end (no "1x").
        if (root.isNumber() && pos < s.length() && !isWhitespace(s.charAt(pos)))
            throw error("Unexpected character " + describe(pos) + ": Expected space separating root-level values");
        skipWhitespace();
        if (wholeInput && pos < s.length()) throw error("trailing token " + describe(pos) + " after the JSON value");
        return root;
    }

    /** The value at pos; depth counts the containers it is in, this one included. */
    private JsonNode value(int depth) throws JsonParseException {
        if (pos == s.length()) throw error("Unexpected end-of-input: expected a value");
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> NODES.textNode(string(MAX_STRING_LENGTH));
            case 't' -> literal("true", NODES.booleanNode(true));
            case 'f' -> literal("false", NODES.booleanNode(false));
            case 'n' -> literal("null", NODES.nullNode());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("Unexpected character " + describe(pos) + ": expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
            }
        };
    }

    private ObjectNode object(int depth) throws JsonParseException {
        checkDepth(depth);
        pos++; // {
        ObjectNode o = NODES.objectNode();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return o;
        }
        while (true) {
            if (peek() != '"') throw error("Unexpected character " + describe(pos) + ": was expecting double-quote to start field name");
            String name = string(MAX_NAME_LENGTH);
            skipWhitespace();
            if (peek() != ':') throw error("Unexpected character " + describe(pos) + ": was expecting a colon to separate field name and value");
            pos++;
            if (o.has(name)) throw error("Duplicate field '" + name + "'");
            skipWhitespace();
            o.set(name, value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') return o;
            if (c != ',') throw error("Unexpected character " + describe(pos - 1) + ": was expecting comma to separate Object entries");
            skipWhitespace();
        }
    }

    private ArrayNode array(int depth) throws JsonParseException {
        checkDepth(depth);
        pos++; // [
        ArrayNode a = NODES.arrayNode();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return a;
        }
        while (true) {
            a.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') return a;
            if (c != ',') throw error("Unexpected character " + describe(pos - 1) + ": was expecting comma to separate Array entries");
            skipWhitespace();
        }
    }

    private void checkDepth(int depth) throws JsonParseException {
        if (depth > MAX_DEPTH) throw error("Document nesting depth exceeds the maximum allowed (" + MAX_DEPTH + ")");
    }

    /** The string starting at the quote at pos, unescaped; pos ends after the closing quote. */
    private String string(int maxLength) throws JsonParseException {
        int start = ++pos;
        StringBuilder b = null; // only when the string holds escapes
        while (true) {
            if (pos == s.length()) throw error("Unexpected end-of-input in a string");
            char c = s.charAt(pos);
            if (c == '"') break;
            if (c < 0x20) throw error("Illegal unquoted character (code " + (int) c + "): has to be escaped using backslash to be included in string value");
            if (c != '\\') {
                if (b != null) b.append(c);
                pos++;
            } else {
                if (b == null) b = new StringBuilder().append(s, start, pos);
                b.append(escape());
            }
            if ((b == null ? pos - start : b.length()) > maxLength) throw error("String value length exceeds the maximum allowed (" + maxLength + ")");
        }
        String value = b == null ? s.substring(start, pos) : b.toString();
        pos++; // "
        return value;
    }

    /** The character of the escape sequence at pos (the backslash); pos ends after it. */
    private char escape() throws JsonParseException {
        if (pos + 1 >= s.length()) throw error("Unexpected end-of-input in an escape sequence");
        char e = s.charAt(pos + 1);
        pos += 2;
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > s.length()) throw error("Unexpected end-of-input in a \\u escape");
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(s.charAt(pos + i), 16);
                    if (d < 0 || s.charAt(pos + i) > 'f') throw error("Unexpected character " + describe(pos + i) + ": expected a hex-digit for character escape sequence");
                    v = v << 4 | d;
                }
                pos += 4;
                yield (char) v;
            }
            default -> throw error("Unrecognized character escape " + describe(pos - 1));
        };
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? as an int, long or BigInteger node, or a double node. */
    private JsonNode number() throws JsonParseException {
        int start = pos;
        if (charAtPos() == '-') pos++;
        int intStart = pos;
        if (digits() == 0) throw error("Unexpected character " + describe(pos) + ": expected digit (0-9) to follow minus sign, for valid numeric value");
        if (s.charAt(intStart) == '0' && pos - intStart > 1) throw error("Invalid numeric value: Leading zeroes not allowed");
        boolean integral = true;
        if (charAtPos() == '.') {
            pos++;
            integral = false;
            if (digits() == 0) throw error("Unexpected character " + describe(pos) + " in numeric value: Decimal point not followed by a digit");
        }
        if (charAtPos() == 'e' || charAtPos() == 'E') {
            pos++;
            integral = false;
            if (charAtPos() == '+' || charAtPos() == '-') pos++;
            if (digits() == 0) throw error("Unexpected character " + describe(pos) + " in numeric value: Exponent indicator not followed by a digit");
        }
        if (pos - start > MAX_NUMBER_LENGTH) throw error("Number value length (" + (pos - start) + ") exceeds the maximum allowed (" + MAX_NUMBER_LENGTH + ")");
        String text = s.substring(start, pos);
        if (!integral) return NODES.numberNode(Double.parseDouble(text));
        int digits = pos - intStart;
        if (digits <= 9) return NODES.numberNode(Integer.parseInt(text));
        if (digits <= 18) {
            long v = Long.parseLong(text);
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        BigInteger v = new BigInteger(text);
        return v.bitLength() < 64 ? NODES.numberNode(v.longValue()) : NODES.numberNode(v);
    }

    /** Skips [0-9]* and returns how many. */
    private int digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
        return pos - start;
    }

    private JsonNode literal(String word, JsonNode node) throws JsonParseException {
        int end = pos;
        while (end < s.length() && Character.isJavaIdentifierPart(s.charAt(end))) end++;
        if (!s.startsWith(word, pos) || end != pos + word.length())
            throw error("Unrecognized token '" + s.substring(pos, Math.min(end, pos + 256)) + "': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        pos = end;
        return node;
    }

    /** The character at pos, or 0 at the end (a number may end the input). */
    private char charAtPos() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private char peek() throws JsonParseException {
        if (pos == s.length()) throw error("Unexpected end-of-input");
        return s.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < s.length() && isWhitespace(s.charAt(pos))) pos++;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private String describe(int at) {
        if (at >= s.length()) return "(end-of-input)";
        char c = s.charAt(at);
        return "(" + (c < 0x20 ? "" : "'" + c + "' ") + "code " + (int) c + ")";
    }

    private JsonParseException error(String what) {
        return new JsonParseException(null, what + " at character " + pos);
    }
}
