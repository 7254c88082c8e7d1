"""The extractor on the human stand-off annotations of real news (PTC): floors under the headline scores."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from quotelens.extraction import extract_quotations
from quotelens.extraction.scoring import load_standoff_gold, score_extraction

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / ".." / "shared" / "data" / "ptc" / "train-articles"
ANNOTATIONS = REPO / "data" / "ptc"

pytestmark = pytest.mark.skipif(
    not TEXTS.is_dir(), reason=f"PTC article texts not found at {TEXTS} (../shared absent)"
)


@pytest.fixture(scope="module")
def scores() -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # annotators may be mid-article; the loader warns and skips
        articles, gold = load_standoff_gold([ANNOTATIONS], TEXTS)
    if len(articles) < 20:
        pytest.skip(f"only {len(articles)} finished PTC articles under {ANNOTATIONS}")
    predicted = [q for a in articles for q in extract_quotations(a.text, a.id)]
    return score_extraction(gold, predicted)


def test_quoted_spans_are_precise_on_real_news(scores: dict) -> None:
    assert scores["exact"]["direct"]["precision"] >= 0.90
    assert scores["exact"]["partial"]["precision"] >= 0.76
    assert scores["exact"]["quoted"]["f1"] >= 0.83


def test_speakers_are_mostly_right_on_real_news(scores: dict) -> None:
    assert scores["speaker"]["all"]["accuracy"] >= 0.77
    assert scores["speaker"]["quoted"]["accuracy"] >= 0.75


def test_reported_speech_overlaps_gold_on_real_news(scores: dict) -> None:
    assert scores["overlap"]["indirect"]["f1"] >= 0.66
