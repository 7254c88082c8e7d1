"""Decide whether a marked span is a quotation (direct or partial) or a scare quote, title or nickname."""

from __future__ import annotations

import re

from .lexicon import AUXILIARIES, CLAUSE_OPENERS, CUE_RE, DETERMINERS, PREPOSITIONS, PRONOUNS, TITLE_MARKERS
from .marks import MarkedSpan

_WORDS = re.compile(r"[\w’'-]+")
_MINOR_WORDS = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "vs",
    ]
)


_HYPOTHETICAL = re.compile(
    r"\b(?:[Ii]f|would|might|could|can|not|never|cannot|can’t|can't|won’t|won't|don’t|don't|doesn’t|doesn't"
    r"|(?:tempted|able|want|wants|like)\s+to|way\s+of)"
    r"\s+(?:\w+\s+){0,3}?(?:say|says|said|saying|ask|asks)\s*[,:]?\s*$"
)


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def _is_title_case(content: str) -> bool:
    tokens = _WORDS.findall(content)
    significant = [t for t in tokens if t.lower() not in _MINOR_WORDS]
    return bool(significant) and all(t[:1].isupper() or t[:1].isdigit() for t in significant)


def _is_nickname(text: str, span: MarkedSpan) -> bool:
    before = text[max(0, span.open_at - 30) : span.open_at]
    after = text[span.close_at + 1 : span.close_at + 30]
    return (
        bool(re.search(r"[A-Z][\w’'-]*[\w’'-] $", before) and re.match(r" [A-Z]", after))
        and word_count(text[span.start : span.end]) <= 3
        and text[span.start : span.end].rstrip()[-1:] not in ",.!?"
    )


def _after_title_marker(masked: str, span: MarkedSpan, content: str) -> bool:
    """'the book “Fire and Fury”', 'the term “fake news”'; not 'The program “is unconstitutional at its core”',
    a lowercase fragment too long for a term."""
    before = masked[max(0, span.open_at - 25) : span.open_at].lower().split()
    if content[:1].islower() and word_count(content) > 4:
        return False
    return bool(before) and before[-1].strip(",:") in TITLE_MARKERS


# A cue before a one-word quote makes it the speaker's word ('warned of a “crushing” response', 'dismissed
# as “lies”', 'saying how “thankful” they are'), unless the quote only names a thing the cue acts on
# ('mocked the “reforms”') or sits in a reported clause that the cue opens ('warned it would track
# aircraft as potential “targets”': one indirect quotation).
_REPORTED_CLAUSE = re.compile(
    r"\b(?:that|it|he|she|they|we|I)\s+(?:\w+\s+)?(?:would|will|could|should|might|is|was|are|were|had|has)\b"
)


def _speaker_word(masked: str, span: MarkedSpan, sentence: tuple[int, int]) -> bool:
    cues = list(CUE_RE.finditer(masked, sentence[0], span.open_at))
    if not cues:
        return False
    between = masked[cues[-1].end() : span.open_at]
    if re.fullmatch(r"\s+the\s*", between):  # 'so-called “X”' never gets here: a title marker
        return False
    return _REPORTED_CLAUSE.search(between) is None


def _after_copula(masked: str, span: MarkedSpan) -> bool:
    before = masked[max(0, span.open_at - 12) : span.open_at].split()
    return bool(before) and before[-1].lower() in {"is", "was", "were", "are", "be", "been", "being"}


_DATELINE_AFTER = re.compile(r"\s*(?:[A-Z][\w.]*\s*){1,4},\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}")


def _is_headline(text: str, span: MarkedSpan, content: str) -> bool:
    """'“Iran Admits To Facilitating 9/11,” by Adam Kredo' or '“Man identified,” KGO, March 23, 2018:'."""
    after = text[span.close_at + 1 : span.close_at + 60]
    byline = re.match(r"\s*(,?)\s*by\s+[A-Z]", after)
    if byline and (byline.group(1) or re.search(r",[’'\"]?$", content)):
        return True
    return _DATELINE_AFTER.match(after) is not None


_FUNCTION_WORDS = PREPOSITIONS | AUXILIARIES | PRONOUNS | CLAUSE_OPENERS | {"of", "to", "these", "those", "than", "now"}


def _modifies_a_noun(text: str, masked: str, span: MarkedSpan, sentence: tuple[int, int], content: str) -> bool:
    """'the “fair share” plan', 'the famous “no more delays” slogan': a phrase named as a modifier, with no
    speech verb before it (after 'warned of a “harsh” reply' the adjective is the speaker's)."""
    if word_count(content) > 6 or content[-1:] in ".!?,;:…" or CUE_RE.search(masked, sentence[0], span.open_at):
        return False
    after = re.match(r"\s+([a-z]+)\b", text[span.close_at + 1 : span.close_at + 30])
    before = text[max(0, span.open_at - 20) : span.open_at].split()
    if not after or not before or before[-1].lower() not in DETERMINERS | {"whole", "new", "infamous"}:
        return False
    word = after.group(1)
    return word not in _FUNCTION_WORDS and not word.endswith(("ed", "ly", "ing"))  # a noun, not a verb or a link


def is_not_a_quotation(text: str, masked: str, span: MarkedSpan, sentence: tuple[int, int]) -> bool:
    """Scare quotes, titles and nicknames, which the guidelines exclude."""
    content = text[span.start : span.end].strip()
    words = word_count(content)
    if words == 0 or _is_nickname(text, span) or _after_title_marker(masked, span, content):
        return True
    if _HYPOTHETICAL.search(masked, max(sentence[0], span.open_at - 80), span.open_at):
        return True  # 'If he had said: “Viganò lied,” he would have ...': speech nobody made
    if _is_headline(text, span, content) or _modifies_a_noun(text, masked, span, sentence, content):
        return True
    ends_like_speech = content[-1:] in ".!?,…"
    if _is_title_case(content) and (not ends_like_speech and words <= 8 or words >= 4):
        return True  # 'Operation Clear Horizon', '“Black Muslim Religion in the Nation of Islam,”
    has_cue = CUE_RE.search(masked, sentence[0], sentence[1]) is not None
    if words == 1:  # 'said it was “delighted”' is a quotation, 'the “reforms”' a scare quote
        spoken = ends_like_speech or _after_copula(masked, span) or _speaker_word(masked, span, sentence)
        return not has_cue or not spoken
    sentence_like = content[:1].isupper() and content[-1:] in ".!?…"
    return words <= 3 and not has_cue and not sentence_like


def is_direct(text: str, masked: str, span: MarkedSpan, sentence_start: int, previous_direct: bool) -> bool:
    """Whole sentences in quote marks; a fragment inside the journalist's sentence is partial."""
    content = text[span.start : span.end].lstrip(" “\"‘'")
    before = masked[sentence_start : span.open_at].rstrip()
    first_upper = content[:1].isupper() or content[:1].isdigit()
    if before.endswith(":"):  # 'He said: “We will not retreat.”', even when it starts in lower case
        return True
    if not before:
        return first_upper or content[-1:] in ".!?,"
    if before.endswith(","):
        if CUE_RE.search(before) is None:
            return False
        return first_upper or previous_direct
    return False
