"""Post-hoc calibration shared by training and evaluation: temperature scaling, ECE, thresholds."""

from __future__ import annotations

import numpy as np
import torch
from sklearn.metrics import f1_score


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature scaling (Guo et al., 2017): one scalar that minimises the validation NLL."""
    if len(labels) == 0:
        return 1.0
    x = torch.tensor(logits, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.long)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(x / log_t.exp(), y)
        loss.backward()
        return loss

    opt.step(closure)
    return float(np.clip(log_t.exp().item(), 0.05, 20.0))


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, n_bins: int = 10) -> float:
    """ECE of the top-class confidence, equal-width bins."""
    if len(labels) == 0:
        return float("nan")
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        in_bin = bins == b
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(ece)


THRESHOLD_GRID = np.round(np.arange(0.05, 0.96, 0.05), 2)


def tune_global_threshold(scores: np.ndarray, targets: np.ndarray) -> float:
    """The one threshold for all labels that maximises micro-F1 on validation."""
    f1s = [f1_score(targets, scores >= t, average="micro", zero_division=0) for t in THRESHOLD_GRID]
    return float(THRESHOLD_GRID[int(np.argmax(f1s))])


def micro_f1(scores: np.ndarray, targets: np.ndarray, thresholds: list[float]) -> float:
    return float(f1_score(targets, scores >= np.array(thresholds), average="micro", zero_division=0))


def tune_thresholds(
    scores: np.ndarray, targets: np.ndarray, default: float | None = None, min_positives: int = 20, rounds: int = 2
) -> list[float]:
    """Per-label thresholds that maximise validation micro-F1 (the reported technique metric).

    Start from the shared micro-F1 threshold (`default`, tuned when not given); then, label by label
    (`rounds` passes), move a label's threshold where that raises micro-F1, but only for labels with at
    least `min_positives` validation positives: a handful of positives overfits.

    Thresholds that maximise each label's *own* F1 cost micro-F1: a hard label's own optimum is a low
    threshold whose false positives swamp the other labels (`benchmarks/thresholds.py` compares the
    rules on a trained model)."""
    if default is None:
        default = tune_global_threshold(scores, targets)
    thresholds = [float(default)] * scores.shape[1]
    best = micro_f1(scores, targets, thresholds)
    for _ in range(rounds):
        for j in range(scores.shape[1]):
            if targets[:, j].sum() < min_positives:
                continue
            for t in THRESHOLD_GRID:
                candidate = thresholds[:j] + [float(t)] + thresholds[j + 1 :]
                f1 = micro_f1(scores, targets, candidate)
                if f1 > best + 1e-9:
                    best, thresholds = f1, candidate
    return thresholds
