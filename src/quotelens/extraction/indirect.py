"""Reported speech without quote marks: 'X said (that) CLAUSE', 'CLAUSE, X said', 'according to X'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import COMPLEMENT_VERBS, CUE_VERBS, REPORTING_VERBS, TELL_VERBS

_ADVERBIAL = (
    r"(?:only|also|however|again|publicly|privately|repeatedly|earlier|later|yesterday|today|tonight"
    r"|on\s+\w+|last\s+\w+|this\s+(?:morning|afternoon|evening|week)|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|in\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:statement|interview|message|letter|post|briefing)"
    r"(?:\s+(?:this|on|last)\s+\w+)?)"
)
_SKIP_AFTER_VERB = re.compile(r"(?:\s*,?\s*" + _ADVERBIAL + r"\b,?)*\s*(?:that\b)?\s*")
_TELL_OBJECT = re.compile(
    r"\s*(?:me|us|him|her|them|reporters|journalists|the\s+[\w-]+|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)\b"
)
_TRAILING_ATTRIBUTION_TAIL = re.compile(
    r"\s*(?:" + _ADVERBIAL + r"|told\s+\w+(?:\s+in\s+[A-Z]\w+)?|in\s+[A-Z]\w+)?\s*(?:[,;]|[.!?]*$)"
)
_COORDINATED_CUE = re.compile(
    r",?\s+(?:and|but)\s+(?:also\s+|later\s+|then\s+)?(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b"
)
_ACCORDING_TAIL = re.compile(r",\s*according to\b")
_PASSIVE_BEFORE = re.compile(r"\b(?:is|was|were|be|been|being|are|the)\s+$")
_FINAL_PUNCT = re.compile(r"[\s.!?;:,]+$")


@dataclass
class ReportedClause:
    start: int
    end: int
    cue: str
    cue_start: int
    structure: str  # "after-verb" | "before-attribution" | "according-to"


def clause_after_verb(masked: str, verb: str, verb_end: int, sent_end: int) -> tuple[int, int] | None:
    pos = verb_end
    if verb in TELL_VERBS:
        window = masked[pos : min(sent_end, pos + 80)]
        that = re.search(r"\bthat\b", window)
        if that and "," not in window[: that.start()]:
            pos += that.end()
        else:
            obj = _TELL_OBJECT.match(masked, pos, sent_end)
            pos = obj.end() if obj else pos
    pos = _SKIP_AFTER_VERB.match(masked, pos, sent_end).end()
    end = _clause_end(masked, pos, sent_end)
    minimum = 2 if verb in COMPLEMENT_VERBS else 3
    if end - pos <= 0 or len(masked[pos:end].split()) < minimum:
        return None
    if verb not in COMPLEMENT_VERBS and re.match(r"to\b|this\b|so\b|nothing\b|it\s*$", masked[pos:end]):
        return None
    return pos, end


def _clause_end(masked: str, start: int, sent_end: int) -> int:
    end = sent_end
    for pattern in (_COORDINATED_CUE, _ACCORDING_TAIL):
        match = pattern.search(masked, start, end)
        if match:
            end = match.start()
    trimmed = _FINAL_PUNCT.search(masked, start, end)
    return trimmed.start() if trimmed else end


def is_usable_cue(masked: str, cue: str, cue_start: int, cue_end: int, sent_start: int) -> bool:
    if cue == "according to":
        return True
    if cue not in REPORTING_VERBS:
        return False
    if _PASSIVE_BEFORE.search(masked[max(sent_start, cue_start - 12) : cue_start]):
        return False
    return not re.match(
        r"\s+(?:to\s+(?:be|have)\b|for\b|on\s+(?:the|him|her|them)\b)", masked[cue_end : cue_end + 20]
    )


def trailing_attribution(masked: str, cue_end: int, sent_end: int) -> bool:
    """True when the verb ends the sentence's attribution: 'CLAUSE, officials said (on Tuesday).'"""
    return _TRAILING_ATTRIBUTION_TAIL.match(masked, cue_end, sent_end) is not None


def clause_before_comma(masked: str, sent_start: int, comma_at: int) -> tuple[int, int] | None:
    end = _FINAL_PUNCT.search(masked, sent_start, comma_at + 1)
    end_at = end.start() if end else comma_at
    if len(masked[sent_start:end_at].split()) < 3:
        return None
    return sent_start, end_at


def is_cue_verb(word: str) -> bool:
    return word in CUE_VERBS
