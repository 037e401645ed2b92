#!/usr/bin/python3
"""Exports a make_checkpoint.py model directory to ONNX for the engine-vs-ONNX-Runtime benchmark.

    /usr/bin/python3 benchmarks/export_onnx.py --size base --model DIR [--out DIR/model.onnx]

The graph is the reference model of testdata/golden (torchaudio's wav2vec2 components loaded from
the same safetensors the engine reads): waveform [1, N] → zero-mean/unit-variance normalisation (as
preprocessor_config.json asks) → feature encoder → projection → transformer → last_hidden_state
[1, T, H]. The classification head (<0.1 % of the work) is left out. Opset 14, dynamic N.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

GOLDEN = Path(__file__).resolve().parents[1] / "testdata" / "golden"
sys.path.insert(0, str(GOLDEN))
from make_checkpoint import SIZES  # noqa: E402
from wav2vec2_reference import (NORMALIZE_EPS, StorageSpec, TorchaudioReference,  # noqa: E402
                                from_storage, input_values, load_checkpoint)


class Backbone(torch.nn.Module):
    def __init__(self, reference: TorchaudioReference, do_normalize: bool):
        super().__init__()
        self.model = reference.model
        self.post_ln = not reference.spec.do_stable_layer_norm
        self.do_normalize = do_normalize

    def forward(self, waveform: torch.Tensor) -> torch.Tensor:
        if self.do_normalize:
            mean = waveform.mean(dim=1, keepdim=True)
            var = ((waveform - mean) ** 2).mean(dim=1, keepdim=True)
            waveform = (waveform - mean) / torch.sqrt(var + NORMALIZE_EPS)
        features, _ = self.model.feature_extractor(waveform, None)
        projection = self.model.encoder.feature_projection
        x = projection.projection(projection.layer_norm(features))
        t = self.model.encoder.transformer
        x = x + t.pos_conv_embed(x)
        if self.post_ln:
            x = t.layer_norm(x)
        for layer in t.layers:
            x = layer(x, None)
        if not self.post_ln:
            x = t.layer_norm(x)
        return x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--model", type=Path, required=True, help="directory written by make_checkpoint.py")
    parser.add_argument("--out", type=Path, help="default: MODEL/model.onnx")
    args = parser.parse_args()
    out = args.out or args.model / "model.onnx"
    spec = SIZES[args.size]
    storage = StorageSpec("Wav2Vec2ForSequenceClassification", prefix="wav2vec2.", pos_conv="weight_g")
    backbone, _ = from_storage(load_checkpoint(args.model), storage)
    reference = TorchaudioReference(spec, backbone)
    module = Backbone(reference, storage.do_normalize).eval()
    torch.nn.utils.remove_weight_norm(module.model.encoder.transformer.pos_conv_embed.conv)
    example = torch.from_numpy(np.random.default_rng(0).standard_normal((1, 32000)).astype(np.float32) * 0.1)
    with torch.no_grad():
        torch.onnx.export(module, (example,), str(out), opset_version=14,
                          input_names=["waveform"], output_names=["last_hidden_state"],
                          dynamic_axes={"waveform": {1: "samples"}, "last_hidden_state": {1: "frames"}})
        # The exported graph must compute what the reference computes.
        want = reference.forward(input_values(example[0].numpy(), storage.do_normalize))["last_hidden_state"]
        got = module(example)[0]
        assert float((want - got).abs().max()) < 1e-4, "export wrapper differs from the reference"
    print(f"wrote {out} ({out.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
