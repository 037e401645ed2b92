#!/usr/bin/python3
"""Regenerates the converter's test inputs under testdata/converter/.

    /usr/bin/python3 testdata/converter/generate.py [--hostile-only]

1. Layouts: the golden engineer's random checkpoints (testdata/golden/<case>/, listed in cases.json)
   re-saved with torch.save the way each source writes them: Hugging Face pytorch_model.bin (single
   and sharded with its index), a fairseq .pt (fairseq names under "model", args or cfg), and a
   SpeechBrain emotion recipe (wav2vec2.ckpt + model.ckpt + hyperparams.yaml + label_encoder.txt).
2. hostile/: checkpoints that must be refused, each with the problem it carries. None of them is ever
   loaded here; the one calling os.system would create MARKER if anything ran it.

Uses only torch and numpy (no transformers/safetensors): safetensors are parsed by read_safetensors.
Deterministic for a given torch version.
"""

import collections
import fractions
import io
import json
import os
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GOLDEN = ROOT / "testdata" / "golden"
MARKER = "/tmp/voicebarometer-converter-pwned"


# ------------------------------------------------------------------------------------------------
# Reading the golden checkpoints

def read_safetensors(path):
    """name -> tensor in the stored dtype (F32, F16 or BF16), in header order."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        raw = np.frombuffer(data[8 + n + start:8 + n + end], dtype={"F32": "<f4", "F16": "<f2", "BF16": "<i2"}[info["dtype"]])
        t = torch.from_numpy(raw.copy()).reshape(info["shape"])
        out[name] = t.view(torch.bfloat16) if info["dtype"] == "BF16" else t
    return out


def golden_tensors(case):
    d = GOLDEN / case
    index = d / "model.safetensors.index.json"
    if not index.exists():
        return read_safetensors(d / "model.safetensors")
    tensors = {}
    for f in sorted(set(json.loads(index.read_text())["weight_map"].values())):
        tensors.update(read_safetensors(d / f))
    return tensors


def copy_side_files(case, out):
    out.mkdir(parents=True, exist_ok=True)
    for f in ("config.json", "preprocessor_config.json", "vocab.json", "head.json"):
        if (GOLDEN / case / f).exists():
            shutil.copy(GOLDEN / case / f, out / f)


# ------------------------------------------------------------------------------------------------
# 1. Layouts

def hf_bin(case, out):
    """pytorch_model.bin: an OrderedDict state dict, as HF's save_pretrained(safe_serialization=False)."""
    copy_side_files(case, out)
    torch.save(collections.OrderedDict(golden_tensors(case)), out / "pytorch_model.bin")


def hf_bin_legacy(case, out):
    """pytorch_model.bin written by torch < 1.6 (the legacy, non-zip format)."""
    copy_side_files(case, out)
    torch.save(collections.OrderedDict(golden_tensors(case)), out / "pytorch_model.bin", _use_new_zipfile_serialization=False)


def hf_bin_sharded(case, out, shards=2):
    copy_side_files(case, out)
    tensors = golden_tensors(case)
    names = list(tensors)
    per = (len(names) + shards - 1) // shards
    weight_map = {}
    for s in range(shards):
        file = f"pytorch_model-{s + 1:05d}-of-{shards:05d}.bin"
        part = collections.OrderedDict((n, tensors[n]) for n in names[s * per:(s + 1) * per])
        torch.save(part, out / file)
        weight_map.update({n: file for n in part})
    total = sum(t.numel() * t.element_size() for t in tensors.values())
    (out / "pytorch_model.bin.index.json").write_text(
        json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2) + "\n")


def fairseq_name(hf, layer_norm_conv):
    """The inverse of the converter's fairseq mapping (wav2vec2-spec §7), for a bare model's keys."""
    n = hf
    if n.startswith("feature_extractor.conv_layers."):
        i, rest = n[len("feature_extractor.conv_layers."):].split(".", 1)
        if rest.startswith("conv."):
            return f"feature_extractor.conv_layers.{i}.0.{rest[5:]}"
        norm = "2.1" if layer_norm_conv else "2"
        return f"feature_extractor.conv_layers.{i}.{norm}.{rest[len('layer_norm.'):]}"
    for a, b in (("feature_projection.projection.", "post_extract_proj."),
                 ("feature_projection.layer_norm.", "layer_norm."),
                 ("encoder.pos_conv_embed.conv.", "encoder.pos_conv.0."),
                 ("masked_spec_embed", "mask_emb")):
        if n.startswith(a):
            return b + n[len(a):]
    if n.startswith("encoder.layers."):
        n = n.replace(".attention.", ".self_attn.").replace(".layer_norm.", ".self_attn_layer_norm.")
        n = n.replace(".feed_forward.intermediate_dense.", ".fc1.").replace(".feed_forward.output_dense.", ".fc2.")
    return n


