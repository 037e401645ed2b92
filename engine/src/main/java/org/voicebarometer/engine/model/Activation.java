package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Activations;
import org.voicebarometer.engine.kernels.Norms;

/** The activation functions a config may name ({@code hidden_act}, {@code feat_extract_activation}). */
public enum Activation {
    /** The exact erf GELU (PyTorch's default, HF's "gelu"). */
    GELU,
    /** The tanh approximation ("gelu_new", "gelu_pytorch_tanh", "gelu_fast" are the same formula). */
    GELU_TANH,
    RELU,
    TANH;

    static Activation fromConfig(String field, String name) throws ModelFormatException {
        return switch (name) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
            case "relu" -> RELU;
            case "tanh" -> TANH;
            default -> throw new ModelFormatException(field + " '" + name + "' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu, tanh)");
        };
    }

    /** Applies the activation in place to x[from, to) on the calling thread (a {@link Norms.Epilogue}). */
    void applyOnCaller(float[] x, int from, int to) {
        switch (this) {
            case GELU -> Activations.geluOnCaller(x, from, to);
            case GELU_TANH -> Activations.geluTanhOnCaller(x, from, to);
            case RELU -> Activations.reluOnCaller(x, from, to);
            case TANH -> Activations.tanhOnCaller(x, from, to);
        }
    }

    /** Applies the activation in place to the first n values of x. */
    void apply(float[] x, int n) {
        switch (this) {
            case GELU -> Activations.gelu(x, n);
            case GELU_TANH -> Activations.geluTanh(x, n);
            case RELU -> Activations.relu(x, n);
            case TANH -> Activations.tanh(x, n);
        }
    }
}
