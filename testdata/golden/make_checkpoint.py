#!/usr/bin/python3
"""Writes a full-size random Wav2Vec2 checkpoint in Hugging Face layout, with reference outputs.

    /usr/bin/python3 testdata/golden/make_checkpoint.py --size base|large --out DIR [--seconds S] [--dtype f32]

Not committed: for local agreement checks at realistic sizes, benchmarks and ONNX export.
`base` is wav2vec2-base's geometry (768×12, group-norm conv encoder, post-LN, conv 512);
`large` is wav2vec2-large-lv60's (1024×24, pre-LN, layer-norm conv encoder, conv bias). Both carry
a Wav2Vec2ForSequenceClassification head (neu/hap/ang/sad). DIR/expected/speech.safetensors holds
the reference outputs for S seconds of real speech, as in the golden cases.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wav2vec2_reference import (SPEECH_DIR, ModelSpec, StorageSpec, read_pcm16,  # noqa: E402
                                reference_outputs, save_checkpoint, write_expected)

EMOTIONS = ("neu", "hap", "ang", "sad")

SIZES = {
    "base": ModelSpec(conv_dim=(512,) * 7, conv_bias=False, feat_extract_norm="group",
                      hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                      intermediate_size=3072, do_stable_layer_norm=False,
                      num_conv_pos_embeddings=128, num_conv_pos_embedding_groups=16,
                      head="seqcls", classifier_proj_size=256, labels=EMOTIONS),
    "large": ModelSpec(conv_dim=(512,) * 7, conv_bias=True, feat_extract_norm="layer",
                       hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                       intermediate_size=4096, do_stable_layer_norm=True,
                       num_conv_pos_embeddings=128, num_conv_pos_embedding_groups=16,
                       head="seqcls", classifier_proj_size=256, labels=EMOTIONS),
}


def speech(seconds: float) -> np.ndarray:
    """The first `seconds` of the shared speech clips, played one after another."""
    clips = [read_pcm16(SPEECH_DIR / "jfk.wav")]
    clips += [read_pcm16(p) for p in sorted(SPEECH_DIR.glob("sense_and_sensibility_*.wav"))]
    audio = np.concatenate(clips)
    n = int(round(seconds * 16000))
    if n < 400 or n > len(audio):
        raise SystemExit(f"--seconds must be between 0.025 and {len(audio) / 16000:.1f}")
    return audio[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--out", type=Path, required=True, help="model directory to write")
    parser.add_argument("--seconds", type=float, default=4.0, help="speech for the reference (default 4)")
    parser.add_argument("--dtype", choices=["f32", "f16", "bf16"], default="f32")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-check", action="store_true",
                        help="skip recomputing with plain torch ops (halves the time)")
    args = parser.parse_args()
    spec = SIZES[args.size]
    storage = StorageSpec("Wav2Vec2ForSequenceClassification", prefix="wav2vec2.",
                          pos_conv="weight_g", dtype=args.dtype.upper())
    audio = speech(args.seconds)
    start = time.time()
    save_checkpoint(args.out, spec, storage, args.seed)
    print(f"wrote {args.out} ({time.time() - start:.1f} s)")
    start = time.time()
    results = reference_outputs(spec, storage, args.out, {"speech": audio},
                                check_plain=not args.no_check, check_margin=False)
    write_expected(args.out, results)
    tensors, meta = results["speech"]
    print(f"wrote {args.out / 'expected' / 'speech.safetensors'} ({time.time() - start:.1f} s): "
          f"T={tensors['last_hidden_state'].shape[0]}, logits {tensors['logits'].tolist()}, {meta}")


if __name__ == "__main__":
    main()
