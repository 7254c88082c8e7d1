"""Sentence spans computed on a masked copy of the text, so that quoted speech stays opaque."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import ABBREVIATIONS, CUE_RE
from .marks import MarkedSpan

MASK = "·"
_END_PUNCT = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+(?:[\"“‘(\[]|[A-Z0-9]))|\n+")
_LAST_WORD = re.compile(r"([A-Za-z.]+)\.$")
_DATELINE = re.compile(r"[A-Z][A-Z.'\- ]{2,}(?:,[^\n—–]{0,60}?)?\s*(?:\([^)\n]{1,40}\)\s*)?(?:—|–|--|-)\s+")


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace the content of each (start, end) span by MASK characters, keeping offsets."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def _is_abbreviation(masked: str, dot_at: int) -> bool:
    match = _LAST_WORD.search(masked, max(0, dot_at - 12), dot_at + 1)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _quote_end_boundaries(text: str, marked: list[MarkedSpan]) -> set[int]:
    """A closing mark right after . ! or ? and followed by a capitalised word ends a sentence."""
    ends = set()
    for span in marked:
        inside = text[span.start : span.end].rstrip()
        after = text[span.close_at + 1 : span.close_at + 3]
        if inside[-1:] in ".!?" and re.match(r"\s+[\"“A-Z]", after) and not _attribution_follows(text, span):
            ends.add(span.close_at + 1)
    return ends


_ATTRIBUTION_NEXT = re.compile(
    r"\s+(?:[A-Z][\w.’'-]*\s+){1,5}?(?:" + CUE_RE.pattern + r")"
    r"(?!\s+(?:that|he|she|they|it|we|I|there)\s)"  # 'Lombardo said he was told ...' reports a new clause
    r"[^.!?\n“\"]{0,80}[.!?]?\s*$"
)


_INTRODUCED = re.compile(r"(?:" + CUE_RE.pattern + r")[^.!?“”\"\n]{0,60}[:,]\s*$")


def _attribution_follows(text: str, span: MarkedSpan) -> bool:
    """'“Why is that relevant?” Bacon said of the ruling.': the attribution belongs to the quote, unless one
    introduced it ('The minister said: “...” Critics accused the ministry ...' is a new sentence)."""
    line_start = text.rfind("\n", 0, span.open_at) + 1
    if _INTRODUCED.search(text, max(line_start, span.open_at - 120), span.open_at):
        return False
    line_end = text.find("\n", span.close_at)
    line_end = len(text) if line_end < 0 else line_end
    stop = re.compile(r"[.!?](?=\s|$)").search(text, span.close_at + 1, line_end)
    end = stop.end() if stop else line_end
    return _ATTRIBUTION_NEXT.match(text[:end], span.close_at + 1) is not None


def split_sentences(text: str, masked: str, marked: list[MarkedSpan]) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding space; quotes never split a sentence."""
    cuts = {0, len(text)} | _quote_end_boundaries(text, marked)
    for match in _END_PUNCT.finditer(masked):
        if match.group().startswith("\n") or not _is_abbreviation(masked, match.start()):
            cuts.add(match.end())
    sentences = []
    ordered = sorted(cuts)
    for start, end in zip(ordered, ordered[1:], strict=False):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append((start, end))
    return sentences


def skip_dateline(text: str, start: int, end: int) -> int:
    """Offset after a dateline such as 'GOMA, Congo (Wire) — ' at the start of a sentence."""
    match = _DATELINE.match(text, start, end)
    return match.end() if match else start
