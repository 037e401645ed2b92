"""Random-weight Wav2Vec2/HuBERT checkpoints in Hugging Face layout, and their reference outputs.

Shared by generate.py (the committed golden cases) and make_checkpoint.py (full-size local
checkpoints). Run with Debian's /usr/bin/python3 (torch 1.13, torchaudio 0.13, numpy); neither
`transformers` nor `safetensors` is needed: safetensors files are written and read here.

The reference forward is torchaudio's wav2vec2 components, driven to Hugging Face semantics
(see `TorchaudioReference`); `plain_forward` recomputes the same outputs with plain torch ops
straight from /work/shared/docs/wav2vec2-spec.md, and every case checks that the two agree.
"""

import json
import math
import struct
import types
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torchaudio.models import wav2vec2_model

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEECH_DIR = REPO_ROOT / ".." / "shared" / "data" / "speech"

STANDARD_KERNELS = (10, 3, 3, 3, 3, 2, 2)
STANDARD_STRIDES = (5, 2, 2, 2, 2, 2, 2)
CONV_NORM_EPS = 1e-5  # HF hard-codes the feature-encoder GroupNorm/LayerNorm eps
NORMALIZE_EPS = 1e-7  # Wav2Vec2FeatureExtractor.zero_mean_unit_var_norm

# Two implementations of the same float32 computation may differ by rounding only.
AGREEMENT_TOLERANCE = 1e-4
# An argmax (CTC frame, label) closer than this to its runner-up is a coin toss for any engine.
MIN_ARGMAX_MARGIN = 2e-3


# ----------------------------------------------------------------------------------------------
# safetensors: 8-byte little-endian header length, JSON header, contiguous little-endian data

_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
_INT_VIEW = {"F32": torch.int32, "F16": torch.int16, "BF16": torch.int16}
_NUMPY_INT = {"F32": "<i4", "F16": "<i2", "BF16": "<i2"}


def round_to(t: torch.Tensor, dtype: str) -> torch.Tensor:
    """The float32 value a tensor has after being stored as `dtype` (round to nearest even)."""
    return t.to(_DTYPES[dtype]).to(torch.float32)


def write_safetensors(path: Path, tensors: Dict[str, torch.Tensor], dtype: str = "F32",
                      metadata: Optional[Dict[str, str]] = None) -> None:
    header = {}
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(_DTYPES[dtype]).contiguous()
        blob = t.view(_INT_VIEW[dtype]).numpy().astype(_NUMPY_INT[dtype], copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # data starts 8-byte aligned, like the reference writer
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path: Path) -> Tuple[Dict[str, torch.Tensor], Dict[str, str]]:
    """Reads every tensor as float32, checking that the data region is exactly covered."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    spans = []
    for name, info in header.items():
        start, end = info["data_offsets"]
        spans.append((start, end))
        raw = np.frombuffer(body[start:end], dtype=_NUMPY_INT[info["dtype"]])
        if info["dtype"] == "F32":
            arr = raw.view("<f4")
        elif info["dtype"] == "F16":
            arr = raw.view("<f2").astype(np.float32)
        else:  # BF16: the high half of a float32
            arr = (raw.astype(np.uint16).astype(np.uint32) << 16).view(np.float32)
        count = int(np.prod(info["shape"])) if info["shape"] else 1
        assert arr.size == count, f"{path}: {name} has {arr.size} values for shape {info['shape']}"
        tensors[name] = torch.from_numpy(arr.copy()).reshape(info["shape"])
    spans.sort()
    covered = 0
    for start, end in spans:
        assert start == covered, f"{path}: gap or overlap at byte {start}"
        covered = end
    assert covered == len(body), f"{path}: {len(body) - covered} trailing bytes"
    return tensors, metadata


# ----------------------------------------------------------------------------------------------
# Model description

@dataclass
class ModelSpec:
    """Architecture and head; field names follow Hugging Face's Wav2Vec2Config/HubertConfig."""
    model_type: str = "wav2vec2"  # or "hubert"
    conv_dim: Tuple[int, ...] = (19, 23, 19, 23, 19, 23, 23)
    conv_kernel: Tuple[int, ...] = STANDARD_KERNELS
    conv_stride: Tuple[int, ...] = STANDARD_STRIDES
    conv_bias: bool = False
    feat_extract_norm: str = "group"  # or "layer"
    hidden_size: int = 44
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    intermediate_size: int = 70
    hidden_act: str = "gelu"  # or "gelu_new"
    layer_norm_eps: float = 1e-5
    do_stable_layer_norm: bool = False
    num_conv_pos_embeddings: int = 16
    num_conv_pos_embedding_groups: int = 4
    feat_proj_layer_norm: bool = True  # HuBERT only; wav2vec2 always has the LayerNorm
    # Head: "none", "ctc", "seqcls" (…ForSequenceClassification), "regression" (audeering), "seed"
    head: str = "none"
    use_weighted_layer_sum: bool = False
    classifier_proj_size: int = 20
    labels: Tuple[str, ...] = ()
    vocab: Tuple[str, ...] = ()  # CTC tokens in id order, "<pad>" first
    seed_hidden: int = 256

    @property
    def prefix_name(self) -> str:
        return "hubert" if self.model_type == "hubert" else "wav2vec2"

    @property
    def class_prefix(self) -> str:
        return "Hubert" if self.model_type == "hubert" else "Wav2Vec2"

    @property
    def has_feat_proj_ln(self) -> bool:
        return self.model_type != "hubert" or self.feat_proj_layer_norm


