#!/usr/bin/python3
"""numpy reference for the per-frame spectral descriptors of SpectralFrames (docs/biomarkers.md):
25 ms Hamming window (periodic=False), 10 ms step, 512-point power spectrum at 16 kHz; MFCC 1-4 from
26 HTK-style mel triangles 20 Hz-8 kHz, natural log, orthonormal DCT-II; spectral slope in dB/kHz
by least squares within 0-500 and 500-1500 Hz (bin frequencies inclusive); alpha ratio and
Hammarberg index in dB. Writes spectral_expected.json for a few frames of jfk.wav.
"""
import json
import os
import wave
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FILE = "../shared/data/speech/jfk.wav"
FRAMES = [30, 120, 250, 400, 640, 900]
FS, WIN, STEP, NFFT, BANDS = 16000, 400, 160, 512, 26


def mel(f):
    return 2595 * np.log10(1 + f / 700)


def hz(m):
    return 700 * (10 ** (m / 2595) - 1)


def filterbank():
    edges = hz(mel(20) + np.arange(BANDS + 2) * (mel(FS / 2) - mel(20)) / (BANDS + 1))
    f = np.arange(NFFT // 2 + 1) * FS / NFFT
    up = (f[None, :] - edges[:-2, None]) / (edges[1:-1, None] - edges[:-2, None])
    down = (edges[2:, None] - f[None, :]) / (edges[2:, None] - edges[1:-1, None])
    return np.maximum(0, np.minimum(up, down))


def slope(power, lo, hi):
    f = np.arange(len(power)) * FS / NFFT
    k = (f >= lo) & (f <= hi)
    x, y = f[k] / 1000, 10 * np.log10(np.maximum(power[k], 1e-20))
    return float(np.polyfit(x, y, 1)[0])


def main():
    with wave.open(os.path.join(ROOT, FILE)) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), dtype='<i2') / 32768.0
    window = 0.54 - 0.46 * np.cos(2 * np.pi * np.arange(WIN) / (WIN - 1))
    bank = filterbank()
    c = np.arange(1, 5)[:, None]
    b = np.arange(BANDS)[None, :]
    dct = np.sqrt(2 / BANDS) * np.cos(np.pi * c * (b + 0.5) / BANDS)
    f = np.arange(NFFT // 2 + 1) * FS / NFFT
    cases = []
    for frame in FRAMES:
        seg = x[frame * STEP: frame * STEP + WIN] * window
        power = np.abs(np.fft.rfft(seg, NFFT)) ** 2
        logmel = np.log(np.maximum(bank @ power, 1e-12))
        band = lambda lo, hi: np.maximum(power[(f >= lo) & (f < hi)].sum(), 1e-20)
        peak = lambda lo, hi: np.maximum(power[(f >= lo) & (f < hi)].max(), 1e-20)
        cases.append({
            "frame": frame,
            "mfcc": (dct @ logmel).tolist(),
            "slope_0_500": slope(power, 0, 500),
            "slope_500_1500": slope(power, 500, 1500),
            "alpha_ratio_db": float(10 * np.log10(band(1000, 5000) / band(50, 1000))),
            "hammarberg_db": float(10 * np.log10(peak(0, 2000) / peak(2000, 5000))),
        })
    with open(os.path.join(HERE, "spectral_expected.json"), "w") as out:
        json.dump({"generator": "testdata/biomarkers/spectral_reference.py", "file": FILE, "frames": cases}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
