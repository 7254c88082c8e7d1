"""The seed article: every quotation in marks with its exact span and speaker, and the reported threats."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotelens.extraction import extract_quotations
from quotelens.extraction.scoring import same_speaker

SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "seed-article.txt"

pytestmark = pytest.mark.skipif(
    not SEED.is_file(), reason=f"seed article not found at {SEED} (../shared absent)"
)

EXPECTED_MARKED = [
    ("in accordance with rules of engagement", "partial", "U.S. Central Command"),
    ("The attack stresses coordination between the US and ISIS", "direct", "the Syrian regime"),
    ("continuation of America’s line to disregard the norms of global law", "partial", "Sergei Ryabkov"),
    ("The coalition’s mission is to defeat ISIS in Iraq and Syria", "direct", "the Pentagon"),
    ("It is, if you like, help to those terrorists", "direct", "Ryabkov"),
    ("If the regime continues attacking our positions in Raqqa province", "direct", "a SDF spokesman"),
]


@pytest.fixture(scope="module")
def seed() -> tuple[str, list]:
    text = SEED.read_text(encoding="utf-8")
    return text, extract_quotations(text, "seed")


@pytest.mark.parametrize(("opening", "kind", "speaker"), EXPECTED_MARKED)
def test_marked_quotations_have_exact_spans_and_speakers(seed, opening: str, kind: str, speaker: str) -> None:
    text, quotes = seed
    open_at = text.index(opening)
    close_at = min(i for i in (text.find("”", open_at), text.find('"', open_at)) if i >= 0)
    matches = [q for q in quotes if q.start == open_at]
    assert matches, f"no quotation starts at {opening!r}"
    quote = matches[0]
    assert quote.end == close_at and quote.text == text[open_at:close_at]
    assert quote.kind == kind
    assert same_speaker(speaker, quote.speaker), quote.speaker
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker


def test_scare_quote_and_headline_are_not_partial_quotations(seed) -> None:
    _, quotes = seed
    assert not [q for q in quotes if q.text == "targets"]
    assert all(q.start > 70 for q in quotes)


def test_reported_threats_and_claims_are_indirect(seed) -> None:
    _, quotes = seed
    indirect = [q for q in quotes if q.kind == "indirect"]
    warning = [q for q in indirect if q.text.startswith("it would track US-led coalition aircraft in Syria")]
    assert warning and same_speaker("Russian Federation", warning[0].speaker) and warning[0].cue == "warned"
    vow = [q for q in indirect if q.text.startswith("to treat all USA planes")]
    assert vow and vow[0].speaker == "Russia"
    claim = [q for q in indirect if q.text.startswith("its warplanes were flying over Syria")]
    assert claim and claim[0].speaker == "Russia"
