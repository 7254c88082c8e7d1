"""Metrics as `evaluate.Metric` modules (computed with scikit-learn), bootstrap intervals and the
paired bootstrap test. `evaluate.load` fetches metric scripts from the Hub, which is unreachable
offline, so the metrics are defined here as local `evaluate.Metric` subclasses."""

from __future__ import annotations

from collections.abc import Callable

import datasets
import evaluate
import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from quotelens.labels import STANCES, TECHNIQUES


class StanceMetric(evaluate.Metric):
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description="Stance: accuracy, macro-F1, per-class precision/recall/F1/support, confusion matrix.",
            citation="", inputs_description="class ids of the QuoteLens stance scheme",
            features=datasets.Features({"predictions": datasets.Value("int64"),
                                        "references": datasets.Value("int64")}))

    def _compute(self, predictions: list[int], references: list[int]) -> dict:
        labels = list(range(len(STANCES)))
        p, r, f, s = precision_recall_fscore_support(references, predictions, labels=labels, zero_division=0)
        return {
            "accuracy": float(accuracy_score(references, predictions)),
            "macro_f1": macro_f1(np.asarray(references), np.asarray(predictions)),
            "per_class": {name: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                                 "support": int(s[i])} for i, name in enumerate(STANCES)},
            "confusion_matrix": confusion_matrix(references, predictions, labels=labels).tolist(),
        }


class TechniqueMetric(evaluate.Metric):
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description="Techniques (multi-label): micro/macro F1, per-technique P/R/F1/support, exact match.",
            citation="", inputs_description="multi-hot vectors over the 14 techniques",
            features=datasets.Features({"predictions": datasets.Sequence(datasets.Value("int64")),
                                        "references": datasets.Sequence(datasets.Value("int64"))}))

    def _compute(self, predictions: list[list[int]], references: list[list[int]]) -> dict:
        y_pred, y_true = np.array(predictions), np.array(references)
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
        present = s > 0
        return {
            "micro_f1": float(f1_score(y_true, y_pred, average="micro", zero_division=0)),
            "macro_f1": float(f[present].mean()) if present.any() else 0.0,
            "exact_match": float((y_true == y_pred).all(axis=1).mean()),
            "per_technique": {name: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                                     "support": int(s[i])} for i, name in enumerate(TECHNIQUES)},
        }


def stance_metrics(gold: np.ndarray, pred: np.ndarray) -> dict:
    return StanceMetric().compute(predictions=pred.tolist(), references=gold.tolist())


def technique_metrics(gold: np.ndarray, pred: np.ndarray) -> dict:
    return TechniqueMetric().compute(predictions=pred.astype(int).tolist(), references=gold.astype(int).tolist())


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over the classes present in gold or predictions: a class absent from both (say no
    threats in a small real-news subset) is not scored as F1 = 0."""
    if len(gold) == 0:
        return 0.0
    return float(f1_score(gold, pred, labels=np.union1d(gold, pred), average="macro", zero_division=0))


def micro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    return float(f1_score(gold, pred, average="micro", zero_division=0)) if len(gold) else 0.0


def bootstrap_ci(metric: Callable[[np.ndarray, np.ndarray], float], gold: np.ndarray, pred: np.ndarray,
                 n: int = 1000, seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval over examples."""
    if len(gold) == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    scores = [metric(gold[idx], pred[idx]) for idx in rng.integers(0, len(gold), size=(n, len(gold)))]
    alpha = (1 - level) / 2
    return float(np.quantile(scores, alpha)), float(np.quantile(scores, 1 - alpha))


def paired_bootstrap(metric: Callable[[np.ndarray, np.ndarray], float], gold: np.ndarray, pred_a: np.ndarray,
                     pred_b: np.ndarray, n: int = 2000, seed: int = 0) -> tuple[float, float]:
    """Difference B - A on the same examples and a two-sided paired bootstrap p-value (Koehn 2004)."""
    observed = metric(gold, pred_b) - metric(gold, pred_a)
    rng = np.random.default_rng(seed)
    diffs = np.array([metric(gold[idx], pred_b[idx]) - metric(gold[idx], pred_a[idx])
                      for idx in rng.integers(0, len(gold), size=(n, len(gold)))])
    # share of resamples where the sign of the difference flips (or vanishes), doubled for two sides
    p = 2 * min(float((diffs <= 0).mean()), float((diffs >= 0).mean()))
    return float(observed), min(1.0, p)