def conv_feature_layers(config):
    return "[" + ", ".join(f"({d}, {k}, {s})" for d, k, s in
                           zip(config["conv_dim"], config["conv_kernel"], config["conv_stride"])) + "]"


def fairseq_model_args(config):
    return {
        "extractor_mode": "layer_norm" if config["feat_extract_norm"] == "layer" else "default",
        "encoder_layers": config["num_hidden_layers"],
        "encoder_embed_dim": config["hidden_size"],
        "encoder_ffn_embed_dim": config["intermediate_size"],
        "encoder_attention_heads": config["num_attention_heads"],
        "activation_fn": config["hidden_act"],
        "layer_norm_first": config["do_stable_layer_norm"],
        "conv_feature_layers": conv_feature_layers(config),
        "conv_bias": config["conv_bias"],
        "conv_pos": config["num_conv_pos_embeddings"],
        "conv_pos_groups": config["num_conv_pos_embedding_groups"],
        "dropout": 0.1,
        "feature_grad_mult": 0.1,
        "final_dim": 8,
        "quantize_targets": True,
    }


def fairseq(case, out, kind, strip_prefix, with_leftovers):
    """A pretraining checkpoint as fairseq saves it: {"args" or "cfg", "model", ...}.
    kind "args": args is an argparse.Namespace (fairseq < 0.10); kind "cfg": cfg is a plain dict
    (OmegaConf.to_container, fairseq >= 0.10) with the model section under cfg["model"]."""
    import argparse
    config = json.loads((GOLDEN / case / "config.json").read_text())
    tensors = golden_tensors(case)
    model = collections.OrderedDict()
    for name, t in tensors.items():
        if not name.startswith(strip_prefix):
            continue  # a task head: fairseq's pretraining checkpoint has none
        model[fairseq_name(name[len(strip_prefix):], config["feat_extract_norm"] == "layer")] = t
    if with_leftovers:  # pretraining-only parameters the converter drops
        g = torch.Generator().manual_seed(7)
        model["quantizer.vars"] = torch.randn(1, 4, 3, generator=g)
        model["quantizer.weight_proj.weight"] = torch.randn(4, 5, generator=g)
        model["project_q.weight"] = torch.randn(8, 3, generator=g)
        model["final_proj.weight"] = torch.randn(8, config["hidden_size"], generator=g)
    margs = fairseq_model_args(config)
    normalize = json.loads((GOLDEN / case / "preprocessor_config.json").read_text())["do_normalize"]
    out.mkdir(parents=True, exist_ok=True)
    state = {"model": model, "optimizer_history": [{"criterion_name": "Wav2vecCriterion", "num_updates": 1}],
             "extra_state": {"epoch": 1}}
    if kind == "args":
        ns = argparse.Namespace(arch="wav2vec2" if config["model_type"] == "wav2vec2" else "hubert", normalize=normalize, **margs)
        state["args"] = ns
    else:
        state["args"] = None
        state["cfg"] = {"common": {"seed": 1}, "task": {"_name": "audio_pretraining", "normalize": normalize},
                        "model": dict(_name="hubert" if config["model_type"] == "hubert" else "wav2vec2", **margs)}
    torch.save(state, out / "checkpoint.pt")


