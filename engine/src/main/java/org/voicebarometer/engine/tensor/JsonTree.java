package org.voicebarometer.engine.tensor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Reads JSON into Jackson's tree model with the streaming parser alone, as {@code ObjectMapper.readTree}
 * would (ints as int/long/BigInteger nodes by size, other numbers as doubles), but without building an
 * ObjectMapper: its class initialisation cost ~0.35 s of CPU on the first model load in a fresh JVM,
 * against ~0.1 s for this. Duplicate keys are refused; the parser's default limits (nesting depth,
 * string and number lengths) apply.
 */
public final class JsonTree {
    private JsonTree() {}

    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The first JSON value of {@code json}, or null when there is none (empty or blank input).
     *
     * @param wholeInput refuse anything but whitespace after the value
     */
    public static JsonNode parse(byte[] json, boolean wholeInput) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return parse(p, wholeInput);
        }
    }

    /** As {@link #parse(byte[], boolean)}, for text already decoded. */
    public static JsonNode parse(String json, boolean wholeInput) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return parse(p, wholeInput);
        }
    }

    private static JsonNode parse(JsonParser p, boolean wholeInput) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) return null;
        JsonNode root = value(p, first);
        if (wholeInput) {
            JsonToken extra = p.nextToken();
            if (extra != null) throw new JsonParseException(p, "trailing token " + extra + " after the JSON value");
        }
        return root;
    }

    /** The value starting at token t (recursion depth is bounded by the parser's nesting limit). */
    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) a.add(value(p, e));
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }
}
