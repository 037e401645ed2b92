#!/usr/bin/python3
"""Regenerates the golden cases under testdata/golden/ (see README.md there).

    /usr/bin/python3 testdata/golden/generate.py [case ...]

Each case is a small random-weight checkpoint in Hugging Face layout plus the reference outputs
for a few inputs, computed in float32 from the weights as stored (after F16/BF16 rounding).
Deterministic: the same torch/numpy give byte-identical files.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wav2vec2_reference import (SPEECH_DIR, ModelSpec, StorageSpec, load_checkpoint,  # noqa: E402
                                read_pcm16, read_safetensors, reference_outputs, save_checkpoint,
                                write_expected)

GOLDEN_DIR = Path(__file__).resolve().parent

CTC_VOCAB = ("<pad>", "<s>", "</s>", "<unk>", "|",
             "E", "T", "A", "O", "N", "I", "H", "S", "R", "D", "L", "U")
EMOTIONS = ("neu", "hap", "ang", "sad")
DIMENSIONS = ("arousal", "dominance", "valence")


def inputs() -> dict:
    jfk = read_pcm16(SPEECH_DIR / "jfk.wav")
    austen = read_pcm16(SPEECH_DIR / "sense_and_sensibility_01_austen_64kb-0880.wav")
    return {
        "speech": jfk[4800:4800 + 24000],  # 1.5 s: "And so my fellow Americans"
        "short": jfk[8000:8400],  # exactly one frame
        "odd": austen[3200:3200 + 7777],  # not a multiple of the 320-sample hop
        "silence": np.zeros(8000, dtype=np.float32),
    }


ALL_INPUTS = ("speech", "short", "odd", "silence")

# (name, description, model, storage, seed, inputs)
CASES = [
    ("base_group_postln",
     "bare Wav2Vec2Model like wav2vec2-base: group-norm encoder, post-LN, no conv bias, even pos "
     "kernel, weight_g/weight_v, masked_spec_embed to ignore",
     ModelSpec(hidden_size=44, num_attention_heads=4, num_hidden_layers=3,
               num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4),
     StorageSpec("Wav2Vec2Model", prefix="", pos_conv="weight_g", leftovers=("masked_spec_embed",)),
     1001, ALL_INPUTS),
    ("ctc_layer_preln",
     "Wav2Vec2ForCTC like large-lv60: layer-norm encoder, pre-LN, conv bias, odd pos kernel, "
     "parametrizations.weight.original0/1, greedy CTC transcript",
     ModelSpec(conv_dim=(23, 19, 23, 19, 23, 19, 19), conv_bias=True, feat_extract_norm="layer",
               do_stable_layer_norm=True, hidden_size=36, num_attention_heads=3, num_hidden_layers=3,
               num_conv_pos_embeddings=9, num_conv_pos_embedding_groups=3, head="ctc", vocab=CTC_VOCAB),
     StorageSpec("Wav2Vec2ForCTC", prefix="wav2vec2.", pos_conv="parametrizations"),
     1007, ALL_INPUTS),
    ("seqcls_weighted_f16",
     "Wav2Vec2ForSequenceClassification like superb-er: weighted layer sum, labels neu/hap/ang/sad, "
     "do_normalize false, F16 checkpoint",
     ModelSpec(hidden_size=44, num_attention_heads=4, num_conv_pos_embeddings=11,
               num_conv_pos_embedding_groups=4, head="seqcls", use_weighted_layer_sum=True,
               classifier_proj_size=20, labels=EMOTIONS),
     StorageSpec("Wav2Vec2ForSequenceClassification", prefix="wav2vec2.", pos_conv="weight_g",
                 dtype="F16", do_normalize=False),
     1003, ("speech", "odd")),
    ("seqcls_last_bf16",
     "Wav2Vec2ForSequenceClassification without weighted layer sum: layer-norm encoder, pre-LN, "
     "conv bias, even pos kernel folded into a plain weight, BF16 checkpoint",
     ModelSpec(conv_dim=(19, 23, 23, 19, 19, 23, 23), conv_bias=True, feat_extract_norm="layer",
               do_stable_layer_norm=True, hidden_size=36, num_attention_heads=3,
               num_conv_pos_embeddings=12, num_conv_pos_embedding_groups=3, head="seqcls",
               classifier_proj_size=17, labels=EMOTIONS),
     StorageSpec("Wav2Vec2ForSequenceClassification", prefix="wav2vec2.", pos_conv="folded", dtype="BF16"),
     1004, ("speech", "short")),
    ("hubert_ctc_featln",
     "HubertForCTC like hubert-base: hubert. prefix, feat_proj_layer_norm true, group-norm encoder "
     "with conv bias, post-LN, parametrizations",
     ModelSpec(model_type="hubert", feat_proj_layer_norm=True, conv_bias=True, hidden_size=44,
               num_attention_heads=4,
               num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, head="ctc", vocab=CTC_VOCAB),
     StorageSpec("HubertForCTC", prefix="hubert.", pos_conv="parametrizations"),
     1005, ("speech", "odd")),
    ("hubert_seqcls_nofeatln_f16",
     "HubertForSequenceClassification: hubert. prefix, feat_proj_layer_norm false (extract_features "
     "are the raw conv features), layer-norm encoder, pre-LN, conv bias, odd pos kernel folded, "
     "weighted layer sum, F16 checkpoint",
     ModelSpec(model_type="hubert", feat_proj_layer_norm=False, conv_bias=True, feat_extract_norm="layer",
               do_stable_layer_norm=True, hidden_size=36, num_attention_heads=4,
               num_conv_pos_embeddings=7, num_conv_pos_embedding_groups=4, head="seqcls",
               use_weighted_layer_sum=True, classifier_proj_size=13, labels=EMOTIONS),
     StorageSpec("HubertForSequenceClassification", prefix="hubert.", pos_conv="folded", dtype="F16"),
     1006, ("speech", "silence")),
    ("audeering_regression",
     "audeering-style dimensional model (Wav2Vec2ForSpeechClassification, classifier.dense/out_proj): "
     "arousal, dominance, valence; layer-norm encoder, pre-LN, conv bias, odd pos kernel, weight_g/weight_v",
     ModelSpec(conv_dim=(23, 23, 19, 19, 23, 23, 19), conv_bias=True, feat_extract_norm="layer",
               do_stable_layer_norm=True, hidden_size=44, num_attention_heads=4,
               num_conv_pos_embeddings=9, num_conv_pos_embedding_groups=2, head="regression",
               labels=DIMENSIONS),
     StorageSpec("Wav2Vec2ForSpeechClassification", prefix="wav2vec2.", pos_conv="weight_g"),
     1070, ("speech", "odd", "silence")),
    ("seed_head",
     "bare Wav2Vec2Model with the seed's head.json (mean pool, Linear(H, 256), ReLU, Linear(256, 5)); "
     "group-norm encoder, post-LN, even pos kernel folded",
     ModelSpec(hidden_size=36, num_attention_heads=3, num_conv_pos_embeddings=16,
               num_conv_pos_embedding_groups=3, head="seed"),
     StorageSpec("Wav2Vec2Model", prefix="", pos_conv="folded"),
     1008, ALL_INPUTS),
    ("pretraining_sharded_gelu_new",
     "Wav2Vec2ForPreTraining (no head): two safetensors shards with an index, hidden_act gelu_new, "
     "pretraining leftovers to ignore (masked_spec_embed, quantizer.*, project_q.*, project_hid.*); "
     "group-norm encoder with pre-LN (the two switches are independent)",
     ModelSpec(hidden_size=44, num_attention_heads=4, num_conv_pos_embeddings=10,
               num_conv_pos_embedding_groups=4, hidden_act="gelu_new", do_stable_layer_norm=True),
     StorageSpec("Wav2Vec2ForPreTraining", prefix="wav2vec2.", pos_conv="parametrizations", shards=2,
                 leftovers=("masked_spec_embed", "quantizer", "project_q", "project_hid")),
     1009, ("speech",)),
]


def switches(spec: ModelSpec, storage: StorageSpec) -> dict:
    k = spec.num_conv_pos_embeddings
    s = {
        "model_type": spec.model_type,
        "feat_extract_norm": spec.feat_extract_norm,
        "do_stable_layer_norm": spec.do_stable_layer_norm,
        "conv_bias": spec.conv_bias,
        "num_conv_pos_embeddings": k,
        "pos_conv_kernel_parity": "even" if k % 2 == 0 else "odd",
        "pos_conv_weight": {"weight_g": "weight_g/weight_v",
                            "parametrizations": "parametrizations.weight.original0/original1",
                            "folded": "weight"}[storage.pos_conv],
        "prefix": storage.prefix,
        "dtype": storage.dtype,
        "head": spec.head,
        "hidden_act": spec.hidden_act,
        "sharded": storage.shards > 1,
        "pretraining_leftovers": list(storage.leftovers),
        "do_normalize": storage.do_normalize,
    }
    if spec.model_type == "hubert":
        s["feat_proj_layer_norm"] = spec.feat_proj_layer_norm
    if spec.head == "seqcls":
        s["use_weighted_layer_sum"] = spec.use_weighted_layer_sum
    return s


def frames(spec: ModelSpec, n: int) -> int:
    for k, s in zip(spec.conv_kernel, spec.conv_stride):
        n = (n - k) // s + 1
    return n


def check_written(case_dir: Path, spec: ModelSpec, audio: dict) -> None:
    """Re-reads what was written and checks every shape an engine would compare."""
    load_checkpoint(case_dir)
    h, c, layers = spec.hidden_size, spec.conv_dim[-1], spec.num_hidden_layers
    for name, raw in audio.items():
        tensors, meta = read_safetensors(case_dir / "expected" / f"{name}.safetensors")
        t = frames(spec, len(raw))
        want = {"raw_audio": [len(raw)], "input_values": [len(raw)], "extract_features": [t, c],
                "last_hidden_state": [t, h]}
        want.update({f"hidden_states.{i}": [t, h] for i in range(layers + 1)})
        if spec.head == "ctc":
            want["logits"] = [t, len(spec.vocab)]
        elif spec.head == "seed":
            want["logits"] = [5]
        elif spec.head != "none":
            want["logits"] = [len(spec.labels)]
        got = {k: list(v.shape) for k, v in tensors.items()}
        assert got == want, f"{case_dir.name}/{name}: {got} != {want}"
        assert torch.equal(tensors["raw_audio"], torch.from_numpy(raw)), name
        assert torch.equal(tensors["hidden_states." + str(layers)], tensors["last_hidden_state"])
        assert all(torch.isfinite(v).all() for v in tensors.values())
        want_meta = {"ctc": {"transcript"}, "seqcls": {"labels"}, "seed": {"labels"}}.get(spec.head, set())
        assert set(meta) == want_meta, meta


def summary(case: str, results) -> str:
    lines = []
    for name, (tensors, meta) in results.items():
        stds = " ".join(f"{tensors[f'hidden_states.{i}'].std():.2f}"
                        for i in range(len([k for k in tensors if k.startswith("hidden_states.")])))
        line = (f"  {case}/{name}: T={tensors['last_hidden_state'].shape[0]} "
                f"extract_features std {tensors['extract_features'].std():.2f}, hidden std {stds}")
        if "logits" in tensors:
            line += f", logits {[round(v, 3) for v in tensors['logits'].flatten()[:4].tolist()]}"
        if meta:
            line += f", {meta}"
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="only these cases (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(1)  # a fixed reduction order: byte-identical reruns
    audio = inputs()
    names = [c[0] for c in CASES]
    unknown = set(args.cases) - set(names)
    if unknown:
        parser.error(f"unknown cases {sorted(unknown)}; known: {names}")
    for name, description, spec, storage, seed, input_names in CASES:
        if args.cases and name not in args.cases:
            continue
        case_dir = GOLDEN_DIR / name
        if case_dir.exists():
            shutil.rmtree(case_dir)
        save_checkpoint(case_dir, spec, storage, seed)
        chosen = {n: audio[n] for n in input_names}
        results = reference_outputs(spec, storage, case_dir, chosen)
        write_expected(case_dir, results)
        check_written(case_dir, spec, chosen)
        print(summary(name, results))
    index = [{"name": name, "description": description, "inputs": list(input_names),
              "switches": switches(spec, storage)}
             for name, description, spec, storage, _, input_names in CASES]
    (GOLDEN_DIR / "cases.json").write_text(json.dumps(index, indent=2) + "\n")


if __name__ == "__main__":
    main()
