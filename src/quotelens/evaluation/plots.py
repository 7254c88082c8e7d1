"""Plots of a report: confusion matrix, per-class F1 bars, reliability diagram (PNG)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.calibration import calibration_curve  # noqa: E402
from sklearn.metrics import ConfusionMatrixDisplay  # noqa: E402


def plot_confusion(matrix: list[list[int]], labels: list[str], path: Path, title: str) -> Path:
    fig, ax = plt.subplots(figsize=(6, 5.2))
    ConfusionMatrixDisplay(np.array(matrix), display_labels=labels).plot(ax=ax, cmap="Blues", colorbar=False)
    ax.set_xlabel("predicted stance")
    ax.set_ylabel("gold stance")
    ax.set_title(title)
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_f1_bars(scores: dict[str, dict[str, float]], path: Path, title: str) -> Path:
    """Per-class F1 for each system (model and baselines) side by side."""
    systems = list(scores)
    classes = list(next(iter(scores.values())))
    height = max(3.5, 0.45 * len(classes) * max(1, len(systems)) / 2)
    fig, ax = plt.subplots(figsize=(8, height))
    y = np.arange(len(classes))
    width = 0.8 / len(systems)
    for i, system in enumerate(systems):
        ax.barh(y + i * width, [scores[system][c] for c in classes], height=width, label=system)
    ax.set_yticks(y + 0.4 - width / 2, classes)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_reliability(curves: dict[str, tuple[np.ndarray, np.ndarray]], path: Path, title: str,
                     n_bins: int = 10) -> Path:
    """Top-class confidence against accuracy; `curves` maps a name to (confidences, correct flags)."""
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    for name, (confidence, correct) in curves.items():
        frac, mean_conf = calibration_curve(correct.astype(int), confidence, n_bins=n_bins, strategy="uniform")
        ax.plot(mean_conf, frac, marker="o", label=name)
    ax.set_xlabel("confidence (top stance probability)")
    ax.set_ylabel("accuracy")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
