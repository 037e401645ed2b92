package org.voicebarometer.batch;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

import java.util.List;

/**
 * The pipeline's own options, next to Beam's ({@code --runner}, {@code --flinkMaster}, …). Beam's syntax:
 * {@code --name=value}; a list is given comma-separated or by repeating the option.
 */
public interface BatchOptions extends PipelineOptions {
    @Description("Recordings: file patterns (globs) or paths/URIs, comma-separated or repeated")
    List<String> getInput();

    void setInput(List<String> value);

    @Description("A text file (any Beam file system) listing patterns or paths/URIs, one per line")
    String getInputList();

    void setInputList(String value);

    @Description("Output directory (or URI): reports-*.jsonl, aggregates-*.jsonl, failures-*.jsonl")
    String getOutput();

    void setOutput(String value);

    @Description("Model: a Wav2Vec2/HuBERT checkpoint directory or a trained model file; default the built-in model."
            + " Must be readable at the same path on every worker.")
    String getModel();

    void setModel(String value);

    @Description("JSON mapping of a checkpoint's labels onto the five emotions")
    String getLabelMap();

    void setLabelMap(String value);

    @Description("Regular expression with named groups speaker and (optional) day, searched for in each path")
    @Default.String(PathConvention.DEFAULT)
    String getIdPattern();

    void setIdPattern(String value);

    @Description("Most recordings analysed at once in one worker JVM (0: one per core)")
    @Default.Integer(0)
    int getMaxConcurrentAnalyses();

    void setMaxConcurrentAnalyses(int value);

    @Description("Files larger than this many megabytes go to the failures output unread")
    @Default.Integer(1024)
    int getMaxFileMegabytes();

    void setMaxFileMegabytes(int value);
}
