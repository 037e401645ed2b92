package org.voicebarometer.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a source layout yields: tensors under Hugging Face names, the config.json (and
 * preprocessor_config.json) to write, files to copy as they are (vocab.json, head.json), and what the
 * reader already renamed or dropped on the way, for the summary.
 */
public final class SourceModel implements AutoCloseable {
    final String description;
    final Map<String, Weight> tensors = new LinkedHashMap<>();
    final Map<String, byte[]> sideFiles = new LinkedHashMap<>();
    final List<String> renamed = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    ObjectNode config;
    ObjectNode preprocessorConfig;

    SourceModel(String description) {
        this.description = description;
    }

    /** Adds a tensor under its Hugging Face name, noting when it was read under another. */
    void put(String sourceName, String hfName, Weight w) throws CheckpointFormatException {
        if (tensors.containsKey(hfName)) throw new CheckpointFormatException("two source tensors map to " + hfName + " (second: " + sourceName + ")");
        tensors.put(hfName, w);
        if (!sourceName.equals(hfName)) renamed.add(sourceName + " -> " + hfName);
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // closing a read-only mapping cannot lose data
            }
        }
    }
}
