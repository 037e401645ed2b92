package org.voicebarometer.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.voicebarometer.engine.tensor.JsonTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the small JSON files of a model directory with typed, bounded accessors and errors that name file and field. */
final class ConfigJson {
    /** Configs, vocabularies and head specs are kilobytes; anything this large is not one. */
    static final long MAX_BYTES = 16_000_000L;

    final Path file;
    final JsonNode root;

    private ConfigJson(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static ConfigJson read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new ModelFormatException(file + ": " + size + " bytes exceeds the limit of " + MAX_BYTES);
        JsonNode root;
        try {
            root = JsonTree.parse(Files.readAllBytes(file), false);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new ModelFormatException(file + ": not a JSON object");
        return new ConfigJson(file, root);
    }

    ModelFormatException error(String field, String what) {
        return new ModelFormatException(file + ": " + field + " " + what);
    }

    boolean has(String field) {
        JsonNode v = root.get(field);
        return v != null && !v.isNull();
    }

    int positiveInt(String field, int dflt) throws ModelFormatException {
        int v = integer(field, dflt);
        if (v <= 0) throw error(field, "must be positive, is " + v);
        return v;
    }

    int integer(String field, int dflt) throws ModelFormatException {
        if (!has(field)) return dflt;
        JsonNode v = root.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw error(field, "must be an integer, is " + v);
        return v.intValue();
    }

    double number(String field, double dflt) throws ModelFormatException {
        if (!has(field)) return dflt;
        JsonNode v = root.get(field);
        if (!v.isNumber()) throw error(field, "must be a number, is " + v);
        return v.doubleValue();
    }

    boolean bool(String field, boolean dflt) throws ModelFormatException {
        if (!has(field)) return dflt;
        JsonNode v = root.get(field);
        if (!v.isBoolean()) throw error(field, "must be true or false, is " + v);
        return v.booleanValue();
    }

    String string(String field, String dflt) throws ModelFormatException {
        if (!has(field)) return dflt;
        JsonNode v = root.get(field);
        if (!v.isTextual()) throw error(field, "must be a string, is " + v);
        return v.asText();
    }

    int[] positiveInts(String field, int[] dflt) throws ModelFormatException {
        if (!has(field)) return dflt.clone();
        JsonNode v = root.get(field);
        if (!v.isArray() || v.isEmpty() || v.size() > 1000) throw error(field, "must be a non-empty list of integers");
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() <= 0) throw error(field, "holds " + e + ", not a positive integer");
            out[i] = e.intValue();
        }
        return out;
    }
}
