package org.voicebarometer.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Strict JSON for the small files of a model directory (config.json, indexes): duplicates refused, size capped. */
final class Json {
    static final long MAX_BYTES = 50_000_000L;
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {}

    static ObjectNode readObject(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new CheckpointFormatException(file + ": " + size + " bytes, more than " + MAX_BYTES);
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) throw new CheckpointFormatException(file + ": not a JSON object");
        return object;
    }

    static byte[] bytes(JsonNode node) throws JsonProcessingException {
        return (MAPPER.writeValueAsString(node) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
