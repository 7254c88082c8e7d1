"""Which technique decision thresholds score best? Three rules, all tuned on a trained model's validation
split and scored on its test split, on the same predictions:

- each technique's own F1 (the rule QuoteLens used before: a hard technique's own optimum is a low
  threshold that fires on many quotations);
- one threshold shared by all techniques, the best for validation micro-F1;
- QuoteLens's rule (`quotelens.calibration.tune_thresholds`): the shared one, then per technique where
  validation has at least 20 positives, moved only when that raises validation micro-F1.

    python benchmarks/thresholds.py --model runs/demo/run/model
    python benchmarks/thresholds.py --model runs/ptc/model --ptc ../shared/data/ptc   # also per origin

Rows per origin (the project corpus, held-out PTC articles) are given when the split has several.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from quotelens.calibration import THRESHOLD_GRID, micro_f1, tune_global_threshold, tune_thresholds
from quotelens.evaluation.report import load_eval_data, predict_split
from quotelens.inference import Classifier


def own_f1_thresholds(scores: np.ndarray, targets: np.ndarray, shared: float, min_positives: int = 20) -> list[float]:
    """Each technique's own F1-maximising threshold (the shared one below `min_positives`)."""
    thresholds = []
    for j in range(scores.shape[1]):
        if targets[:, j].sum() < min_positives:
            thresholds.append(shared)
            continue
        f1s = [f1_score(targets[:, j], scores[:, j] >= t, zero_division=0) for t in THRESHOLD_GRID]
        thresholds.append(float(THRESHOLD_GRID[int(np.argmax(f1s))]))
    return thresholds


def technique_scores(classifier: Classifier, model_dir: Path, split: str, ptc: str | None):
    data = load_eval_data(model_dir, split, ptc)
    _, scores, _ = predict_split(classifier, data.eval)
    has = np.array(data.eval["has_techniques"], dtype=bool)
    targets = np.array(data.eval["techniques"], dtype=int)[has]
    return scores[has], targets, np.array(data.eval["origin"])[has]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a trained model folder (its run folder fixes the splits)")
    parser.add_argument("--ptc", help="the Propaganda Techniques Corpus folder, for models trained with it")
    args = parser.parse_args()
    model_dir = Path(args.model)
    classifier = Classifier(model_dir)
    val_scores, val_targets, _ = technique_scores(classifier, model_dir, "validation", args.ptc)
    test_scores, test_targets, test_origin = technique_scores(classifier, model_dir, "test", args.ptc)
    shared = tune_global_threshold(val_scores, val_targets)
    rules = {
        "each technique's own F1": own_f1_thresholds(val_scores, val_targets, shared),
        "one shared threshold": [shared] * val_scores.shape[1],
        "QuoteLens (shared, then per technique for micro-F1)": tune_thresholds(val_scores, val_targets),
    }
    origins = sorted(set(test_origin)) if len(set(test_origin)) > 1 else []
    print(f"Technique micro-F1 of {model_dir}: thresholds tuned on validation ({len(val_targets)} quotations), "
          f"scored on test ({len(test_targets)})\n")
    header = ["rule", "validation", "test"] + [f"test, {o}" for o in origins] + ["thresholds"]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for name, thresholds in rules.items():
        row = [micro_f1(val_scores, val_targets, thresholds), micro_f1(test_scores, test_targets, thresholds)]
        row += [micro_f1(test_scores[test_origin == o], test_targets[test_origin == o], thresholds) for o in origins]
        print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in row) + f" | {' '.join(f'{t:g}' for t in thresholds)} |")


if __name__ == "__main__":
    main()
