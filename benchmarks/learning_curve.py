"""Would more annotated data help? Train the same config on growing shares of the training articles and
score each model on the same validation and test splits.

    python benchmarks/learning_curve.py                                  # default.yaml: 25 %, 50 %, 100 %
    python benchmarks/learning_curve.py --fractions 0.5 1.0 --set epochs=6

The shares are nested (the 25 % articles are inside the 50 %), drawn by article with a fixed seed;
validation and test are the config's own splits, untouched. Technique scores use the thresholds each
model tuned on validation, as `quotelens evaluate` does. A curve still rising at 100 % says that more
quotations of the same kind would pay; a flat one says the encoder, not the data, is the limit.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
from datasets import Dataset, DatasetDict

from quotelens.config import load_config
from quotelens.data.build import save_dataset
from quotelens.evaluation.metrics import macro_f1, micro_f1
from quotelens.evaluation.report import predict_split
from quotelens.inference import Classifier
from quotelens.training import load_training_data, train


def article_share(train_split: Dataset, fraction: float, seed: int) -> Dataset:
    """The quotations of the first `fraction` of the training articles in a seeded shuffle."""
    articles = sorted(set(train_split["article_id"]))
    random.Random(seed).shuffle(articles)
    keep = set(articles[: max(1, round(fraction * len(articles)))])
    return train_split.filter(lambda row: row["article_id"] in keep)


def scores(model_dir: Path, split: Dataset) -> tuple[float, float]:
    """Stance macro-F1 and technique micro-F1 (tuned thresholds) of a model on one split."""
    stance_logits, _, technique_pred = predict_split(Classifier(model_dir), split)
    gold = np.array(split["stance"])
    known, has = gold >= 0, np.array(split["has_techniques"], dtype=bool)
    return (macro_f1(gold[known], stance_logits[known].argmax(1)),
            micro_f1(np.array(split["techniques"])[has].astype(int), technique_pred[has]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="training/configs/default.yaml")
    parser.add_argument("--set", action="extend", nargs="+", default=[], metavar="KEY=VALUE")
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="runs/learning-curve")
    args = parser.parse_args()
    out = Path(args.out)
    base = load_config(args.config, args.set)
    full = load_training_data(base)
    rows = []
    for fraction in sorted(args.fractions):
        name = f"share-{round(fraction * 100)}"
        subset = DatasetDict({**full, "train": article_share(full["train"], fraction, args.seed)})
        data_dir = save_dataset(subset, out / name / "dataset", base.context_chars)
        config = load_config(args.config, [*args.set, f"dataset_dir={data_dir}", f"output_dir={out / name / 'run'}"])
        started = time.perf_counter()
        model_dir = train(config, overwrite=True)
        minutes = (time.perf_counter() - started) / 60
        val_stance, val_tech = scores(model_dir, full["validation"])
        test_stance, test_tech = scores(model_dir, full["test"])
        rows.append((fraction, len(subset["train"]), val_stance, val_tech, test_stance, test_tech, minutes))
        (out / "learning_curve.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")

    print(f"\nlearning curve of {args.config} {' '.join(args.set)} (validation {len(full['validation'])}, "
          f"test {len(full['test'])} quotations)")
    print("| share of train articles | train quotations | val stance macro-F1 | val technique micro-F1 "
          "| test stance macro-F1 | test technique micro-F1 | minutes |")
    print("|---|---|---|---|---|---|---|")
    for fraction, n, vs, vt, ts, tt, minutes in rows:
        print(f"| {fraction:.0%} | {n} | {vs:.3f} | {vt:.3f} | {ts:.3f} | {tt:.3f} | {minutes:.1f} |")


if __name__ == "__main__":
    main()
