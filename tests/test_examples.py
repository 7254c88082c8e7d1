"""The scripts in examples/ run end to end (with a tiny encoder, so they stay quick)."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


def run_example(name: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(REPO / "examples" / name), *args], cwd=REPO, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_train_your_own(tiny_encoder: str, tmp_path: Path) -> None:
    out = run_example("train_your_own.py", "--encoder", tiny_encoder, "--epochs", "1", "--out", str(tmp_path))
    assert "TF-IDF + logistic regression" in out
    assert (tmp_path / "run" / "model" / "model.safetensors").is_file()


def test_batch_classify(tiny_model: Path, tmp_path: Path) -> None:
    out = run_example("batch_classify.py", "--model", str(tiny_model), "--out", str(tmp_path))
    assert (tmp_path / "quotes.jsonl").stat().st_size > 0 and (tmp_path / "report.html").is_file()
    assert "heavy price" in out


def test_evaluate_and_compare(tiny_model: Path, tmp_path: Path) -> None:
    out = run_example("evaluate_and_compare.py", "--model-a", str(tiny_model), "--model-b", str(tiny_model),
                      "--out", str(tmp_path))
    assert "p (paired bootstrap)" in out and (tmp_path / "model_card.md").is_file()


def test_label_studio_roundtrip(tmp_path: Path) -> None:
    out = run_example("label_studio_roundtrip.py", "--out", str(tmp_path))
    assert "0 error(s)" in out
