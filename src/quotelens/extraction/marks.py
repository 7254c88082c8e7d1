"""Find pairs of quotation marks, including quotes that run over several lines or paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„«»'
SINGLE_MARKS = "'‘’"
OPENING_GLYPHS = "“„«‘"
CLOSING_GLYPHS = "”»’"
CLOSE_FOLLOWERS = set(".,;:!?)]}—–-…/") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
OPEN_PRECEDERS = set("([{—–-/:") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class MarkedSpan:
    """A quoted stretch: `start`/`end` are the content offsets, the marks lie just outside them."""

    open_at: int
    start: int
    end: int
    close_at: int


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isspace() and (before.isspace() or before in OPEN_PRECEDERS)


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in CLOSE_FOLLOWERS)


def _role(text: str, i: int) -> str:
    """'open', 'close' or 'either', from the characters around the mark, then from its glyph."""
    can_open, can_close = _can_open(text, i), _can_close(text, i)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if text[i] in OPENING_GLYPHS:
        return "open"
    if text[i] in CLOSING_GLYPHS:
        return "close"
    return "either"


def _line_starts_with_open(text: str, line_start: int, marks: str) -> int | None:
    """Offset of a re-opening mark at the start of the line beginning at `line_start`, if any."""
    j = line_start
    while j < len(text) and text[j] in " \t":
        j += 1
    if j < len(text) and text[j] in marks and _role(text, j) in ("open", "either"):
        return j
    return None


def uses_single_quotes(text: str) -> bool:
    """True when the article's quotation marks are single quotes (no double marks in the body)."""
    body = text.split("\n", 1)[1] if "\n" in text else text
    return not any(mark in body for mark in DOUBLE_MARKS) and ("‘" in body or " '" in body)


def find_marked_spans(text: str) -> list[MarkedSpan]:
    marks = SINGLE_MARKS if uses_single_quotes(text) else DOUBLE_MARKS
    interesting = re.compile("[\n" + re.escape(marks) + "]")
    spans: list[MarkedSpan] = []
    open_at: int | None = None
    i = 0
    while i < len(text):
        found = interesting.search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch == "\n" and open_at is not None:
            i = _continue_over_break(text, i, marks, open_at)
            if i < 0:  # the quote never closed before a paragraph break: not a reliable quotation
                open_at, i = None, -i
            continue
        if ch in marks:
            open_at = _at_mark(text, i, marks, open_at, spans)
        i += 1
    return spans


def _at_mark(text: str, i: int, marks: str, open_at: int | None, spans: list[MarkedSpan]) -> int | None:
    """Open, close or ignore the mark at `i`; returns the offset of the quote still open, if any."""
    role = _role(text, i)
    if marks is SINGLE_MARKS and role == "either":
        role = "none"  # an apostrophe inside a word
    if open_at is not None and role == "open" and "\n" in text[open_at:i]:
        spans.append(_cut_at_line_end(text, open_at))  # the earlier quote lost its closing mark
        open_at = None
    if open_at is None and role in ("open", "either"):
        return i
    if open_at is not None and role in ("close", "either"):
        if i > open_at + 1:
            spans.append(MarkedSpan(open_at, open_at + 1, i, i))
        return None
    return open_at


def _cut_at_line_end(text: str, open_at: int) -> MarkedSpan:
    """A quote whose closing mark is missing ends with the line it opened on."""
    end = text.index("\n", open_at)
    while end > open_at + 1 and text[end - 1].isspace():
        end -= 1
    return MarkedSpan(open_at, open_at + 1, end, end)


def _continue_over_break(text: str, i: int, marks: str, open_at: int) -> int:
    """Scan position after a newline inside an open quote; negative when the quote must be dropped.

    A quote goes on over a line break (one sentence per line) and over a paragraph break when the next
    paragraph re-opens with a mark; that re-opening mark lies inside the quotation.
    """
    match = PARAGRAPH_BREAK.match(text, i)
    line_end = match.end() if match else i + 1
    reopen = _line_starts_with_open(text, line_end, marks)
    if reopen is not None:
        return reopen + 1
    if match:
        return -line_end
    return i + 1