def speechbrain(case, out):
    """speechbrain/emotion-recognition-wav2vec2-IEMOCAP's layout: the HF backbone inside the
    HuggingFaceWav2Vec2 wrapper (keys 'model.<hf name>'), the output Linear without bias
    (ModuleList([Linear]) -> '0.w.weight'), hyperparams.yaml and label_encoder.txt."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(GOLDEN / case / "config.json", out / "config.json")
    tensors = golden_tensors(case)
    backbone = collections.OrderedDict(("model." + n, t) for n, t in tensors.items())
    torch.save(backbone, out / "wav2vec2.ckpt")
    config = json.loads((GOLDEN / case / "config.json").read_text())
    g = torch.Generator().manual_seed(11)
    torch.save(collections.OrderedDict([("0.w.weight", torch.randn(4, config["hidden_size"], generator=g) * 0.3)]),
               out / "model.ckpt")
    (out / "hyperparams.yaml").write_text(
        "# Generated from speechbrain/emotion-recognition-wav2vec2-IEMOCAP's hyperparams (abridged)\n"
        "wav2vec2_hub: facebook/wav2vec2-base\n"
        "encoder_dim: %d\n"
        "out_n_neurons: 4\n"
        "wav2vec2: !new:speechbrain.lobes.models.huggingface_wav2vec.HuggingFaceWav2Vec2\n"
        "    source: !ref <wav2vec2_hub>\n"
        "    output_norm: True\n"
        "    freeze: True\n"
        "    save_path: wav2vec2_checkpoints\n"
        "avg_pool: !new:speechbrain.nnet.pooling.StatisticsPooling\n"
        "    return_std: False\n"
        "output_mlp: !new:speechbrain.nnet.linear.Linear\n"
        "    input_size: !ref <encoder_dim>\n"
        "    n_neurons: !ref <out_n_neurons>\n"
        "    bias: False\n"
        "model: !new:torch.nn.ModuleList\n"
        "    - [!ref <output_mlp>]\n"
        "modules:\n"
        "    wav2vec2: !ref <wav2vec2>\n"
        "    output_mlp: !ref <output_mlp>\n"
        "    avg_pool: !ref <avg_pool>\n"
        "pretrainer: !new:speechbrain.utils.parameter_transfer.Pretrainer\n"
        "    loadables:\n"
        "        wav2vec2: !ref <wav2vec2>\n"
        "        model: !ref <model>\n"
        "        label_encoder: !ref <label_encoder>\n" % config["hidden_size"])
    (out / "label_encoder.txt").write_text(
        "'neu' => 0\n'ang' => 1\n'hap' => 2\n'sad' => 3\n================\n'starting_index' => 0\n")
    speechbrain_expected(case, out)


def golden_module():
    """The golden generator's module (its CASES and the torchaudio reference), by file path."""
    import importlib.util
    sys.path.insert(0, str(GOLDEN))
    spec = importlib.util.spec_from_file_location("golden_generate", GOLDEN / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def speechbrain_expected(case, out):
    """The recipe's output for the golden 'speech' input, computed as SpeechBrain does: F.layer_norm of
    the whole waveform, the backbone, F.layer_norm over (time, channels), mean over time, Linear,
    log_softmax. Written to expected.json for the converted model's head.json to reproduce."""
    import torch.nn.functional as F
    golden = golden_module()
    reference = sys.modules["wav2vec2_reference"]
    model_spec, storage = next((c[2], c[3]) for c in golden.CASES if c[0] == case)
    backbone, _ = reference.from_storage(reference.load_checkpoint(GOLDEN / case), storage)
    torch_reference = reference.TorchaudioReference(model_spec, backbone)
    raw = read_safetensors(GOLDEN / case / "expected" / "speech.safetensors")["raw_audio"]
    with torch.no_grad():
        values = F.layer_norm(raw, raw.shape)
        hidden = torch_reference.forward(values.numpy())["last_hidden_state"]
        pooled = F.layer_norm(hidden, hidden.shape).mean(dim=0)
        weight = torch.load(out / "model.ckpt")["0.w.weight"]
        log_probs = torch.log_softmax(pooled @ weight.T, dim=-1)
    labels = ["neu", "ang", "hap", "sad"]
    (out / "expected.json").write_text(json.dumps({
        "input": f"testdata/golden/{case}/expected/speech.safetensors:raw_audio",
        "log_probabilities": [float(v) for v in log_probs],
        "label": labels[int(torch.argmax(log_probs))]}, indent=2) + "\n")


# ------------------------------------------------------------------------------------------------
# 2. Hostile checkpoints

class RunsShell:
    """Unpickling this with pickle.load would run a shell command creating MARKER."""
    def __reduce__(self):
        return (os.system, ("touch " + MARKER,))


class OversizedView:
    """A tensor claiming 10 elements from offset 8 of a 4-element storage."""
    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2,
                (torch.zeros(4).storage(), 8, (10,), (1,), False, collections.OrderedDict()))


