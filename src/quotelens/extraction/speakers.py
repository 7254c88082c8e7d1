"""Speaker noun phrases around speech verbs, and pronoun resolution to the nearest fitting mention."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    AUXILIARIES,
    CLAUSE_OPENERS,
    CUE_VERBS,
    DETERMINERS,
    FEMALE_WORDS,
    MALE_WORDS,
    ORG_WORDS,
    PERSON_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    TIME_WORDS,
)

MODALS = frozenset(
    "has have had is was were are be been will would shall should can could may might must did does".split()
)
PARTICLES = frozenset({"out", "down", "up", "to", "on", "about", "with", "of", "off", "back"})
DISCOURSE_WORDS: frozenset[str] = frozenset(
    """
    again also but and so yet then thus hence indeed still now well nope yes no instead meanwhile even
    moreover furthermore finally first second third however besides likewise similarly concerning
    regarding unfortunately fortunately sadly clearly obviously of course
    """.split()
)

Token = tuple[int, int, str]  # start, end, word
SEGMENT_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|--|[\"“”‘·]+|’(?!\w)")
_PARENTHETICAL = re.compile(r"\s*\([^()\n]{1,80}\)")
WORD = re.compile(r"[^\s,;:()\[\]—–\"“”‘·]+")
NOT_SUBJECTS = frozenset(
    ["what", "why", "how", "when", "where", "who", "which", "back", "tonight", "convenient", "i"]
)
IRREGULAR_VERBS = frozenset(
    [
        "made",
        "went",
        "gave",
        "spoke",
        "took",
        "came",
        "left",
        "put",
        "kept",
        "held",
        "met",
        "sent",
        "got",
        "saw",
        "knew",
        "began",
    ]
)
ATTRIBUTION_NOUNS = frozenset(["reports", "estimates", "claims", "statements", "remarks", "findings", "notes"])
ADVERBS = frozenset(
    ["meanwhile", "however", "too", "though", "instead", "moreover", "nonetheless", "nevertheless", "now"]
)
RELATIVES = frozenset({"who", "which", "whom", "whose"})
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
COORDINATED = (
    "coordinated"  # marker: the verb shares its subject with an earlier verb ("X denied ... and said")
)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # person | org | group | unknown
    gender: str | None = None
    speaker: bool = False  # the mention attributes a quotation or is a sentence's subject


def _clean(word: str) -> str:
    word = word.rstrip("’'")
    return word[:-1] if word.endswith(".") and "." not in word[:-1] and len(word) > 3 else word


def words(masked: str, start: int, end: int) -> list[Token]:
    tokens = []
    for match in WORD.finditer(masked, start, end):
        word = _clean(match.group())
        if word:
            tokens.append((match.start(), match.start() + len(word), word))
    return tokens


def hide_parentheses(masked: str, start: int, end: int) -> str:
    """`masked` with short parentheticals in [start, end) blanked: 'Sen. Orrin Hatch (R-Utah) said'."""
    inner = _PARENTHETICAL.sub(lambda m: " " * len(m.group()), masked[start:end])
    return masked[:start] + inner + masked[end:]


def segments(masked: str, start: int, end: int) -> list[list[Token]]:
    """Comma- (and dash-, bracket-, quote-) separated stretches of words between start and end."""
    masked = hide_parentheses(masked, start, end)
    pieces, last = [], start
    for match in SEGMENT_BREAK.finditer(masked, start, end):
        pieces.append(words(masked, last, match.start()))
        last = match.end()
    pieces.append(words(masked, last, end))
    return pieces


def _lowered(word: str) -> str:
    """The word in lowercase, except an acronym such as 'WHO' or 'AS', which names something."""
    return word if word.isupper() and len(word) > 1 else word.lower()


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit() and len(word) > 1 and word[1:2].isupper()


def _is_name(tokens: list[Token]) -> bool:
    return 0 < len(tokens) <= 5 and all(
        is_capitalised(w) or w.lower() in {"of", "al", "bin"} for _, _, w in tokens
    )


def _is_adverb(word: str) -> bool:
    """'vehemently', 'quickly': a lowercase -ly word (names such as 'Kelly' are capitalised)."""
    return (
        word.islower()
        and word.endswith("ly")
        and len(word) > 4
        and word not in {"family", "ally", "assembly"}
    )


def _strip_trailing(tokens: list[Token]) -> list[Token]:
    while tokens and (
        tokens[-1][2].lower() in AUXILIARIES | TIME_WORDS | ADVERBS
        or tokens[-1][2] in {"on", "last", "this", "late", "early"}
        or _is_adverb(tokens[-1][2])
        or tokens[-1][2] == "since"
        and len(tokens) > 1
        and tokens[-2][2] in {"have", "has", "had"}
    ):
        tokens = tokens[:-1]
    return tokens


def _cut_clause_opener(tokens: list[Token]) -> list[Token] | None:
    """Words after the last clause opener; None when nothing follows it (a coordinated verb)."""
    for k in range(len(tokens) - 1, -1, -1):
        word = _lowered(tokens[k][2])  # 'the WHO' names an agency
        if word not in CLAUSE_OPENERS:
            continue
        if (
            word == "and"
            and 0 < k < len(tokens) - 1
            and is_capitalised(tokens[k - 1][2])
            and is_capitalised(tokens[k + 1][2])
            or _joins_descriptions(tokens, k)
        ):
            continue  # "Geller and Spencer said", "leader and prominent antisemite Louis Farrakhan said"
        return tokens[k + 1 :] or None
    return tokens


def _strip_intro(tokens: list[Token]) -> list[Token]:
    """Drop a leading adverbial such as 'On Monday', 'Last week', 'In the village of Oren'."""
    if not tokens or tokens[0][2].lower() not in PREPOSITIONS:
        return tokens
    for j in range(1, len(tokens)):
        word, prev = tokens[j][2], tokens[j - 1][2].lower()
        starts_np = word.lower() in DETERMINERS or is_capitalised(word)
        if (
            starts_np
            and prev not in PREPOSITIONS | DETERMINERS | {"of", "by"}
            and not is_capitalised(tokens[j - 1][2])
        ):
            return tokens[j:]
        if starts_np and prev.capitalize() in {d.capitalize() for d in TIME_WORDS}:
            return tokens[j:]
    return []


def _tail_np(tokens: list[Token]) -> list[Token]:
    """The noun phrase ending a segment: 'a complaint filed by the Civic Alliance' -> 'the Civic Alliance'."""
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k][2].lower() in PREPOSITIONS | {"by", "to"}:
            return tokens[k + 1 :]
    return tokens


def _valid(tokens: list[Token]) -> bool:
    if not tokens or len(tokens) > 12:
        return False
    last = _lowered(tokens[-1][2])
    if last in CLAUSE_OPENERS | PREPOSITIONS | DETERMINERS | {"of"} or last in CUE_VERBS - ATTRIBUTION_NOUNS:
        return False
    return any(ch.isalpha() for _, _, w in tokens for ch in w)


_LEADING_JUNK = re.compile(r"^(?:[-–—•*…·]+\s*|©\s*(?:AFP|AP|EPA|Reuters|Getty Images)\s+)")
_POSSESSIVE = re.compile(r"(?<=\w)[’']s$")
_CONTRACTION = re.compile(r"(?i)^(?:it|he|she|let|there|that|what|who|here)[’']s$")


def tidy_speaker(text: str) -> tuple[int, int]:
    """How much of a found speaker to cut, as (chars at its start, chars at its end): a bullet, dash or
    photo credit before it, a possessive after it ('- Bishop Thomas' -> 'Bishop Thomas', '© AFP
    Karadima' -> 'Karadima', 'Kavanaugh’s' -> 'Kavanaugh'). A contraction ('It’s') is left whole."""
    junk = _LEADING_JUNK.match(text)
    lead = junk.end() if junk else 0
    tail = 2 if _POSSESSIVE.search(text) and not _CONTRACTION.match(text) else 0
    if not any(ch.isalpha() for ch in text[lead : len(text) - tail]):
        return 0, 0
    return lead, tail


def subject_before(masked: str, start: int, verb_start: int) -> tuple[int, int] | str | None:
    """Offsets of the subject of the verb at verb_start, COORDINATED, or None."""
    pieces = segments(masked, start, verb_start)
    adjacent = True
    for index in range(len(pieces) - 1, -1, -1):
        tokens = _strip_trailing(pieces[index]) if adjacent else pieces[index]
        if not tokens or all(w.lower() in ADVERBS or w.isdigit() for _, _, w in tokens):
            adjacent = False
            continue
        if tokens[0][2].lower() in {"which", "whom"} and len(tokens) > 1 and adjacent:
            return _subject_span(tokens[1:])  # 'The concerns, which the department says ...': the department
        if _lowered(tokens[0][2]) in RELATIVES:
            if (
                adjacent and index > 0
            ):  # ", which last week accused": the antecedent ends the previous segment
                return _span(_antecedent(pieces[:index]))
            adjacent = False
            continue
        if not adjacent and index > 0 and _is_aside(tokens):
            continue  # 'Kerry, from Weston-super-Mare, told', 'De Lubac, recalling that drama, said'
        if not adjacent and index > 0 and _is_place_tail(pieces[index - 1], tokens):
            continue  # the state in 'Stern, of the institute in Boulder, Colorado, notes'
        if adjacent and index > 0 and _is_description(tokens) and _names_speaker(pieces[index - 1]):
            return _span(pieces[index - 1])  # 'Gavino Zarate, secretary of the party told'
        who = _relative_at(tokens) if adjacent else None
        if who:  # 'including widow Bushra Bibi who said', 'Cardinal X who was responsible for it told'
            antecedent = _relative_antecedent(tokens[:who])
            if antecedent and _described_name(pieces, index, antecedent):
                return _span(pieces[index - 1])
            return _subject_span(antecedent) if antecedent else None
        cut = _cut_clause_opener(tokens)
        if cut is None or _verb_phrase(cut):
            return COORDINATED
        cut = _strip_intro(cut)
        if not cut:
            return None
        if index > 0 and not adjacent:
            cut = _appositive_head(pieces[:index], cut)
        return _subject_span(cut)
    return None


def _described_name(pieces: list[list[Token]], index: int, antecedent: list[Token]) -> bool:
    """'Ann Roe, the teacher who says ...': a description after a name, which is the speaker."""
    return antecedent[0][2].lower() in DETERMINERS and index > 0 and _names_speaker(pieces[index - 1])


def _subject_span(cut: list[Token]) -> tuple[int, int] | None:
    if cut[-1][2].lower() in PRONOUNS:  # 'In fact, she said she recalled'
        cut = cut[-1:]
    elif cut[0][2].lower() in PRONOUNS:  # 'He justified hijacking planes, described ...'
        cut = cut[:1]
    cut = _name_before_affiliation(cut)
    return _span(cut[-10:]) if _valid(cut) else None


def _name_before_affiliation(tokens: list[Token]) -> list[Token]:
    """'Agustín Sánchez-Lavega of the University of the Basque Country' -> the name; titles keep theirs."""
    for k in range(2, len(tokens) - 1):
        word, previous = tokens[k][2], tokens[k - 1][2].lower()
        affiliation = word in {"of", "from", "at"} and tokens[k + 1][2] in {"the", "a"}
        if (
            affiliation
            and previous not in PERSON_WORDS | ORG_WORDS
            and all(is_capitalised(w) for *_, w in tokens[:k])
        ):
            return tokens[:k]
    return tokens


def _verb_phrase(tokens: list[Token]) -> bool:
    """'but continued to', 'and would in fact': a verb sharing the subject of an earlier verb."""
    first, last = tokens[0][2], tokens[-1][2].lower()
    return first.islower() and (first.endswith("ed") or first in MODALS or last == "to")


def _is_aside(tokens: list[Token]) -> bool:
    """A segment between a subject and its verb that cannot be the subject: 'of the institute', 'writing in
    1985', 'from Weston-super-Mare'."""
    first = tokens[0][2]
    return first.lower() in PREPOSITIONS | {"of"} or first.islower() and first.endswith("ing") and len(first) > 4


def _is_place_tail(before: list[Token], tokens: list[Token]) -> bool:
    """'Colorado' after '... in Boulder': a short name completing the place that ends the segment before."""
    if not tokens or len(tokens) > 3 or not all(is_capitalised(w) for *_, w in tokens):
        return False
    if any(w.lower() in PERSON_WORDS for *_, w in before):
        return False  # 'The WHO's representative in Zambia, Dr. Amina Sesay': the name the title awaits
    for k in range(len(before) - 1, -1, -1):
        if not is_capitalised(before[k][2]):
            return before[k][2] in {"in", "from", "at"} and k < len(before) - 1
    return False


def _names_speaker(tokens: list[Token]) -> bool:
    return _is_name(tokens) and not _opens_chain(tokens)


def _is_description(tokens: list[Token]) -> bool:
    """'secretary of the Harris County Green Party', 'a spokesman for the ministry': a lowercase title."""
    return tokens[0][2].islower() and any(w.lower() in PERSON_WORDS for *_, w in tokens[:3])


def _relative_at(tokens: list[Token]) -> int | None:
    """Index of a 'who' opening a relative clause that ends before the verb ('X who was there said'), or of
    a 'who'/'which' right before it ('X who said')."""
    if len(tokens) > 1 and tokens[-1][2] in {"who", "which"}:  # not 'the WHO'
        return len(tokens) - 1
    whos = [k for k, (*_, w) in enumerate(tokens) if w == "who"]
    if whos and 0 < whos[-1] < len(tokens) - 1 and tokens[whos[-1] + 1][2].lower() in AUXILIARIES:
        return whos[-1]
    return None


def _relative_antecedent(tokens: list[Token]) -> list[Token]:
    """The noun phrase before 'who': 'in union with Pope Francis' -> 'Pope Francis', 'including X' -> 'X'."""
    tail = _tail_np(tokens)
    if len(tail) > 1 and tail[0][2].lower().endswith("ing"):
        tail = tail[1:]
    cut = _cut_clause_opener(tail)
    return _strip_intro(cut) if cut else tail


def _antecedent(earlier: list[list[Token]]) -> list[Token]:
    """'Sean Cardinal O’Malley – a member of the council – who said': the name before an appositive."""
    tail = _tail_np(earlier[-1])
    if len(earlier) > 1 and earlier[-1] and earlier[-1][0][2].lower() in {"a", "an"}:
        before = _tail_np(earlier[-2])
        if _is_name(before[-5:]):
            return before[-5:]
    return tail


def _opens_chain(tokens: list[Token]) -> bool:
    """True for a segment that cannot be part of 'NAME, description, said': an intro or a clause."""
    first = tokens[0][2].lower()
    return (
        first in PREPOSITIONS | CLAUSE_OPENERS | TIME_WORDS | ADVERBS | DISCOURSE_WORDS
        or first.endswith(("ing", "ly"))
        or any(w.lower() in CLAUSE_OPENERS | CUE_VERBS | AUXILIARIES for _, _, w in tokens[1:])
    )


def _appositive_head(earlier: list[list[Token]], last: list[Token]) -> list[Token]:
    """In 'Robert McManus, Bishop of Worcester, Massachusetts, said' the earliest name-like segment."""
    chain = [last]
    for tokens in reversed(earlier[-3:]):
        if not tokens or _opens_chain(tokens) or len(tokens) > 10:
            break
        chain.insert(0, tokens)
    names = [tokens for tokens in chain if _is_name(tokens) and tokens[0][2].lower() not in DETERMINERS]
    if names:  # 'The President of AMANA, Sofian Zakkout, has referred': the name, not the title
        return names[0]
    return chain[0] if len(chain) > 1 and _is_appositive(last) else last


def _is_appositive(tokens: list[Token]) -> bool:
    return any(not is_capitalised(w) and w.lower() not in {"of"} for _, _, w in tokens)


def _span(tokens: list[Token]) -> tuple[int, int] | None:
    return (tokens[0][0], tokens[-1][1]) if _valid(tokens) else None


def subject_after(masked: str, start: int, end: int, source: bool = False) -> tuple[int, int] | None:
    """The subject of an inverted attribution ('said Deputy Chair Tomasz Wieczorek', 'according to X');
    a `source` ('according to leaked documents', 'according to WHO estimates') is a plain noun phrase."""
    stop = SEGMENT_BREAK.search(masked, start, end)
    chosen: list[Token] = []
    tokens = words(masked, start, stop.start() if stop else min(end, start + 120))
    for k, token in enumerate(tokens):
        lower = _lowered(token[2])
        if lower == "and" and chosen and any(is_capitalised(w) for *_, w in tokens[k + 1 : k + 5]):
            chosen.append(token)  # 'said attorney and child advocate Elizabeth Yore'
            continue
        if source and _source_word(lower, chosen):
            chosen.append(token)
            continue
        if lower in AUXILIARIES | CLAUSE_OPENERS | CUE_VERBS | PREPOSITIONS - {"at"} or lower.endswith("ed"):
            break
        chosen.append(token)
    while chosen and chosen[-1][2].lower() in DETERMINERS | {"of", "for", "at"}:
        chosen.pop()
    return _span(chosen[:10])


def _source_word(lower: str, chosen: list[Token]) -> bool:
    """A noun such as 'reports' or 'estimates', or a participle before its noun ('leaked documents')."""
    if lower in ATTRIBUTION_NOUNS:
        return True
    return lower.endswith("ed") and all(w.lower() in DETERMINERS for *_, w in chosen)


def leading_np(masked: str, start: int, end: int) -> tuple[int, int] | None:
    """The subject at the start of a sentence ('Whitfield, a former deputy, did not stop there')."""
    pieces = segments(masked, start, min(end, start + 240))[:5]
    for index, piece in enumerate(pieces[:4]):
        tokens = _strip_intro(_strip_discourse(piece))
        if not tokens or _is_adverbial(tokens):
            continue
        if tokens[0][2].lower() in PRONOUNS:
            return _span(tokens[:1])
        chosen: list[Token] = []
        stopped = False
        for k, token in enumerate(tokens[:12]):
            lower = token[2].lower()
            if lower in AUXILIARIES | CUE_VERBS | NOT_SUBJECTS | IRREGULAR_VERBS or (
                lower.endswith("ed") and k > 0
            ):
                stopped = True
                break
            if lower in CLAUSE_OPENERS and not _joins_descriptions(tokens, k):
                break
            chosen.append(token)
        if not stopped:
            following = pieces[index + 1] if index + 1 < len(pieces) else []
            chosen = following if _is_name(following) and _is_appositive(chosen) else _until_last_name(chosen)
        if _mentions_journalist(chosen):
            return None
        return _span(chosen)
    return None


def _joins_descriptions(tokens: list[Token], k: int) -> bool:
    """'Nation of Islam leader and prominent antisemite Louis Farrakhan': 'and' inside one title."""
    if tokens[k][2] != "and" or k == 0 or not tokens[k - 1][2].islower():
        return False
    rest = tokens[k + 1 : k + 5]
    return any(is_capitalised(w) for *_, w in rest) and not any(
        w.lower() in AUXILIARIES | CUE_VERBS or w.endswith("ed") for *_, w in rest
    )


def _strip_discourse(tokens: list[Token]) -> list[Token]:
    """Drop leading 'But', 'And', 'As', 'Now' before a sentence's subject."""
    while len(tokens) > 1 and tokens[0][2].lower() in DISCOURSE_WORDS | {"as", "while", "when"}:
        tokens = tokens[1:]
    return tokens


def _is_adverbial(tokens: list[Token]) -> bool:
    """A segment such as 'Strangely', 'Again', 'Of course', 'Speaking from Madagascar', '(While) questioning
    Kavanaugh' or a date such as 'January 17'."""
    first = tokens[0][2].lower()
    if len(tokens) <= 2 and all(w.lower() in DISCOURSE_WORDS or w.lower().endswith("ly") for *_, w in tokens):
        return True
    if first in MONTHS and all(w.lower() in MONTHS or w.rstrip("stndrh").isdigit() for *_, w in tokens):
        return True
    follower = tokens[1][2].lower() if len(tokens) > 1 else ""
    participle = first.endswith("ing") and len(first) > 4
    if participle and (follower in PREPOSITIONS | DETERMINERS | PARTICLES or tokens[0][2].islower()):
        return True
    return first.endswith("ed") and len(first) > 4 and follower in PREPOSITIONS  # 'Filed in January and ...'


def _until_last_name(tokens: list[Token]) -> list[Token]:
    """Keep words up to the last name-like head, stopping at a verb-like lowercase word."""
    last = -1
    for k, (_, _, word) in enumerate(tokens):
        lower = word.lower()
        if _np_head_like(word):
            last = k
        elif (
            k > 0
            and lower not in DETERMINERS
            and not any(is_capitalised(w) for _, _, w in tokens[k + 1 : k + 4])
        ):
            break
    return tokens[: last + 1]


def _mentions_journalist(tokens: list[Token]) -> bool:
    return any(w.lower() in {"correspondent", "reporter", "anchor", "presenter"} for _, _, w in tokens)


def _np_head_like(word: str) -> bool:
    lower = word.lower()
    return (
        is_capitalised(word)
        or lower in ORG_WORDS | PERSON_WORDS | PRONOUNS
        or lower.endswith(("ers", "ists", "ials"))
    )


_HEAD_BEFORE_PREPOSITION = re.compile(
    r"^(.*?\b[a-z][\w'-]*)\s+(?:against|about|over|on|of|by|from|with|for|in)\s+[A-Z]"
)


def _head_phrase(text: str) -> str:
    """'The allegations against Brett Kavanaugh' -> 'The allegations': a common noun before a preposition
    heads the phrase, so the name after it does not make the phrase a person."""
    match = _HEAD_BEFORE_PREPOSITION.match(text)
    if match and match.group(1).split()[-1].lower() not in PERSON_WORDS | ORG_WORDS:
        return match.group(1)
    return text


def classify(text: str) -> Mention:
    tokens = _head_phrase(text.replace("’", "'")).split()
    lower = [t.lower().rstrip(".,'") for t in tokens]
    head = lower[-1] if lower else ""
    gender = "f" if set(lower) & FEMALE_WORDS else "m" if set(lower) & MALE_WORDS else None
    if _conjoined(tokens, lower):
        kind = "group"
    elif head in {"he", "she"}:
        kind, gender = "person", "m" if head == "he" else "f"
    elif head in {"they", "people", "staff", "clergy", "faithful", "public"} or (
        head.endswith("s") and not tokens[-1][:1].isupper() and head not in ORG_WORDS
    ):
        kind = "group"
    elif head not in ORG_WORDS and set(lower) & PERSON_WORDS and tokens[-1][:1].isupper():
        kind = "person"  # 'Clark County District Court Judge Elissa Cadish'
    elif head in PERSON_WORDS:
        kind = "person"  # 'a government spokesman', 'an embassy spokeswoman'
    elif set(lower) & ORG_WORDS or (lower[0] == "the" and len(tokens) > 1 and tokens[1][:1].isupper()):
        kind = "org"
    elif set(lower) & PERSON_WORDS or len(tokens) >= 2 and all(t[:1].isupper() for t in tokens[-2:]):
        kind = "person"
    else:
        kind = "unknown"
    return Mention(0, 0, text, kind, gender)


def _conjoined(tokens: list[str], lower: list[str]) -> bool:
    """'Geller and Spencer' names a group; 'SAF founder and Executive Vice President Alan Gottlieb' (a title
    before 'and') names one person."""
    if "&" in lower:
        return True
    joins = [k for k in range(1, len(lower) - 1) if lower[k] == "and"]
    return any(not tokens[k - 1].islower() for k in joins)


def _single_name(mention: Mention, name_words: set[str] | None = None) -> bool:
    """A bare capitalised name such as 'Hall' or 'Toensing': a person unless known otherwise. With
    `name_words` (the capitalised words the article uses as names), a lone word must be one of them:
    'Whether', 'Please' or 'Days' are capitalised only because they open a sentence."""
    parts = mention.text.split()
    first = parts[0].lower()
    if name_words is not None and len(parts) == 1 and parts[0] not in name_words:
        return False
    return (
        mention.kind == "unknown"
        and len(parts) <= 3
        and all(is_capitalised(p) for p in parts)
        and not first.endswith(("ing", "ly"))
        and first not in DISCOURSE_WORDS | PREPOSITIONS
    )


class MentionTracker:
    """Named mentions seen so far, so that he/she/it/they resolve to the nearest fitting one."""

    def __init__(self, name_words: set[str] | None = None) -> None:
        self.name_words = name_words
        self.mentions: list[Mention] = []
        self.gender_of: dict[str, str] = {}
        self.person_heads: set[str] = set()

    def add(self, text: str, start: int, end: int) -> Mention | None:
        words_ = text.split()
        if (
            not words_
            or words_[-1].lower() in PRONOUNS
            or re.split(r"[’']", words_[0].lower())[0] in PRONOUNS | {"there", "here"}
            or len(words_) == 1
            and words_[0].lower() in DETERMINERS
        ):
            return None
        mention = classify(text)
        mention.start, mention.end = start, end
        head = words_[-1].lower()
        if mention.kind == "unknown" and head in self.person_heads:
            mention.kind = "person"
        if mention.kind == "person":
            self.person_heads.add(head)
            mention.gender = mention.gender or self.gender_of.get(head)
            if mention.gender:
                self.gender_of.setdefault(head, mention.gender)
        self.mentions.append(mention)
        return mention

    def resolve(self, pronoun: str, before: int) -> Mention | None:
        pronoun = pronoun.lower()
        wanted = {"he": {"person"}, "she": {"person"}, "it": {"org", "unknown"}, "they": {"group", "org"}}
        kinds = wanted.get(pronoun)
        if kinds is None:
            return None
        gender = {"he": "m", "she": "f"}.get(pronoun)
        for mention in sorted(
            (m for m in self.mentions if m.end <= before), key=lambda m: m.end, reverse=True
        ):
            single = _single_name(mention, self.name_words)
            if mention.kind not in kinds and not (gender and mention.speaker and single):
                continue
            head = mention.text.split()[-1].lower()
            known = mention.gender or self.gender_of.get(head)
            if gender and known and known != gender:
                continue
            if gender and not known:
                self.gender_of[head] = gender
            return mention
        return None
