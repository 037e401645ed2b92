#!/usr/bin/python3
"""Regenerates the Praat reference values for the biomarker tests.

1. Writes the synthetic voices (synthesize.py) into synthetic/.
2. Runs Praat headless (`praat --run measure.praat FILE`) on them, on the public-domain speech in
   ../shared/data/speech (16 kHz, so Praat and the Java code see identical samples) and on a few
   EmoDB utterances. EmoDB is 22,050 Hz: Praat analyses the original file, the Java test the
   16 kHz samples of the project's AudioLoader (its Kaiser resampler), so those rows also measure
   how much resampling to 16 kHz moves each biomarker.
3. Writes expected.json: one entry per file with Praat's values ("--undefined--" becomes null).

Run from anywhere: /usr/bin/python3 testdata/biomarkers/generate.py   (needs praat and numpy)
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import synthesize  # noqa: E402

EMODB = ["03a01Wa.wav", "03a01Nc.wav", "08a01Lc.wav", "10a02Fa.wav", "13a01Ac.wav", "15a02Ta.wav", "16a01Ec.wav"]
SPEECH = ["jfk.wav"] + [f"sense_and_sensibility_01_austen_64kb-0{n}.wav" for n in (870, 880, 890, 920, 930)]


def praat_version():
    return subprocess.run(["praat", "--version"], capture_output=True, text=True, check=True).stdout.strip()


def measure(path):
    out = subprocess.run(["praat", "--run", os.path.join(HERE, "measure.praat"), path],
                         capture_output=True, text=True, check=True).stdout
    values = {}
    for line in out.splitlines():
        name, value = line.split(" ", 1)
        values[name] = None if value.startswith("--undefined--") else float(value)
    return values


def main():
    synthetic_dir = os.path.join(HERE, "synthetic")
    os.makedirs(synthetic_dir, exist_ok=True)
    files = synthesize.synthesize(synthetic_dir)
    files += [os.path.join(ROOT, "..", "shared", "data", "speech", name) for name in SPEECH]
    files += [os.path.join(ROOT, "..", "shared", "data", "emodb", name) for name in EMODB]
    cases = []
    for path in files:
        relative = os.path.relpath(os.path.normpath(path), ROOT)
        case = {"file": relative, **measure(path)}
        name = os.path.basename(path)[:-4]
        if name in synthesize.VOICES:  # the perturbation actually synthesised, for the docs
            case["synthesised_jitter_local"], case["synthesised_shimmer_local"] = synthesize.true_perturbation(name)
        cases.append(case)
        print(relative, file=sys.stderr)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"generator": "testdata/biomarkers/generate.py", "praat": praat_version(), "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
