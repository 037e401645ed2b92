"""Synthetic voices with known F0, jitter, shimmer and noise level, written as 16 kHz PCM16 WAVs.

A Rosenberg glottal pulse per period (period and amplitude perturbed by Gaussian factors with the
given relative standard deviation) drives three second-order formant resonators; white noise is
added at a fixed ratio to the harmonic part's RMS. The pulse shape follows the nominal period, so
every pulse's closure sits at its onset plus a constant and the closure-to-closure periods carry
exactly the drawn perturbation; synthesis runs at 8 x 16 kHz and is band-limited down to 16 kHz,
so rounding pulse onsets to samples adds almost no jitter. `true_perturbation` reports the jitter
(local) and shimmer (local) of the drawn periods and amplitudes. Deterministic (seeded):
re-running gives the same files byte for byte.
"""
import wave
import numpy as np

FS = 16000
OVERSAMPLING = 8
FORMANTS = [(500, 80), (1500, 100), (2500, 120)]  # (centre Hz, bandwidth Hz)


def rosenberg(n_open, n_close, n_total):
    g = np.zeros(n_total)
    t1 = np.arange(n_open)
    g[:n_open] = 0.5 * (1 - np.cos(np.pi * t1 / n_open))
    t2 = np.arange(n_close)
    g[n_open:n_open + n_close] = np.cos(0.5 * np.pi * t2 / n_close)
    return g


def resonator(x, f, bw, fs):
    r = np.exp(-np.pi * bw / fs)
    a1, a2 = -2 * r * np.cos(2 * np.pi * f / fs), r * r
    b0 = 1 + a1 + a2  # unit gain at DC
    y = np.zeros_like(x)
    for i in range(len(x)):
        y[i] = b0 * x[i] - a1 * (y[i - 1] if i >= 1 else 0) - a2 * (y[i - 2] if i >= 2 else 0)
    return y


def draw(seed, seconds, f0_start, f0_end, jitter, shimmer):
    """Pulse onsets (s), nominal periods (s) and amplitudes; the generator is then used for noise."""
    rng = np.random.default_rng(seed)
    onsets, nominal, amplitudes = [], [], []
    t = 0.0
    while t < seconds:
        f0 = f0_start + (f0_end - f0_start) * t / seconds
        onsets.append(t)
        nominal.append(1 / f0)
        amplitudes.append(1 + shimmer * rng.standard_normal())
        t += (1 + jitter * rng.standard_normal()) / f0
    return np.array(onsets), np.array(nominal), np.array(amplitudes), rng


def true_perturbation(name):
    """(jitter, shimmer) of the drawn pulses, both local and as fractions."""
    seed, seconds, f0a, f0b, jitter, shimmer, _ = VOICES[name]
    onsets, _, amplitudes, _ = draw(seed, seconds, f0a, f0b, jitter, shimmer)
    periods = np.diff(onsets)
    return (float(np.mean(np.abs(np.diff(periods))) / np.mean(periods)),
            float(np.mean(np.abs(np.diff(amplitudes))) / np.mean(amplitudes)))


def voice(seed, seconds, f0_start, f0_end, jitter, shimmer, noise_db):
    """noise_db: noise RMS relative to the voiced signal's RMS in dB (None = no noise)."""
    fs = FS * OVERSAMPLING
    n = int(seconds * fs)
    onsets, nominal, amplitudes, rng = draw(seed, seconds, f0_start, f0_end, jitter, shimmer)
    source = np.zeros(n + fs)
    for onset, period, amplitude in zip(onsets, nominal, amplitudes):
        p = int(round(period * fs))
        start = int(round(onset * fs))
        pulse = rosenberg(int(0.4 * p), int(0.16 * p), p)
        source[start:start + p] += amplitude * np.diff(np.concatenate([[0], pulse]))  # differentiated flow
    y = source[:n]
    for f, bw in FORMANTS:
        y = resonator(y, f, bw, fs)
    spectrum = np.fft.rfft(y)[: int(seconds * FS) // 2 + 1]  # ideal low-pass at 8 kHz, then decimate
    y = np.fft.irfft(spectrum, int(seconds * FS)) / OVERSAMPLING
    n = len(y)
    if noise_db is not None:
        rms = np.sqrt(np.mean(y ** 2))
        y = y + rng.standard_normal(n) * rms * 10 ** (noise_db / 20)
    ramp = int(0.01 * FS)
    y[:ramp] *= np.linspace(0, 1, ramp)
    y[-ramp:] *= np.linspace(1, 0, ramp)
    return 0.5 * y / np.max(np.abs(y))


VOICES = {
    # name: (seed, seconds, f0 start, f0 end, jitter, shimmer, noise dB re voice)
    "synth_f120_clean": (1, 1.0, 120, 120, 0.0, 0.0, None),
    "synth_f220_jitter1_shimmer3": (2, 1.0, 220, 220, 0.01, 0.03, None),
    "synth_f100_jitter2_shimmer6_noise": (3, 1.0, 100, 100, 0.02, 0.06, -20),
    "synth_f150_250_glide": (4, 1.0, 150, 250, 0.005, 0.02, -30),
    "synth_f300_noisy": (5, 1.0, 300, 300, 0.01, 0.04, -10),
}


def write_wav(path, y):
    pcm = np.round(np.clip(y, -1, 1) * 32767).astype('<i2')
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(FS)
        w.writeframes(pcm.tobytes())


def synthesize(directory):
    paths = []
    for name, (seed, seconds, f0a, f0b, jit, shim, noise) in VOICES.items():
        path = f"{directory}/{name}.wav"
        write_wav(path, voice(seed, seconds, f0a, f0b, jit, shim, noise))
        paths.append(path)
    return paths