def entry(name, method=zipfile.ZIP_STORED):
    """A zip entry with a fixed date, so the fixtures are reproducible."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = method
    return info


def torch_zip(pkl, root="archive", method=zipfile.ZIP_STORED):
    """A torch.save-style zip around a hand-written data.pkl."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(entry(f"{root}/data.pkl", method), pkl)
        z.writestr(entry(f"{root}/byteorder"), "little")
        z.writestr(entry(f"{root}/version"), "3\n")
    return buf.getvalue()


def saved(obj, legacy=False):
    buf = io.BytesIO()
    torch.save(obj, buf, _use_new_zipfile_serialization=not legacy)
    return buf.getvalue()


def rezip(data, edit):
    """Rewrites a torch zip, letting edit(name, bytes) return a list of (name, bytes) to write instead."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            for name, body in edit(info.filename, src.read(info.filename)):
                z.writestr(entry(name), body)
    return buf.getvalue()


def zip_bomb():
    """A DEFLATE storage that inflates to 16 MiB while both headers declare 64 bytes."""
    base = saved(collections.OrderedDict([("w", torch.zeros(16))]))
    src = zipfile.ZipFile(io.BytesIO(base))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            if info.filename.endswith("data/0"):
                z.writestr(entry(info.filename, zipfile.ZIP_DEFLATED), bytes(16 << 20))
            else:
                z.writestr(entry(info.filename), src.read(info.filename))
    raw = bytearray(buf.getvalue())
    big = struct.pack("<I", 16 << 20)
    small = struct.pack("<I", 64)
    count = 0
    i = raw.find(big)
    while i >= 0:  # the uncompressed size field in the local and the central header
        raw[i:i + 4] = small
        count += 1
        i = raw.find(big, i + 4)
    assert count == 2, count
    return bytes(raw)


def memo_bomb(entries):
    """EMPTY_LIST then MEMOIZE repeated: every opcode adds a memo entry (protocol 4)."""
    return b"\x80\x04]" + b"\x94" * entries + b"."


def hostile():
    d = HERE / "hostile"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    good = saved(collections.OrderedDict([("w", torch.arange(12, dtype=torch.float32).reshape(3, 4))]))
    cases = {
        # name: (bytes, the words the error must contain)
        "rce_os_system.bin": (saved({"w": RunsShell()}), "forbidden global posix.system"),
        "unknown_global.bin": (saved({"w": fractions.Fraction(1, 3)}), "forbidden global fractions.Fraction"),
        "deep_nesting.bin": (torch_zip(b"\x80\x02" + b"(" * 200_000 + b"N.", method=zipfile.ZIP_DEFLATED), "nested marks"),
        "deep_lists.bin": (torch_zip(b"\x80\x02" + b"]" * 200_000 + b".", method=zipfile.ZIP_DEFLATED), "stack deeper than"),
        "huge_memo.bin": (torch_zip(memo_bomb(2_000_001), method=zipfile.ZIP_DEFLATED), "memo larger than"),
        "setitem_on_list.bin": (torch_zip(b"\x80\x02]X\x01\x00\x00\x00kX\x01\x00\x00\x00vs."), "SETITEM on a list, not a dict"),
        "append_on_dict.bin": (torch_zip(b"\x80\x02}Na."), "APPEND on a dict, not a list"),
        "build_on_dict.bin": (torch_zip(b"\x80\x02}}b."), "BUILD on a dict"),
        "storage_too_short.bin": (rezip(good, lambda n, b: [(n, b[:20] if n.endswith("data/0") else b)]),
                                  "storage 0 holds 20 bytes, but 12 torch.FloatStorage elements need 48"),
        "view_past_storage.bin": (saved({"w": OversizedView()}), "exceeds its storage"),
        "non_contiguous.bin": (saved(collections.OrderedDict([("w", torch.arange(12.).reshape(3, 4).t())])),
                               "non-contiguous strides"),
        "zip_bomb.bin": (zip_bomb(), "inflates past its declared size"),
        "dotdot_entry.bin": (rezip(good, lambda n, b: [(n, b)] + ([("archive/../../evil", b"x")] if n.endswith("version") else [])),
                             "entry name with .. segment"),
        "absolute_entry.bin": (rezip(good, lambda n, b: [(n, b)] + ([("/etc/evil", b"x")] if n.endswith("version") else [])),
                               "absolute or empty entry name"),
        "duplicate_entry.bin": (rezip(good, lambda n, b: [(n, b), (n, b)] if n.endswith("data.pkl") else [(n, b)]),
                                "duplicate entry archive/data.pkl"),
        "two_roots.bin": (rezip(good, lambda n, b: [(n, b)] + ([("other/data.pkl", b)] if n.endswith("version") else [])),
                          "more than one root folder"),
        "legacy_rce_os_system.bin": (saved({"w": RunsShell()}, legacy=True), "forbidden global posix.system"),
        "legacy_truncated.bin": (saved(collections.OrderedDict([("w", torch.zeros(12))]), legacy=True)[:-10],
                                 "runs past the end of the file"),
        "big_endian.bin": (rezip(good, lambda n, b: [(n, b)] + ([("archive/byteorder", b"big")] if n.endswith("version") else [])),
                           "only 'little' is supported"),
    }
    import warnings
    warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
    expected = {}
    for name, (data, message) in sorted(cases.items()):
        (d / name).write_bytes(data)
        expected[name] = message
    (d / "expected-errors.json").write_text(json.dumps(expected, indent=2) + "\n")
    (d / "README.md").write_text(
        "Checkpoints the converter must refuse; generated by ../generate.py. `expected-errors.json` maps each\n"
        "file to words its error message must contain. `rce_os_system.bin` would run\n"
        f"`touch {MARKER}` if anything executed it: never torch.load / pickle.load these files.\n")


def valid():
    """Small well-formed checkpoints covering what the reader must accept, with their expected values
    (valid/expected.json: file -> tensor name -> {dtype, shape, values as float32 or int})."""
    import argparse
    d = HERE / "valid"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    g = torch.Generator().manual_seed(3)
    base = torch.randn(5, 6, generator=g)
    shared = torch.arange(20, dtype=torch.float32)
    linear = torch.nn.Linear(3, 2)
    with torch.no_grad():
        linear.weight.copy_(torch.randn(2, 3, generator=g))
        linear.bias.copy_(torch.randn(2, generator=g))
    files = {
        "dtypes_protocol2.bin": (collections.OrderedDict([
            ("f32", base), ("f16", base.half()), ("bf16", base.bfloat16()),
            ("i64", torch.arange(7)), ("i32", torch.arange(5, dtype=torch.int32)),
            ("scalar", torch.tensor(2.5)), ("empty", torch.zeros(0, 3)),
            ("view_tail", shared[12:]), ("view_rows", shared.view(4, 5)[1:3]),
        ]), 2),
        "parameters_protocol4.bin": (linear.state_dict(keep_vars=True), 4),
        "namespace_protocol5.bin": ({"args": argparse.Namespace(encoder_layers=3, name="x", ratio=0.5, flag=True, none=None,
                                                                  layers=[(512, 10, 5)], big=2 ** 40, neg=-3),
                                     "model": collections.OrderedDict([("w", base[:2])])}, 5),
    }
    files["legacy_format.bin"] = (files["dtypes_protocol2.bin"][0], 2)  # torch < 1.6's stream, not a zip
    expected = {}
    for name, (obj, protocol) in files.items():
        torch.save(obj, d / name, pickle_protocol=protocol, _use_new_zipfile_serialization=not name.startswith("legacy"))
        state = obj["model"] if "model" in obj else obj
        expected[name] = {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                              "values": (v.float() if v.is_floating_point() else v).detach().reshape(-1).tolist()}
                          for k, v in state.items()}
    (d / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


def main():
    hostile()
    valid()
    if "--hostile-only" in sys.argv:
        return
    if not (GOLDEN / "cases.json").exists():
        sys.exit(f"{GOLDEN}/cases.json missing: the golden checkpoints are needed for the layouts")
    layouts = HERE / "layouts"
    shutil.rmtree(layouts, ignore_errors=True)
    hf_bin("base_group_postln", layouts / "hf_bin_weight_g")
    hf_bin("ctc_layer_preln", layouts / "hf_bin_parametrizations")
    hf_bin("seqcls_weighted_f16", layouts / "hf_bin_f16")
    hf_bin_legacy("audeering_regression", layouts / "hf_bin_legacy")
    hf_bin_sharded("pretraining_sharded_gelu_new", layouts / "hf_bin_sharded")
    fairseq("base_group_postln", layouts / "fairseq_wav2vec2_args", "args", "", True)
    fairseq("hubert_ctc_featln", layouts / "fairseq_hubert_cfg", "cfg", "hubert.", True)
    speechbrain("base_group_postln", layouts / "speechbrain_iemocap")


if __name__ == "__main__":
    main()
