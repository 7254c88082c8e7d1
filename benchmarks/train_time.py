"""Time a training run of a config: wall time, time per epoch, and where it ran.

    python benchmarks/train_time.py                                # default.yaml on this machine
    python benchmarks/train_time.py --set model=answerdotai/ModernBERT-base   # any encoder you have

On a GPU the same command trains in bf16 (fp16 where bf16 is unsupported) automatically, and so does a
CPU that computes bf16 natively (AVX512-BF16 or AMX; `--steps-only` times one step each way: 0.58 s in
bf16 against 1.23 s in fp32 on this machine's 2 cores); the printout says which device and precision
ran. `--set mixed_precision=no` times fp32.
Goal on 2 CPU cores: default.yaml in at most 15 minutes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from quotelens.config import load_config
from quotelens.training import precision_settings, train


def step_seconds(config_model: str, autocast: bool, batch: int = 32, tokens: int = 80, steps: int = 5) -> float:
    """Seconds per optimizer step of the two-headed model on random token ids, fp32 or bf16 autocast."""
    from quotelens.modeling import QuoteLensModel

    model = QuoteLensModel.from_encoder(config_model).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    ids = torch.randint(1000, 20000, (batch, tokens))
    inputs = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}

    def step() -> None:
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            out = model(**inputs)
            loss = out.stance_logits.float().logsumexp(-1).mean() + out.technique_logits.float().mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    step()  # warm-up
    started = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - started) / steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="training/configs/default.yaml")
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--out", default="runs/bench-train")
    parser.add_argument("--steps-only", action="store_true",
                        help="only time single training steps (32 quotations of 80 tokens), fp32 against bf16")
    args = parser.parse_args()
    config = load_config(args.config, [f"output_dir={args.out}", *args.set])
    if args.steps_only:
        fp32 = step_seconds(config.model, autocast=False)
        bf16 = step_seconds(config.model, autocast=True)
        print(f"one training step, 32 quotations x 80 tokens, {config.model}, {torch.get_num_threads()} threads: "
              f"fp32 {fp32:.2f} s, bf16 autocast {bf16:.2f} s ({fp32 / bf16:.1f}x)")
        return
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else f"CPU, {torch.get_num_threads()} threads"
    precision = next(iter(precision_settings(config.mixed_precision)), "fp32")
    started = time.perf_counter()
    model_dir = train(config)
    total = time.perf_counter() - started
    metrics = json.loads((Path(args.out) / "metrics.json").read_text())
    history = [json.loads(line) for line in (Path(args.out) / "metrics.jsonl").read_text().splitlines()]
    train_runtime = next((h["train_runtime"] for h in history if "train_runtime" in h), float("nan"))
    epochs = len(metrics["epochs"])
    print(f"\nconfig {args.config} ({config.model}) on {device}, {precision}")
    print("| what | value |\n|---|---|")
    print(f"| wall time, data build to saved model | {total / 60:.1f} min |")
    print(f"| training loop (Trainer train_runtime) | {train_runtime / 60:.1f} min |")
    print(f"| epochs run | {epochs} |")
    print(f"| time per epoch (incl. validation) | {train_runtime / max(epochs, 1):.0f} s |")
    print(f"| test stance macro-F1 | {metrics['test']['test_stance_macro_f1']:.3f} |")
    print(f"| test technique micro-F1 (threshold 0.5; the report uses the tuned ones) | "
          f"{metrics['test']['test_technique_micro_f1']:.3f} |")
    verdict = "within" if train_runtime <= 15 * 60 else "OVER"
    print(f"\ngoal on 2 CPU cores: at most 15 min of training -> {verdict} ({train_runtime / 60:.1f} min)")
    print(f"| model | {model_dir} |")


if __name__ == "__main__":
    main()
