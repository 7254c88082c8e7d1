"""Reported speech without quote marks: 'X said (that) CLAUSE', 'CLAUSE, X said', 'according to X'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    AMBIGUOUS_VERBS,
    CLAUSE_ONLY_VERBS,
    COMPLEMENT_VERBS,
    CUE_VERBS,
    IRREGULAR_PAST,
    REPORTING_VERBS,
    REQUEST_VERBS,
    TELL_VERBS,
)

_ADVERBIAL = (
    r"(?:only|also|however|again|(?!family\b|ally\b|holy\b)[a-z]{3,}ly|earlier|later|yesterday|today|tonight"
    r"|on\s+\w+|last\s+\w+|this\s+(?:morning|afternoon|evening|week)|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|in\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:statement|interview|message|letter|post|briefing)"
    r"(?:\s+(?:this|on|last)\s+\w+)?"
    r"|in\s+(?:19|20)\d\d|(?:at|during)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:news\s+conference|press\s+conference|briefing|hearing|rally|speech|interview|debate|meeting|summit))"
)
_SKIP_AFTER_VERB = re.compile(r"(?:\s*,?\s*" + _ADVERBIAL + r"\b,?)*\s*(?:that\b)?\s*")
_CAPITALISED_RUN = r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*"  # 'the State Department', 'AP'
_TELL_OBJECT = re.compile(
    r"\s*(?:me|us|him|her|them|reporters|journalists|(?:the\s+)?" + _CAPITALISED_RUN + r"|the\s+[\w-]+)\b"
    r"|\s*(?:[\w’'.-]+\s+){1,4}?(?=(?:he|she|they|it|we|I|there)\s)"  # 'told police he had a gun'
)
_OBJECT_THEN_THAT = re.compile(r"\s+(?:(?!(?:he|she|they|we|I|it|there)\s)[\w’'.-]+\s+){1,7}?that\s+")
_TRAILING_ATTRIBUTION_TAIL = re.compile(
    r"\s*(?:told\s+\w+|(?:to\s+)?(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})?"  # '..., Ann told Fox News'
    r"\s*(?:" + _ADVERBIAL + r"|in\s+[A-Z]\w+|in\s+\d{4}"
    r"|in\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?(?:study|report|paper|article|speech|email|memo|filing"
    r"|tweet|column|editorial|op-ed|book)(?:\s+(?:published|released|posted|issued)\s+(?:in|on|by)\s+[^,;:.·]{1,50})?"
    r")?\s*(?:[,;]|[.!?]*$)"
)
_COORDINATED_CUE = re.compile(
    r",?\s+(?:and|but)\s+(?:also\s+|later\s+|then\s+)?(?:" + "|".join(sorted(CUE_VERBS)) + r")\b"
)
_ACCORDING_TAIL = re.compile(r",\s*according to\b")
# ', saying ...', ', while saying ...': a participle that reports a second clause of the same speaker
_PARTICIPLE_CUE = re.compile(
    r",\s+(?:while\s+|and\s+)?(?:" + "|".join(sorted(v for v in REPORTING_VERBS if v.endswith("ing"))) + r")\b"
)
_CUE_ALT = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
# ', he told The Daily Caller on Sunday' / ', the people said' closing a reported clause
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:[\w’'.-]+\s+){1,7}?(?:" + _CUE_ALT + r")\b"
    r"(?:\s+(?:on|in|at|to|last|this|during|reporters|journalists|[A-Z][\w’'.-]*|the\s+[A-Z][\w’'.-]*)"
    r"(?:\s+[^\s,;:·]+){0,6})?\s*$"
    r"|,\s+(?:" + _CUE_ALT + r")\s+(?:[\w’'.-]+\s*){1,8}$"
)
# '; Father Modenbach has ...' or ', but prosecutors argued ...': a new clause with its own speaker
_NEW_CLAUSE = re.compile(
    r";\s|,\s+(?:but|while|whereas)\s+(?:[\w’'.-]+\s+){1,6}?(?:" + _CUE_ALT + r")\b"
    r"|,\s+(?:but\s+|and\s+)?(?:he|she|they|we|it)(?:[’']\w+)?\s+(?:\w+\s+){0,2}?(?:" + _CUE_ALT + r")\b"
)
_COORDINATED_ACT = re.compile(
    r",?\s+(?:and|but)\s+(?:also\s+|even\s+|then\s+|later\s+)?[a-z]+ed\s+(?=the\b|a\b|an\b|his\b|her\b|their\b|its\b|[A-Z])"
)
# ', though in fact he remains alive': the journalist's concession after the reported clause
_CONCESSION = re.compile(r",\s+(?:though|although|even\s+though|whereas)\s")
_LEADING_JUNK = re.compile(r"[\s,;:(\[—–-]+|(?:But|And|So|Yet)\s+")
_PASSIVE_BEFORE = re.compile(r"\b(?:is|was|were|be|been|being|are|the)\s+(?:\w+ly\s+)?$")
# 'the final say', 'Let’s say', 'goes without saying', 'to say': no one is reported as saying anything
_NOT_A_SPEECH_ACT = re.compile(
    r"(?:\b(?:a|an|these|those|its|his|her|their|our|final|without|for|let[’']s|let\s+us|no"
    r"|(?:might|could|would|should|may)(?:\s+have)?)"
    r"|(?<!\bon)\s+to|^to)\s+$",
    re.IGNORECASE,
)
_POSSESSIVE_BEFORE = re.compile(r"\b(?!(?:he|she|it|that|who|there|what)[’']s)\w+[’']s\s+$", re.IGNORECASE)
_NEGATED = re.compile(r"(?:n[’']t|\bnot|\bnever|\bno\s+one|\bnobody)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
_VERB_FIRST = re.compile(
    r"(?:is|was|were|are|has|have|had)\b|[a-z]+ed\s+(?:over|at|in|on|to|by|from|the|a|an|his|her|their)\b"
)
_NOT_A_CLAUSE = re.compile(
    r"(?:to|this|so|nothing|about(?!\s+(?:half|a\s+(?:third|quarter|dozen)|\d))|with|out|more|for|up|of|by|over|into"
    r"|from|at|as|goodbye|hello|yes|no"
    r"|after|before|during|while|when|until|since|[a-z]+ing)\b"
    r"|it(?:\s+(?:over|with|again|too|before|in|on|at|to|all|first|best|aloud|publicly|clearly)\b|\s*$)"
    r"|(?:the|a|an|his|her|their)\s+(?:situation|story|details?|reasons?|case|truth)\b"
)
_CITATION_TAIL = re.compile(r"\s*\((?:\d\s)?[A-Z][\w.’' ]{1,30}?\s\d+[:.]\d+(?:[-–]\d+)?\)$")
# A verb that makes a reported clause a clause: 'he went', 'it was', 'they're', 'the victim to keep quiet'
_FINITE = re.compile(
    r"\b(?:is|was|were|are|am|be|been|has|have|had|will|would|can|could|should|shall|may|might|must|do|does"
    r"|[a-z]+ed|[a-z]*[^su\W]s|[a-z]+n[’']t|[’'](?:s|re|ll|d|ve)|" + "|".join(sorted(IRREGULAR_PAST)) + r")\b"
    r"|\bto\s+(?!(?:the|a|an|his|her|their|its|my|our|your|this|that)\b)[a-z]+"
)
_TRAILING_SUBJECT = re.compile(r",\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4}\s+$")
_FINAL_PUNCT = re.compile(r"[\s.!?;:,…]+$")


@dataclass
class ReportedClause:
    start: int
    end: int
    cue: str
    cue_start: int
    structure: str  # "after-verb" | "before-attribution" | "according-to"


_THAT_AFTER = re.compile(
    r"\s+(?:(?:in|on|at|during|before|after|with|last|this|earlier)\s+[^,;:.·\"“”]{1,70}?"
    r"|(?:to\s+)?(?:me|us|him|her|them|reporters|journalists|(?:the\s+)?(?:[A-Z][\w.’'-]*\s*){1,4}"
    r"|the\s+[a-z]+)"  # 'warned the pope that'
    r"(?:\s+(?:in|on|at|during|last|this)\s+[^,;:.·\"“”]{1,40}?)?)\s+that\s+"
)


_RELATIVE_BEFORE = re.compile(r"(?:,\s+|\s)(?:who|which)\s+(?:[\w’'.-]+\s+){0,4}$")
_RELATIVE_CLOSE = re.compile(
    r",\s+(?:also\s+)?(?:[a-z]+ed|[a-z]{3,}s|told|have|has|had|is|are|was|were|will|would|can|could|may|might)\b"
)


def clause_after_verb(
    masked: str, verb: str, verb_end: int, sent_end: int, relative: bool = False
) -> tuple[int, int] | None:
    """The reported clause after a speech verb ('said (that) CLAUSE', 'vowed to retaliate'), or None; in a
    relative clause ('Ford, who claims CLAUSE, appeared') it stops at the comma that closes the relative."""
    pos, introduced = _clause_start(masked, verb, verb_end, sent_end)
    closing = _RELATIVE_CLOSE.search(masked, pos, sent_end) if relative else None
    sent_end = closing.start() if closing else sent_end
    end = _clause_end(masked, pos, sent_end, verb in COMPLEMENT_VERBS)
    clause = masked[pos:end]
    if end - pos <= 0 or len(clause.split()) < (2 if verb in COMPLEMENT_VERBS else 3):
        return None
    if re.match(_VERB_FIRST, clause) and (not introduced or re.match(r"[a-z]+ed\s", clause)):
        return (
            None  # 'something she claims happened', 'reports that caused': the verb sits in a relative clause
        )
    free = verb in COMPLEMENT_VERBS or verb == "according to" or introduced
    if not free and re.match(_NOT_A_CLAUSE, clause):
        return None
    if not introduced and verb in CLAUSE_ONLY_VERBS and not _FINITE.search(clause):
        return None  # 'wrote a long post on Monday': a noun phrase, not a reported clause
    return pos, end


def _clause_start(masked: str, verb: str, pos: int, sent_end: int) -> tuple[int, bool]:
    """Where the clause starts after the verb, its object and adverbials; True when 'that' introduces it."""
    that = _THAT_AFTER.match(masked, pos, sent_end)  # 'said in congressional testimony that', 'told AP that'
    if that and (verb not in COMPLEMENT_VERBS or re.match(r"\s+(?:in|on|at|during)\s", that.group())):
        pos = that.end()
    elif verb in TELL_VERBS:
        that = _OBJECT_THEN_THAT.match(masked, pos, sent_end)  # 'told the State Department that'
        pos = that.end() if that else _after_tell_object(masked, pos, sent_end)
    if verb == "according to":  # 'According to X, on August 2, the destroyer ...': the adverbial is reported
        return len(masked[pos:sent_end]) - len(masked[pos:sent_end].lstrip()) + pos, False
    skipped = _SKIP_AFTER_VERB.match(masked, pos, sent_end)
    return skipped.end(), that is not None or re.search(r"\bthat\s*$", skipped.group()) is not None


def _after_tell_object(masked: str, pos: int, sent_end: int) -> int:
    order = re.match(r"(?:\s+[\w’'.-]+){1,4}?\s+to\s", masked[pos:sent_end])
    pronoun_object = re.match(r"\s+(?:me|us|him|her|them)\s+(?!to\s)", masked[pos:sent_end])
    finite = r"\b(?:he|she|they|we|I|it|there|[a-z]+ed|had|has|have|was|were|is|are|will|would)\b"
    if order and not pronoun_object and not re.search(finite, order.group()):
        return pos  # 'told the Muslim invaders to leave': the object belongs to the reported order
    obj = _TELL_OBJECT.match(masked, pos, sent_end)
    if obj and not re.match(r"\s+to\b", masked[obj.end() : obj.end() + 4]):
        return obj.end()  # 'told reporters (,) he ...' but 'told the invaders to leave'
    if re.match(r"\s*[a-z]+,", masked[pos : pos + 30]):
        return masked.index(",", pos) + 1  # 'he told doctors, he had walked ...'
    return pos


def _clause_end(masked: str, start: int, sent_end: int, complement: bool = False) -> int:
    """End of a reported clause; a complement ('threatened to X') also stops at a coordinated act."""
    end = sent_end
    patterns = [_COORDINATED_CUE, _ACCORDING_TAIL, _PARTICIPLE_CUE, _NEW_CLAUSE, _CONCESSION]
    patterns += [_COORDINATED_ACT] if complement else []
    for pattern in patterns:
        match = pattern.search(masked, start, end)
        if match:
            end = match.start()
    trimmed = _FINAL_PUNCT.search(masked, start, end)
    tail = _ATTRIBUTION_TAIL.search(masked, start, trimmed.start() if trimmed else end)
    if tail and tail.start() > start:
        end = tail.start()
    trimmed = _FINAL_PUNCT.search(masked, start, end)
    return trimmed.start() if trimmed else end


def tidy_clause(masked: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Drop a leading comma, bracket or 'But' and the final punctuation; None when too little is left."""
    if span is None:
        return None
    start, end = span
    lead = _LEADING_JUNK.match(masked, start, end)
    while lead and lead.end() > start:
        start = lead.end()
        lead = _LEADING_JUNK.match(masked, start, end)
    trimmed = _FINAL_PUNCT.search(masked, start, end)
    end = trimmed.start() if trimmed else end
    citation = _CITATION_TAIL.search(masked, start, end)  # '... the evils of King Herod (Luke 3:19)'
    end = citation.start() if citation else end
    return (start, end) if len(masked[start:end].split()) >= 2 else None


