package org.voicebarometer.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.tensor.FloatTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * transformers' {@code *ForCTC}: {@code lm_head} per frame, then greedy decoding with {@code vocab.json}:
 * argmax per frame, collapse repeats, drop the blank ({@code pad_token_id}), {@code |} → space, strip.
 * Ids the vocabulary does not name decode to nothing.
 */
final class CtcHead implements Head {
    static final String WORD_DELIMITER = "|";

    private final Linear lmHead;     // (vocab_size, hidden)
    private final String[] tokens;   // id → token, null where vocab.json has none
    private final int blank;

    private CtcHead(Linear lmHead, String[] tokens, int blank) {
        this.lmHead = lmHead;
        this.tokens = tokens;
        this.blank = blank;
    }

    static CtcHead load(Wav2Vec2Config c, Weights w, Path vocabJson) throws IOException {
        int v = c.vocabSize(), h = c.hiddenSize();
        if (!Files.exists(vocabJson)) throw new ModelFormatException(vocabJson + ": missing; a CTC model needs its vocabulary");
        if (c.padTokenId() < 0 || c.padTokenId() >= v) throw new ModelFormatException("config.json pad_token_id " + c.padTokenId() + " is outside the vocabulary [0, " + v + ")");
        ConfigJson vocab = ConfigJson.read(vocabJson);
        String[] tokens = new String[v];
        for (Map.Entry<String, JsonNode> e : vocab.root.properties()) {
            JsonNode id = e.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= v)
                throw vocab.error("token '" + e.getKey() + "'", "has id " + id + ", not in [0, vocab_size " + v + ")");
            if (tokens[id.intValue()] != null) throw vocab.error("id " + id.intValue(), "is given to both '" + tokens[id.intValue()] + "' and '" + e.getKey() + "'");
            tokens[id.intValue()] = e.getKey();
        }
        Linear lm = w.linear("lm_head.weight", "lm_head.bias", v, h);
        return new CtcHead(lm, tokens, c.padTokenId());
    }

    @Override
    public float[] layerWeights() {
        return null;
    }

    @Override
    public FloatTensor logits(float[] states, int t) {
        float[] logits = new float[t * lmHead.out()];
        lmHead.forward(states, t, logits);
        return FloatTensor.of(logits, t, lmHead.out());
    }

    @Override
    public Prediction predict(FloatTensor logits) {
        return new Prediction.Transcript(greedyDecode(logits.data(), logits.dim(0), logits.dim(1), tokens, blank));
    }

    @Override
    public Prediction template() {
        return new Prediction.Transcript("");
    }

    /** Greedy CTC decoding of logits [t, v] with tokens[id] (null: decodes to nothing). */
    static String greedyDecode(float[] logits, int t, int v, String[] tokens, int blank) {
        StringBuilder text = new StringBuilder();
        int previous = -1;
        for (int i = 0; i < t; i++) {
            int best = 0;
            for (int j = 1; j < v; j++) if (logits[i * v + j] > logits[i * v + best]) best = j;
            if (best != previous && best != blank && tokens[best] != null)
                text.append(tokens[best].equals(WORD_DELIMITER) ? " " : tokens[best]);
            previous = best;
        }
        return text.toString().strip();
    }

    @Override
    public String describe() {
        return "CTC (" + lmHead.out() + " tokens, greedy decoding)";
    }
}