@dataclass
class StorageSpec:
    """How the checkpoint is spelled on disk."""
    architecture: str
    prefix: str = ""  # "", "wav2vec2.", "hubert."
    pos_conv: str = "weight_g"  # "weight_g" (weight_g/weight_v), "parametrizations", "folded"
    dtype: str = "F32"  # F32, F16, BF16
    shards: int = 1
    leftovers: Tuple[str, ...] = ()  # masked_spec_embed, quantizer, project_q, project_hid
    do_normalize: bool = True


# Sizes of the pretraining leftovers (Wav2Vec2ForPreTraining); only their presence matters.
_CODEVECTOR_GROUPS, _CODEVECTORS_PER_GROUP, _CODEVECTOR_DIM, _PROJ_CODEVECTOR_DIM = 2, 8, 16, 12


def config_json(spec: ModelSpec, storage: StorageSpec) -> dict:
    labels = list(spec.labels) if spec.head in ("seqcls", "regression") else ["LABEL_0", "LABEL_1"]
    cfg = {
        "architectures": [storage.architecture],
        "model_type": spec.model_type,
        "conv_dim": list(spec.conv_dim),
        "conv_kernel": list(spec.conv_kernel),
        "conv_stride": list(spec.conv_stride),
        "conv_bias": spec.conv_bias,
        "feat_extract_norm": spec.feat_extract_norm,
        "feat_extract_activation": "gelu",
        "hidden_size": spec.hidden_size,
        "num_hidden_layers": spec.num_hidden_layers,
        "num_attention_heads": spec.num_attention_heads,
        "intermediate_size": spec.intermediate_size,
        "hidden_act": spec.hidden_act,
        "layer_norm_eps": spec.layer_norm_eps,
        "do_stable_layer_norm": spec.do_stable_layer_norm,
        "num_conv_pos_embeddings": spec.num_conv_pos_embeddings,
        "num_conv_pos_embedding_groups": spec.num_conv_pos_embedding_groups,
    }
    if spec.model_type == "hubert":
        cfg["feat_proj_layer_norm"] = spec.feat_proj_layer_norm
    cfg.update({
        "use_weighted_layer_sum": spec.use_weighted_layer_sum,
        "classifier_proj_size": spec.classifier_proj_size,
        "id2label": {str(i): name for i, name in enumerate(labels)},
        "label2id": {name: i for i, name in enumerate(labels)},
        "vocab_size": len(spec.vocab) if spec.head == "ctc" else 32,
        "pad_token_id": 0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_dropout": 0.1,
        "attention_dropout": 0.1,
        "layerdrop": 0.1,
        "mask_time_prob": 0.05,
        "torch_dtype": {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[storage.dtype],
    })
    if "quantizer" in storage.leftovers:
        cfg.update({"num_codevector_groups": _CODEVECTOR_GROUPS,
                    "num_codevectors_per_group": _CODEVECTORS_PER_GROUP,
                    "codevector_dim": _CODEVECTOR_DIM,
                    "proj_codevector_dim": _PROJ_CODEVECTOR_DIM})
    return cfg


def preprocessor_config_json(storage: StorageSpec) -> dict:
    return {
        "do_normalize": storage.do_normalize,
        "feature_extractor_type": "Wav2Vec2FeatureExtractor",
        "feature_size": 1,
        "padding_side": "right",
        "padding_value": 0.0,
        "return_attention_mask": False,
        "sampling_rate": 16000,
    }


SEED_LABELS = ("Neutral", "Happy", "Sad", "Anxious", "Stressed")


def seed_head_json() -> dict:
    """The seed's head in the barometer-head/1 format of docs/model-format.md."""
    return {
        "format": "barometer-head/1",
        "input": "last_hidden_state",
        "steps": [
            {"op": "mean_pool"},
            {"op": "linear", "weight": "head.0.weight", "bias": "head.0.bias"},
            {"op": "relu"},
            {"op": "linear", "weight": "head.2.weight", "bias": "head.2.bias"},
        ],
        "output": "softmax",
        "labels": list(SEED_LABELS),
    }


# ----------------------------------------------------------------------------------------------
# Random weights, in canonical (unprefixed, weight_g/weight_v) Hugging Face naming.
# Every parameter is random, norm scales and biases included, and scaled so that activations stay
# O(1) and attention softmaxes are not saturated.

class _Randomizer:
    def __init__(self, seed: int):
        self.gen = torch.Generator().manual_seed(seed)
        self.params: Dict[str, torch.Tensor] = {}

    def normal(self, *shape: int, std: float = 1.0) -> torch.Tensor:
        return torch.randn(*shape, generator=self.gen) * std

    def norm(self, name: str, n: int) -> None:
        self.params[name + ".weight"] = 1.0 + 0.2 * self.normal(n)
        self.params[name + ".bias"] = 0.1 * self.normal(n)

    def linear(self, name: str, out: int, inp: int, gain: float = 1.0) -> None:
        self.params[name + ".weight"] = self.normal(out, inp, std=gain / math.sqrt(inp))
        self.params[name + ".bias"] = 0.1 * self.normal(out)


def random_backbone(spec: ModelSpec, seed: int) -> Dict[str, torch.Tensor]:
    r = _Randomizer(seed)
    p = r.params
    c_in = 1
    for i, (c, k) in enumerate(zip(spec.conv_dim, spec.conv_kernel)):
        name = f"feature_extractor.conv_layers.{i}"
        # He-style gain: the layers without a norm follow a GELU, which halves the signal power.
        gain = 1.0 if i == 0 else 1.6
        p[name + ".conv.weight"] = r.normal(c, c_in, k, std=gain / math.sqrt(c_in * k))
        if spec.conv_bias:
            p[name + ".conv.bias"] = 0.1 * r.normal(c)
        if spec.feat_extract_norm == "layer" or i == 0:
            r.norm(name + ".layer_norm", c)
        c_in = c
    h = spec.hidden_size
    if spec.has_feat_proj_ln:
        r.norm("feature_projection.layer_norm", c_in)
    # Without the LayerNorm the conv features are not unit-scale: compensate in the projection.
    r.linear("feature_projection.projection", h, c_in, gain=1.0 if spec.has_feat_proj_ln else 3.0)
    k = spec.num_conv_pos_embeddings
    groups = spec.num_conv_pos_embedding_groups
    # ‖W[:, :, j]‖ = g[j]; with k taps each output channel then has variance ≈ k·g²/H.
    p["encoder.pos_conv_embed.conv.weight_g"] = (
        math.sqrt(h / k) * (1.0 + 0.2 * r.normal(k))).reshape(1, 1, k)
    p["encoder.pos_conv_embed.conv.weight_v"] = r.normal(h, h // groups, k)
    p["encoder.pos_conv_embed.conv.bias"] = 0.1 * r.normal(h)
    r.norm("encoder.layer_norm", h)
    for layer in range(spec.num_hidden_layers):
        name = f"encoder.layers.{layer}"
        # q·k/√d has std ≈ gain²: sharp enough that attention is not a plain average over frames,
        # soft enough that the softmax does not saturate.
        for proj, gain in (("q_proj", 1.8), ("k_proj", 1.8), ("v_proj", 1.0), ("out_proj", 1.0)):
            r.linear(f"{name}.attention.{proj}", h, h, gain=gain)
        r.norm(name + ".layer_norm", h)
        r.linear(name + ".feed_forward.intermediate_dense", spec.intermediate_size, h)
        r.linear(name + ".feed_forward.output_dense", h, spec.intermediate_size)
        r.norm(name + ".final_layer_norm", h)
    return p


def random_head(spec: ModelSpec, seed: int) -> Dict[str, torch.Tensor]:
    """Head tensors under their top-level checkpoint names."""
    r = _Randomizer(seed)
    h = spec.hidden_size
    if spec.head == "ctc":
        r.linear("lm_head", len(spec.vocab), h, gain=1.5)
        bias = r.params["lm_head.bias"]
        bias[0] += 1.5  # blanks between letters, like a trained CTC model
        bias[1:4] -= 6.0  # <s>, </s>, <unk> never win: their spelling in a transcript is not specified
    elif spec.head == "seqcls":
        if spec.use_weighted_layer_sum:
            r.params["layer_weights"] = r.normal(spec.num_hidden_layers + 1)
        r.linear("projector", spec.classifier_proj_size, h)
        r.linear("classifier", len(spec.labels), spec.classifier_proj_size, gain=3.0)
    elif spec.head == "regression":
        r.linear("classifier.dense", h, h, gain=2.0)
        r.linear("classifier.out_proj", len(spec.labels), h)
    elif spec.head == "seed":
        r.linear("head.0", spec.seed_hidden, h, gain=3.0)
        r.linear("head.2", len(SEED_LABELS), spec.seed_hidden, gain=2.0)
    return r.params


def random_leftovers(spec: ModelSpec, storage: StorageSpec, seed: int) -> Dict[str, torch.Tensor]:
    """Pretraining tensors a loader must ignore, under their checkpoint names."""
    r = _Randomizer(seed)
    p = {}
    h = spec.hidden_size
    if "masked_spec_embed" in storage.leftovers:
        p[storage.prefix + "masked_spec_embed"] = torch.rand(h, generator=r.gen)
    if "quantizer" in storage.leftovers:
        n = _CODEVECTOR_GROUPS * _CODEVECTORS_PER_GROUP
        p["quantizer.codevectors"] = r.normal(1, n, _CODEVECTOR_DIM // _CODEVECTOR_GROUPS)
        p["quantizer.weight_proj.weight"] = r.normal(n, spec.conv_dim[-1])
        p["quantizer.weight_proj.bias"] = r.normal(n)
    if "project_q" in storage.leftovers:
        p["project_q.weight"] = r.normal(_PROJ_CODEVECTOR_DIM, _CODEVECTOR_DIM)
        p["project_q.bias"] = r.normal(_PROJ_CODEVECTOR_DIM)
    if "project_hid" in storage.leftovers:
        p["project_hid.weight"] = r.normal(_PROJ_CODEVECTOR_DIM, h)
        p["project_hid.bias"] = r.normal(_PROJ_CODEVECTOR_DIM)
    return p


# ----------------------------------------------------------------------------------------------
# Canonical ↔ on-disk names

_POS = "encoder.pos_conv_embed.conv."


def fold_weight_norm(g: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """W[:, :, j] = g[j] · V[:, :, j] / ‖V[:, :, j]‖ (norm over the out and in dims, per tap)."""
    g64, v64 = g.double(), v.double()
    norm = v64.pow(2).sum(dim=(0, 1), keepdim=True).sqrt()
    return (g64 * v64 / norm).float()


def to_storage(backbone: Dict[str, torch.Tensor], storage: StorageSpec) -> Dict[str, torch.Tensor]:
    out = {}
    for name, t in backbone.items():
        if name.startswith(_POS + "weight_"):
            continue
        out[storage.prefix + name] = t
    g, v = backbone[_POS + "weight_g"], backbone[_POS + "weight_v"]
    pos = storage.prefix + _POS
    if storage.pos_conv == "weight_g":
        out[pos + "weight_g"], out[pos + "weight_v"] = g, v
    elif storage.pos_conv == "parametrizations":
        out[pos + "parametrizations.weight.original0"] = g
        out[pos + "parametrizations.weight.original1"] = v
    elif storage.pos_conv == "folded":
        out[pos + "weight"] = fold_weight_norm(g, v)
    else:
        raise ValueError(storage.pos_conv)
    return out


def from_storage(stored: Dict[str, torch.Tensor], storage: StorageSpec
                 ) -> Tuple[Dict[str, torch.Tensor], Dict[str, torch.Tensor]]:
    """(backbone in canonical names, head tensors) from what was read back from disk."""
    backbone, head = {}, {}
    head_names = ("lm_head.", "projector.", "classifier.", "layer_weights", "head.")
    leftover_names = ("masked_spec_embed", "quantizer.", "project_q.", "project_hid.")
    for name, t in stored.items():
        if name.startswith(head_names):
            head[name] = t
            continue
        if not name.startswith(storage.prefix):
            assert name.startswith(leftover_names), name
            continue
        name = name[len(storage.prefix):]
        if name.startswith(leftover_names):
            continue
        name = name.replace("parametrizations.weight.original0", "weight_g")
        name = name.replace("parametrizations.weight.original1", "weight_v")
        backbone[name] = t
    return backbone, head


def save_checkpoint(out_dir: Path, spec: ModelSpec, storage: StorageSpec, seed: int) -> None:
    """Writes config.json, preprocessor_config.json, the weights and vocab.json/head.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tensors = to_storage(random_backbone(spec, seed), storage)
    tensors.update(random_head(spec, seed + 1))
    tensors.update(random_leftovers(spec, storage, seed + 2))
    _dump_json(out_dir / "config.json", config_json(spec, storage))
    _dump_json(out_dir / "preprocessor_config.json", preprocessor_config_json(storage))
    if spec.head == "ctc":
        _dump_json(out_dir / "vocab.json", {tok: i for i, tok in enumerate(spec.vocab)})
    if spec.head == "seed":
        _dump_json(out_dir / "head.json", seed_head_json())
    meta = {"format": "pt"}
    if storage.shards == 1:
        write_safetensors(out_dir / "model.safetensors", tensors, storage.dtype, meta)
        return
    names = sorted(tensors)
    per_shard = math.ceil(len(names) / storage.shards)
    weight_map = {}
    for s in range(storage.shards):
        file = f"model-{s + 1:05d}-of-{storage.shards:05d}.safetensors"
        part = {n: tensors[n] for n in names[s * per_shard:(s + 1) * per_shard]}
        write_safetensors(out_dir / file, part, storage.dtype, meta)
        weight_map.update({n: file for n in part})
    elem = 4 if storage.dtype == "F32" else 2
    total = sum(t.numel() * elem for t in tensors.values())
    _dump_json(out_dir / "model.safetensors.index.json",
               {"metadata": {"total_size": total}, "weight_map": weight_map})


def load_checkpoint(model_dir: Path) -> Dict[str, torch.Tensor]:
    """All tensors of a model directory as float32, as an engine would read them."""
    index = model_dir / "model.safetensors.index.json"
    if not index.exists():
        return read_safetensors(model_dir / "model.safetensors")[0]
    weight_map = json.loads(index.read_text())["weight_map"]
    tensors = {}
    for file in sorted(set(weight_map.values())):
        part, _ = read_safetensors(model_dir / file)
        assert all(weight_map[n] == file for n in part), file
        tensors.update(part)
    assert set(tensors) == set(weight_map)
    return tensors


def _dump_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


# ----------------------------------------------------------------------------------------------
# Input

def read_pcm16(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


def input_values(raw: np.ndarray, do_normalize: bool) -> np.ndarray:
    """Wav2Vec2FeatureExtractor: zero mean, unit (population) variance, eps 1e-7."""
    if not do_normalize:
        return raw.astype(np.float32)
    x = raw.astype(np.float64)
    return ((x - x.mean()) / np.sqrt(x.var() + NORMALIZE_EPS)).astype(np.float32)


# ----------------------------------------------------------------------------------------------
# Reference 1: torchaudio's components, driven to Hugging Face semantics

def _gelu_new(x: torch.Tensor) -> torch.Tensor:
    """transformers' NewGELUActivation (tanh approximation)."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def _feed_forward_gelu_new(self, x):
    """torchaudio's FeedForward.forward with its hard-wired erf GELU replaced by gelu_new."""
    x = self.intermediate_dense(x)
    x = _gelu_new(x)
    x = self.intermediate_dropout(x)
    x = self.output_dense(x)
    return self.output_dropout(x)


class TorchaudioReference:
    """torchaudio.models.wav2vec2_model loaded from a Hugging Face state dict.

    Where torchaudio differs from transformers it is patched:
    - FeedForward always uses erf GELU: replaced by tanh GELU when hidden_act is gelu_new;
    - every LayerNorm uses eps 1e-5: set to layer_norm_eps (conv-encoder norms stay 1e-5, as in HF);
    - FeatureProjection always has a LayerNorm: replaced by Identity for HuBERT without
      feat_proj_layer_norm;
    - Transformer.get_intermediate_outputs neither returns the layer input nor applies the final
      LayerNorm of the pre-LN encoder: the encoder is walked here, module by module, collecting
      hidden_states as HF does (post-LN [0] = LN(x + pos); pre-LN [0] = x + pos, [L] after LN).
    """

    def __init__(self, spec: ModelSpec, backbone: Dict[str, torch.Tensor]):
        self.spec = spec
        model = wav2vec2_model(
            extractor_mode=f"{spec.feat_extract_norm}_norm",
            extractor_conv_layer_config=list(zip(spec.conv_dim, spec.conv_kernel, spec.conv_stride)),
            extractor_conv_bias=spec.conv_bias,
            encoder_embed_dim=spec.hidden_size,
            encoder_projection_dropout=0.0,
            encoder_pos_conv_kernel=spec.num_conv_pos_embeddings,
            encoder_pos_conv_groups=spec.num_conv_pos_embedding_groups,
            encoder_num_layers=spec.num_hidden_layers,
            encoder_num_heads=spec.num_attention_heads,
            encoder_attention_dropout=0.0,
            encoder_ff_interm_features=spec.intermediate_size,
            encoder_ff_interm_dropout=0.0,
            encoder_dropout=0.0,
            encoder_layer_norm_first=spec.do_stable_layer_norm,
            encoder_layer_drop=0.0,
            aux_num_out=None,
        )
        projection = model.encoder.feature_projection
        transformer = model.encoder.transformer
        if not spec.has_feat_proj_ln:
            projection.layer_norm = torch.nn.Identity()
        eps = spec.layer_norm_eps
        norms = [transformer.layer_norm] + [m for l in transformer.layers
                                            for m in (l.layer_norm, l.final_layer_norm)]
        if spec.has_feat_proj_ln:
            norms.append(projection.layer_norm)
        for norm in norms:
            norm.eps = eps
        if spec.hidden_act == "gelu_new":
            for layer in transformer.layers:
                layer.feed_forward.forward = types.MethodType(_feed_forward_gelu_new, layer.feed_forward)
        elif spec.hidden_act != "gelu":
            raise ValueError(spec.hidden_act)
        if _POS + "weight" in backbone:  # already folded: a plain conv weight
            torch.nn.utils.remove_weight_norm(transformer.pos_conv_embed.conv)
        state = {}
        for name, t in backbone.items():
            if name.startswith("feature_extractor."):
                state[name] = t
            elif name.startswith("feature_projection."):
                state["encoder." + name] = t
            elif name.startswith("encoder."):
                state["encoder.transformer." + name[len("encoder."):]] = t
            else:
                raise KeyError(name)
        model.load_state_dict(state, strict=True)
        self.model = model.eval()

    @torch.no_grad()
    def forward(self, values: np.ndarray) -> Dict[str, torch.Tensor]:
        x = torch.from_numpy(values).unsqueeze(0)
        features, _ = self.model.feature_extractor(x, None)  # [1, T, C]
        projection = self.model.encoder.feature_projection
        extract_features = projection.layer_norm(features)
        x = projection.projection(extract_features)
        t = self.model.encoder.transformer
        x = x + t.pos_conv_embed(x)
        post_ln = not self.spec.do_stable_layer_norm
        if post_ln:
            x = t.layer_norm(x)
        hidden = [x]
        for layer in t.layers:
            x = layer(x, None)
            hidden.append(x)
        if not post_ln:
            hidden[-1] = t.layer_norm(x)
        out = {"extract_features": extract_features[0]}
        for i, state in enumerate(hidden):
            out[f"hidden_states.{i}"] = state[0]
        out["last_hidden_state"] = hidden[-1][0]
        return out


# ----------------------------------------------------------------------------------------------
# Reference 2: plain torch ops, straight from the spec (independent check of reference 1)

def _layer_norm(x, w, b, eps):  # over the last dim
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def _gelu(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


@torch.no_grad()
def plain_forward(spec: ModelSpec, p: Dict[str, torch.Tensor], values: np.ndarray) -> Dict[str, torch.Tensor]:
    x = torch.from_numpy(values).reshape(1, 1, -1)  # [1, C, N]
    for i, stride in enumerate(spec.conv_stride):
        name = f"feature_extractor.conv_layers.{i}"
        x = F.conv1d(x, p[name + ".conv.weight"], p.get(name + ".conv.bias"), stride=stride)
        if spec.feat_extract_norm == "group" and i == 0:  # each channel over time
            x = _layer_norm(x, 1.0, 0.0, CONV_NORM_EPS)
            x = x * p[name + ".layer_norm.weight"].unsqueeze(-1) + p[name + ".layer_norm.bias"].unsqueeze(-1)
        elif spec.feat_extract_norm == "layer":  # channels per frame
            x = _layer_norm(x.transpose(1, 2), p[name + ".layer_norm.weight"],
                            p[name + ".layer_norm.bias"], CONV_NORM_EPS).transpose(1, 2)
        x = _gelu(x)
    feats = x[0].T  # [T, C]
    eps = spec.layer_norm_eps
    if spec.has_feat_proj_ln:
        feats = _layer_norm(feats, p["feature_projection.layer_norm.weight"],
                            p["feature_projection.layer_norm.bias"], eps)
    h = feats @ p["feature_projection.projection.weight"].T + p["feature_projection.projection.bias"]
    k = spec.num_conv_pos_embeddings
    w = p.get(_POS + "weight")
    if w is None:
        w = fold_weight_norm(p[_POS + "weight_g"], p[_POS + "weight_v"])
    pos = F.conv1d(h.T.unsqueeze(0), w, p[_POS + "bias"], padding=k // 2,
                   groups=spec.num_conv_pos_embedding_groups)[0].T
    if k % 2 == 0:
        pos = pos[:-1]
    h = h + _gelu(pos)

    def ln(name, t):
        return _layer_norm(t, p[name + ".weight"], p[name + ".bias"], eps)

    def linear(name, t):
        return t @ p[name + ".weight"].T + p[name + ".bias"]

    heads, d = spec.num_attention_heads, spec.hidden_size // spec.num_attention_heads
    act = _gelu_new if spec.hidden_act == "gelu_new" else _gelu

    def attention(name, t):
        q, kk, v = (linear(f"{name}.attention.{n}_proj", t).reshape(-1, heads, d).transpose(0, 1)
                    for n in ("q", "k", "v"))
        scores = q @ kk.transpose(1, 2) / math.sqrt(d)
        probs = torch.exp(scores - scores.max(dim=-1, keepdim=True).values)
        probs = probs / probs.sum(dim=-1, keepdim=True)
        ctx = (probs @ v).transpose(0, 1).reshape(-1, heads * d)
        return linear(f"{name}.attention.out_proj", ctx)

    def ffn(name, t):
        return linear(f"{name}.feed_forward.output_dense",
                      act(linear(f"{name}.feed_forward.intermediate_dense", t)))

    post_ln = not spec.do_stable_layer_norm
    if post_ln:
        h = ln("encoder.layer_norm", h)
    hidden = [h]
    for layer in range(spec.num_hidden_layers):
        name = f"encoder.layers.{layer}"
        if post_ln:
            h = ln(name + ".layer_norm", h + attention(name, h))
            h = ln(name + ".final_layer_norm", h + ffn(name, h))
        else:
            h = h + attention(name, ln(name + ".layer_norm", h))
            h = h + ffn(name, ln(name + ".final_layer_norm", h))
        hidden.append(h)
    if not post_ln:
        hidden[-1] = ln("encoder.layer_norm", h)
    out = {"extract_features": feats}
    out.update({f"hidden_states.{i}": s for i, s in enumerate(hidden)})
    out["last_hidden_state"] = hidden[-1]
    return out


# ----------------------------------------------------------------------------------------------
# Heads (plain torch ops)

@torch.no_grad()
def head_logits(spec: ModelSpec, head: Dict[str, torch.Tensor], out: Dict[str, torch.Tensor]
                ) -> Optional[torch.Tensor]:
    def linear(name, t):
        return t @ head[name + ".weight"].T + head[name + ".bias"]

    last = out["last_hidden_state"]
    if spec.head == "none":
        return None
    if spec.head == "ctc":
        return linear("lm_head", last)  # [T, V]
    if spec.head == "seqcls":
        states = last
        if spec.use_weighted_layer_sum:
            stacked = torch.stack([out[f"hidden_states.{i}"] for i in range(spec.num_hidden_layers + 1)])
            weights = torch.softmax(head["layer_weights"], dim=0)
            states = (stacked * weights.reshape(-1, 1, 1)).sum(dim=0)
        return linear("classifier", linear("projector", states).mean(dim=0))
    if spec.head == "regression":
        return linear("classifier.out_proj", torch.tanh(linear("classifier.dense", last.mean(dim=0))))
    if spec.head == "seed":
        return linear("head.2", torch.relu(linear("head.0", last.mean(dim=0))))
    raise ValueError(spec.head)


def argmax_margin(logits: torch.Tensor) -> float:
    """Smallest gap between the top and the runner-up logit (per row)."""
    top2 = torch.topk(logits.reshape(-1, logits.shape[-1]), 2, dim=-1).values
    return float((top2[:, 0] - top2[:, 1]).min())


def ctc_greedy(logits: torch.Tensor, vocab: Tuple[str, ...]) -> str:
    ids = torch.argmax(logits, dim=-1).tolist()
    collapsed = [t for i, t in enumerate(ids) if i == 0 or t != ids[i - 1]]
    return "".join(vocab[t] for t in collapsed if t != 0).replace("|", " ").strip()


# ----------------------------------------------------------------------------------------------
# One model directory + expected outputs

def reference_outputs(spec: ModelSpec, storage: StorageSpec, model_dir: Path,
                      inputs: Dict[str, np.ndarray], check_plain: bool = True,
                      check_margin: bool = True
                      ) -> Dict[str, Tuple[Dict[str, torch.Tensor], Dict[str, str]]]:
    """Expected tensors and metadata per input, computed in F32 from the weights as stored.

    check_plain: recompute with `plain_forward` and require agreement; check_margin: require every
    argmax to be clear of its runner-up (for committed cases, whose labels are compared exactly).
    """
    backbone, head = from_storage(load_checkpoint(model_dir), storage)
    reference = TorchaudioReference(spec, backbone)
    results = {}
    for input_name, raw in inputs.items():
        values = input_values(raw, storage.do_normalize)
        out = reference.forward(values)
        if check_plain:
            plain = plain_forward(spec, backbone, values)
            for name, t in plain.items():
                diff = float((t - out[name]).abs().max())
                assert diff < AGREEMENT_TOLERANCE, f"{model_dir.name}/{input_name}: {name} differs by {diff}"
        tensors = {"raw_audio": torch.from_numpy(raw.astype(np.float32)),
                   "input_values": torch.from_numpy(values)}
        tensors.update(out)
        metadata = {}
        logits = head_logits(spec, head, out)
        if logits is not None:
            tensors["logits"] = logits
            if check_margin and spec.head in ("ctc", "seqcls", "seed"):
                margin = argmax_margin(logits)
                assert margin > MIN_ARGMAX_MARGIN, f"{model_dir.name}/{input_name}: argmax margin {margin}"
            if spec.head == "ctc":
                metadata["transcript"] = ctc_greedy(logits, spec.vocab)
            elif spec.head == "seqcls":
                metadata["labels"] = spec.labels[int(torch.argmax(logits))]
            elif spec.head == "seed":
                metadata["labels"] = SEED_LABELS[int(torch.argmax(logits))]
        results[input_name] = ({k: v.contiguous() for k, v in tensors.items()}, metadata)
    return results


def write_expected(model_dir: Path, results) -> None:
    expected = model_dir / "expected"
    expected.mkdir(exist_ok=True)
    for input_name, (tensors, metadata) in results.items():
        write_safetensors(expected / f"{input_name}.safetensors", tensors, "F32", metadata)