def is_passive(masked: str, cue_start: int, sent_start: int) -> bool:
    """'was accused', 'has been credibly accused', 'the said': the verb's subject is not its speaker."""
    if re.match(r"\w+ing\b", masked[cue_start : cue_start + 15]):
        return False  # 'is saying' is progressive, not passive
    return _PASSIVE_BEFORE.search(masked[max(sent_start, cue_start - 25) : cue_start]) is not None


def _used_as_verb(masked: str, cue: str, cue_start: int, cue_end: int) -> bool:
    if re.match(r"\s*(?:that\b|,)", masked[cue_end:]):
        return True
    ends_sentence = re.match(r"[.!?]", masked[cue_end : cue_end + 1]) is not None
    if ends_sentence and _TRAILING_SUBJECT.search(masked, max(0, cue_start - 80), cue_start):
        return True  # 'CLAUSE, The New York Times reports.': a trailing attribution
    if not cue.startswith("claim"):
        return False
    previous = masked[max(0, cue_start - 20) : cue_start].split()
    subject_like = bool(previous) and re.fullmatch(r"who|they|we|he|she|[A-Z][\w’'.-]*|[a-z]+s", previous[-1])
    return bool(subject_like) or re.match(r"\s+to\s", masked[cue_end:]) is not None


def is_usable_cue(masked: str, cue: str, cue_start: int, cue_end: int, sent_start: int) -> bool:
    if cue == "according to":
        return True
    if cue in AMBIGUOUS_VERBS:  # 'claims that', 'Democrats claim they ...'; not 'his travel claims'
        return _used_as_verb(masked, cue, cue_start, cue_end)
    if cue in REQUEST_VERBS:  # 'called on the council to act', not 'called on the phone'
        return _REQUEST.match(masked, cue_end) is not None and not is_passive(masked, cue_start, sent_start)
    if cue not in REPORTING_VERBS or masked[cue_start - 1 : cue_start] == "-":  # 'above-mentioned'
        return False
    if is_passive(masked, cue_start, sent_start):
        return False
    if _NOT_A_SPEECH_ACT.search(masked[max(sent_start, cue_start - 25) : cue_start]):
        return False
    if _POSSESSIVE_BEFORE.search(masked[max(sent_start, cue_start - 30) : cue_start]):
        return False  # 'the pontiff’s professed empathy': an adjective or a noun, not a verb
    if _NEGATED.search(masked[max(sent_start, cue_start - 30) : cue_start]):
        return False  # 'officials haven't said whether', 'Barros has never denied': speech nobody made
    if cue in {"said", "says", "say", "reported"} and re.match(r"\s+to\s+(?:be|have)\b", masked[cue_end:]):
        return False  # 'is said to be', 'was reported to have'
    return not re.match(r"\s+(?:for\b|on\s+(?:the|him|her|them)\b)", masked[cue_end : cue_end + 20])


# The addressee and the order after a request verb: '(called on) the council to act'
_REQUEST = re.compile(r"\s+(?!(?:he|she|they|we|I|it|there)\b|[a-z]+ing\b)(?:[\w’'.-]+\s+){1,5}?to\s+[a-z]{2,}\b")


def trailing_attribution(masked: str, cue_end: int, sent_end: int) -> bool:
    """True when the verb ends the sentence's attribution: 'CLAUSE, officials said (on Tuesday).'"""
    return _TRAILING_ATTRIBUTION_TAIL.match(masked, cue_end, sent_end) is not None


def clause_before_comma(masked: str, sent_start: int, comma_at: int) -> tuple[int, int] | None:
    end = _FINAL_PUNCT.search(masked, sent_start, comma_at + 1)
    end_at = end.start() if end else comma_at
    if len(masked[sent_start:end_at].split()) < 3:
        return None
    return sent_start, end_at


def in_relative_clause(masked: str, sent_start: int, cue_start: int) -> bool:
    """'Omar Smith, who says ...', 'The concerns, which the department says ...': a cue inside a relative."""
    return _RELATIVE_BEFORE.search(masked, max(sent_start, cue_start - 60), cue_start) is not None


def is_cue_verb(word: str) -> bool:
    return word in CUE_VERBS
