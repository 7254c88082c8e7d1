"""The quotation extractor: marked quotes, transcript lines and reported speech, with speakers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Article, Quotation
from .indirect import (
    clause_after_verb,
    clause_before_comma,
    in_relative_clause,
    is_passive,
    is_usable_cue,
    tidy_clause,
    trailing_attribution,
)
from .lexicon import (
    AUXILIARIES,
    CLAUSE_OPENERS,
    CUE_RE,
    IRREGULAR_PAST,
    JOURNALIST_LABELS,
    NON_SPEAKER_LABELS,
    ORG_WORDS,
    PERSON_WORDS,
    PREPOSITIONS,
    PRONOUNS,
)
from .marks import MarkedSpan, find_marked_spans
from .quotes import is_direct, is_not_a_quotation, word_count
from .sentences import mask_spans, skip_dateline, split_sentences
from .speakers import (
    COORDINATED,
    MentionTracker,
    classify,
    is_capitalised,
    leading_np,
    subject_after,
    subject_before,
    tidy_speaker,
)

CONTEXT_LIMIT = 600
_LABEL = re.compile(
    r"^[ \t]*([A-ZÀ-Þ][A-ZÀ-Þ.'’\-, ]{1,60}?)(?:[ \t]*\(([^)\n]{1,60})\))?:[ \t]+", re.MULTILINE
)
_INNER_CAPITALISED = re.compile(r"(?<=[a-z,] )[A-Z][\w’'-]*")  # a capitalised word inside a sentence
_VERB_NEXT = re.compile(
    r"\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|[a-z]+[^s\W]s|has|had|is|was|will|would|can|could|did|does|told|said|says)\b"
)
_HEADLINE = re.compile(r"\A[^\n]{1,200}\n[ \t]*\n")


@dataclass
class Speaker:
    text: str
    start: int
    end: int


@dataclass
class Found:
    start: int
    end: int
    kind: str
    speaker: Speaker | None = None
    cue: str | None = None
    sentence: tuple[int, int] = (0, 0)


@dataclass
class _State:
    text: str
    masked: str
    mentions: MentionTracker = field(default_factory=MentionTracker)
    labels: dict[int, Speaker] = field(default_factory=dict)  # line start -> transcript speaker
    found: list[Found] = field(default_factory=list)
    sentence_start: int = 0
    lowercase_words: set[str] = field(default_factory=set)  # words the article writes in lowercase


class QuoteExtractor:
    """Rule-based extractor; `indirect=False` keeps only quotations in quote marks or transcript lines."""

    def __init__(self, indirect: bool = True) -> None:
        self.indirect = indirect

    def extract(self, article: Article) -> list[Quotation]:
        return extract_quotations(article.text, article.id, indirect=self.indirect)


def extract_quotations(text: str, article_id: str = "doc", *, indirect: bool = True) -> list[Quotation]:
    marked = [s for s in find_marked_spans(text) if not _in_headline(text, s.open_at)]
    labels, label_quotes = _transcript_labels(text)
    masked = mask_spans(text, [(s.start, s.end) for s in marked] + [(q.start, q.end) for q in label_quotes])
    state = _State(text, masked, labels=labels, lowercase_words=set(re.findall(r"\b[a-z][a-z’'-]+\b", masked)))
    state.mentions = MentionTracker(set(_INNER_CAPITALISED.findall(masked)))
    state.found.extend(label_quotes)
    for label in labels.values():
        state.mentions.add(label.text, label.start, label.end)
    sentences = split_sentences(text, masked, marked)
    by_sentence = _group_by_sentence(marked, sentences)
    for index, sentence in enumerate(sentences):
        start = _sentence_body_start(state, sentence)
        body = (start, sentence[1])
        state.sentence_start = start
        _add_leading_mention(state, body)
        _add_name_mentions(state, body)
        kept = _marked_quotations(state, by_sentence.get(index, []), body, sentences[:index])
        _block_quote(state, body)
        if indirect and not kept and not _inside_found(state, body) and not _in_headline(text, body[0]):
            _reported_speech(state, body)
    return _to_quotations(state, article_id)


def _in_headline(text: str, offset: int) -> bool:
    match = _HEADLINE.match(text)
    return bool(match) and offset < match.end() and text[: match.end()].rstrip()[-1:] not in '.!?"”'


def _transcript_labels(text: str) -> tuple[dict[int, Speaker], list[Found]]:
    labels: dict[int, Speaker] = {}
    quotes: list[Found] = []
    journalists: set[str] = set()
    for match in _LABEL.finditer(text):
        name = match.group(1).strip()
        parts = set(re.split(r"[\s,]+", name))
        if parts & NON_SPEAKER_LABELS:
            continue
        if parts & JOURNALIST_LABELS or len(parts) == 1 or len(name) < 3 or parts & journalists:
            journalists.update(parts - JOURNALIST_LABELS)
            continue
        speaker = Speaker(name, match.start(1), match.start(1) + len(name))
        labels[match.start()] = speaker
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        rest = text[match.end() : line_end].rstrip()
        if rest and rest[0] not in "\"“‘'":
            quotes.append(Found(match.end(), match.end() + len(rest), "direct", speaker, None))
    return labels, quotes


def _sentence_body_start(state: _State, sentence: tuple[int, int]) -> int:
    match = _LABEL.match(state.text, sentence[0], sentence[1])
    start = match.end() if match and match.start() == sentence[0] else sentence[0]
    return skip_dateline(state.text, start, sentence[1])


def _group_by_sentence(
    marked: list[MarkedSpan], sentences: list[tuple[int, int]]
) -> dict[int, list[MarkedSpan]]:
    groups: dict[int, list[MarkedSpan]] = {}
    index = 0
    for span in marked:
        while index < len(sentences) - 1 and sentences[index][1] <= span.open_at:
            index += 1
        groups.setdefault(index, []).append(span)
    return groups


def _inside_found(state: _State, body: tuple[int, int]) -> bool:
    return any(f.start <= body[0] and body[1] <= f.end for f in state.found)


def _leading_subject(state: _State, start: int, end: int) -> tuple[int, int] | None:
    """The sentence-initial subject, unless it is one ordinary word such as 'Keep', 'Authentic' or 'All':
    a capitalised word the article also writes in lowercase, not a speaker noun."""
    span = leading_np(state.masked, start, end)
    if span is None:
        return None
    word = state.text[span[0] : span[1]]
    lower = word.lower()
    if " " in word or lower in PERSON_WORDS | ORG_WORDS | PRONOUNS:
        return span
    if lower in state.lowercase_words and not lower.endswith("s"):
        return None
    return None if _lone_opener(state, word, span[1]) else span


def _lone_opener(state: _State, word: str, end: int) -> bool:
    """'Midweek, Erdogan exploded', 'Authentic autonomy ...': a capitalised word that opens the sentence, never
    names anyone inside a sentence of the article and is not followed by a verb."""
    names = state.mentions.name_words
    if names is None or word in names or word.endswith(("s", "’s", "'s")):  # 'Republicans', 'Farrell’s'
        return False
    followed = re.match(r",|\s+[a-z]", state.masked[end : end + 2]) is not None  # not 'Ratzinger: “...”'
    return followed and not _VERB_NEXT.match(state.masked, end)


def _add_leading_mention(state: _State, body: tuple[int, int]) -> None:
    span = _leading_subject(state, body[0], body[1])
    if span:
        mention = state.mentions.add(state.text[span[0] : span[1]], *span)
        if mention and re.match(r"\s+[a-z]", state.masked[span[1] : span[1] + 3]):
            mention.speaker = True  # 'Patel agreed ...': a subject before its verb
        if mention and state.mentions.name_words is not None and _VERB_NEXT.match(state.masked, span[1]):
            state.mentions.name_words.add(mention.text)  # 'Faggioli rejects', not 'Whether the'


_NAME = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Sr|Fr)\.\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}\b"
)


def _add_name_mentions(state: _State, body: tuple[int, int]) -> None:
    """Full names anywhere in the sentence ('shows Marie Collins, a member'), for later pronouns."""
    for match in _NAME.finditer(state.masked, body[0], body[1]):
        after = state.masked[match.end() : match.end() + 6]
        appositive = re.match(r",\s+(?:a|an|the|who)\s", after) is not None
        if match.start() > body[0] and appositive and classify(match.group()).kind == "person":
            state.mentions.add(match.group(), match.start(), match.end())


def _speaker_at(state: _State, span: tuple[int, int] | None, aside: bool = False) -> Speaker | None:
    """The speaker at `span`; a pronoun in an aside ('The Pope, he argues, is') looks before the sentence."""
    if span is None:
        return None
    text = state.text[span[0] : span[1]]
    if text.lower() in PRONOUNS:
        mention = state.mentions.resolve(text, state.sentence_start if aside else span[0])
        return Speaker(mention.text, mention.start, mention.end) if mention else None
    cut_start, cut_end = tidy_speaker(text)
    span = (span[0] + cut_start, span[1] - cut_end)
    text = state.text[span[0] : span[1]]
    mention = state.mentions.add(text, *span)
    if mention:
        mention.speaker = True
    return Speaker(text, *span)


def _cues(state: _State, start: int, end: int) -> list[re.Match[str]]:
    return [c for c in CUE_RE.finditer(state.masked, start, end) if not _is_emphasis_note(state.masked, c)]


def _subject_of_cue(state: _State, body: tuple[int, int], cue: re.Match[str]) -> Speaker | None:
    """The speaker of a cue verb in the sentence `body`; coordinated verbs share an earlier subject."""
    masked = state.masked
    if cue.group().lower() == "according to":
        return _speaker_at(state, subject_after(masked, cue.end() + 1, body[1], source=True))
    if _is_participle(state, body, cue):  # 'X attacked Democrats, blaming them for ...'
        return _participle_subject(state, body, cue)
    inverted = _inverted_aside(masked, body, cue)
    if inverted is None and re.search(r",\s*$", masked[body[0] : cue.start()]):
        inverted = _inverted_tail(masked, cue, body[1])  # 'CLAUSE, said the ministry.'
    if inverted:  # 'Wuerl, says Faggioli, “faces a complex situation”'
        return _speaker_at(state, inverted)
    subject = subject_before(masked, body[0], cue.start())
    if subject == COORDINATED or subject is None and cue.group().endswith("ing"):
        earlier = [c for c in _cues(state, body[0], cue.start()) if c.group().lower() != "according to"]
        if earlier and subject == COORDINATED:
            return _subject_of_cue(state, body, earlier[-1])
        subject = _first_conjunct_subject(masked, body[0], cue.start()) if subject == COORDINATED else None
        subject = subject or _leading_subject(state, body[0], cue.start())
    if subject is None and re.match(r"\s*[,.]?\s*$", masked[body[0] : cue.start()].replace("·", "")):
        subject = subject_after(masked, cue.end() + 1, body[1])
    if not isinstance(subject, tuple):
        return None
    aside = (
        masked[max(0, subject[0] - 2) : subject[0]].strip() == ","
        and masked[cue.end() : cue.end() + 1] == ","
    )
    return _speaker_at(state, subject, aside)


def _participle_subject(state: _State, body: tuple[int, int], cue: re.Match[str]) -> Speaker | None:
    noun = _noun_before_participle(state, body[0], cue.start())
    if noun:  # 'a quote from an Obama spokeswoman claiming that'
        return _speaker_at(state, noun)
    earlier = [c for c in _cues(state, body[0], cue.start()) if not c.group().endswith("ing")]
    if earlier and earlier[-1].group().lower() != "according to":  # '..., the ministry said, describing'
        speaker = _subject_of_cue(state, body, earlier[-1])
        if speaker:
            return speaker
    return _speaker_at(state, _leading_subject(state, body[0], cue.start()))


_NOUN_BEFORE_PARTICIPLE = re.compile(r"\b((?:an?|the|one)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+)\s+$", re.IGNORECASE)


def _noun_before_participle(state: _State, start: int, cue_start: int) -> tuple[int, int] | None:
    """A person or group right before the participle, with no comma: 'a quote from an aide saying ...'."""
    match = _NOUN_BEFORE_PARTICIPLE.search(state.masked, max(start, cue_start - 80), cue_start)
    if not match:
        return None
    phrase = match.group(1)
    words = phrase.split()
    if any(w.endswith("ed") or w.lower() in CLAUSE_OPENERS | PREPOSITIONS | AUXILIARIES for w in words[1:]):
        return None
    if words[-1].lower() not in PERSON_WORDS and classify(phrase).kind not in {"person", "group"}:
        return None
    return match.start(1), match.end(1)


def _inverted_aside(masked: str, body: tuple[int, int], cue: re.Match[str]) -> tuple[int, int] | None:
    """The name in ', says Faggioli,' between commas after the verb, or None."""
    if not re.search(r",\s*$", masked[body[0] : cue.start()]) or cue.group().endswith("ing"):
        return None
    subject = subject_after(masked, cue.end() + 1, body[1])
    if subject and re.match(r"\s*,", masked[subject[1] : subject[1] + 3]) and masked[subject[0]].isupper():
        return subject
    return None


def _first_conjunct_subject(masked: str, start: int, cue_start: int) -> tuple[int, int] | None:
    """'..., Ayatollah Ali Khamenei, ordered the increase and vowed': the subject of the first verb."""
    conjunction = max(masked.rfind(" and ", start, cue_start), masked.rfind(" but ", start, cue_start))
    verbs = list(re.finditer(r"(?<=[\w,] )[a-z]+ed\b", masked[start:conjunction])) if conjunction > 0 else []
    for verb in reversed(verbs):
        found = subject_before(masked, start, start + verb.start())
        if isinstance(found, tuple):
            return found
    return None


def _is_participle(state: _State, body: tuple[int, int], cue: re.Match[str]) -> bool:
    """A cue such as ', saying' or 'a joke saying' whose subject is the sentence's subject."""
    if not cue.group().endswith("ing"):
        return False
    before = state.masked[body[0] : cue.start()].rstrip()
    previous = before.split()[-1].lower() if before.split() else ""
    return bool(before) and previous not in AUXILIARIES | PRONOUNS and not previous.endswith("’s")


def _attribution_after(
    state: _State, span: MarkedSpan, body: tuple[int, int]
) -> tuple[Speaker | None, str | None]:
    for cue in _cues(state, span.close_at + 1, body[1]):
        between = state.masked[span.close_at + 1 : cue.start()]
        if re.search(r"[\"“”‘·]|’(?!\w)", between):
            break
        if re.fullmatch(r"\s*[,.!?]?\s*", between):  # inverted: '," said Ryabkov'
            speaker = _speaker_at(state, subject_after(state.masked, cue.end() + 1, body[1]))
        else:
            speaker = _subject_of_cue(state, (span.close_at + 1, body[1]), cue)
        if speaker:
            return speaker, cue.group()
    return _name_after(state, span), None


_NAME_THEN_VERB = re.compile(
    r"[,.!?]?\s*((?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]*)\s+(?:[a-z]+ed|(?!is\b|has\b|was\b|does\b)[a-z]+s)"
    r"(?=\s*(?:[,.;!?]|$|\s(?:in|of|on|at|during|about)\b))",
    re.MULTILINE,
)
_DASH_NAME = re.compile(r"\s*[-—–]+\s*((?:[A-Z][\w.’'-]*\s?){1,5})\s*$", re.MULTILINE)
_CITATION = re.compile(r"\s*\(((?:\d\s)?[A-Z][\w.’' ]{1,30}?\s\d+[:.]\d+(?:[-–]\d+)?)\)")  # '(Matthew 15:14)'


def _name_after(state: _State, span: MarkedSpan) -> Speaker | None:
    """'“...,” Clinton joked' or '“...” -William Booth': a name right after the quote, with no cue."""
    line_end = state.text.find("\n", span.close_at)
    line_end = len(state.text) if line_end < 0 else line_end
    ends_sentence = state.text[span.start : span.end].rstrip()[-1:] in ".…"
    for pattern in (_DASH_NAME, _CITATION) if ends_sentence else (_NAME_THEN_VERB, _DASH_NAME, _CITATION):
        match = pattern.match(state.masked, span.close_at + 1, line_end)
        if match:
            return _speaker_at(state, (match.start(1), match.end(1)))
    return None


def _attribution_before(
    state: _State, span: MarkedSpan, body: tuple[int, int]
) -> tuple[Speaker | None, str | None]:
    for cue in reversed(_cues(state, body[0], span.open_at)):
        if is_passive(state.masked, cue.start(), body[0]):
            continue  # 'The attorney general had been accused of “...”': not the speaker
        speaker = _subject_of_cue(state, body, cue)
        if speaker:
            return speaker, cue.group()
    return None, None


def _previous_speaker(state: _State, body: tuple[int, int], earlier: list[tuple[int, int]]) -> Speaker | None:
    """An unattributed quote belongs to the previous sentence's quotation or subject."""
    for line_start, label in state.labels.items():
        if (
            line_start <= body[0] <= line_start + 80 + len(label.text)
            and "\n" not in state.text[line_start : body[0]]
        ):
            return label
    if not earlier:
        return None
    previous = earlier[-1]
    if "\n\n\n" in state.text[previous[1] : body[0]]:
        return None
    if state.masked[previous[0] : previous[1]].endswith(":"):  # 'Ritter explains further:' + quote
        speaker = _clause_subject(state, previous[0], previous[1] - 1)
        if speaker:
            return speaker
    speaker = _found_speaker(state, previous)
    if speaker:
        return speaker
    span = _leading_subject(state, previous[0], previous[1])
    if span and state.masked[previous[0] : previous[1]].count("·") == 0:
        return _speaker_at(state, span)
    if span is None and len(earlier) > 1:  # '“Ah,” the Nuncio said. What did you do? “Ah, but now ...”'
        return _found_speaker(state, earlier[-2])
    return None


def _found_speaker(state: _State, sentence: tuple[int, int]) -> Speaker | None:
    for found in reversed(state.found):
        if found.speaker and (found.sentence == sentence or sentence[0] <= found.start < sentence[1]):
            return found.speaker
    return None


def _clause_subject(state: _State, start: int, end: int) -> Speaker | None:
    """The speaker of the clause in [start, end) with no known speech verb: 'The report notes:'."""
    said = _SAID_FIRST.match(state.masked, start, end)
    if said:  # 'Said James O’Keefe, founder of Project Veritas: “...”'
        return _speaker_at(state, (said.start(1), said.end(1)))
    cues = _cues(state, start, end)
    if cues:
        speaker = _subject_of_cue(state, (start, end), cues[-1])
        if speaker:
            return speaker
    verb = _VERB_BEFORE_QUOTE.search(state.masked, start, end)
    if verb and (verb.group(1).endswith("ed") or verb.group(1) in IRREGULAR_PAST):
        subject = subject_before(state.masked, start, verb.start(1))  # 'the guild laid down, “...”'
        words = state.masked[subject[0] : subject[1]].split() if isinstance(subject, tuple) else []
        if _looks_like_speaker(words) and words[0].lower() not in {"its", "his", "her", "their"}:
            return _speaker_at(state, subject)  # not 'its leaders fumed': the earlier name is better
    return _speaker_at(state, _last_clause_subject(state, start, end) or _leading_subject(state, start, end))


# the verb that ends the words before a quote: 'the charter specified, “', 'the guild laid down, “'
_VERB_BEFORE_QUOTE = re.compile(r"(?<=\w )([a-z]+)(?:\s+(?:down|out|up|back|on|in))?\s*[,:]\s*$")


_CLAUSE_JOIN = re.compile(r"(?:,\s+(?:and|but|while)|;)\s+(?=\S)")


def _last_clause_subject(state: _State, start: int, end: int) -> tuple[int, int] | None:
    """'The attack took place in a restaurant, and the corporation was quick to condemn it:' -> the
    corporation: the subject of the last coordinated clause, when it is followed by its verb."""
    joins = list(_CLAUSE_JOIN.finditer(state.masked, start, end))
    if not joins:
        return None
    span = _leading_subject(state, joins[-1].end(), end)
    if span and re.match(r"\s+(?:[a-z]+ed|is|was|has|had|[a-z]+s)\b", state.masked[span[1] : end]):
        return span
    return None


def _is_emphasis_note(masked: str, cue: re.Match[str]) -> bool:
    """'(emphasis added)', '[emphasis added]': an editor's note, not an attribution."""
    before = masked[max(0, cue.start() - 12) : cue.start()]
    return bool(re.search(r"(?:emphasis|italics|brackets)\s*$", before, re.I))


_SAID_FIRST = re.compile(r"\s*(?:Said|Says|Added|Wrote)\s+((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)\s*[,:]")


def _attribution(
    state: _State, span: MarkedSpan, body: tuple[int, int], direct: bool
) -> tuple[Speaker | None, str | None]:
    """Speaker and cue of a quote; a fragment's teller before it beats a source named after it."""
    after = _attribution_after(state, span, body)
    if after[0] and after[1] and direct and after[1].lower() != "according to":
        return after
    before = _attribution_before(state, span, body)
    if before[0] and (after[0] is None or (before[1] or "").lower() != "according to"):
        return before  # also beats a cue-less source after the quote: 'Jesus said, “...” (Matthew 5:17)'
    return after


def _marked_quotations(
    state: _State, spans: list[MarkedSpan], body: tuple[int, int], earlier: list[tuple[int, int]]
) -> int:
    kept = 0
    previous_direct = False
    for span in spans:
        if is_not_a_quotation(state.text, state.masked, span, body):
            continue
        direct = is_direct(state.text, state.masked, span, body[0], previous_direct)
        speaker, cue = _attribution(state, span, body, direct)
        lead = state.masked[body[0] : span.open_at]
        if speaker is None and (len(lead.split()) >= 2 or re.fullmatch(r"\s*[A-Z][\w’'.-]+:\s*", lead)):
            speaker = _clause_subject(state, body[0], span.open_at)  # 'Ratzinger: “Oh, ...”' included
        if speaker is None:
            speaker = _previous_speaker(state, body, earlier)
        unattributed = speaker is None or cue is None and word_count(state.text[span.start : span.end]) <= 3
        if unattributed and not direct:
            continue  # a (short) fragment that no speech verb gives to anyone: a scare quote or a title
        state.found.append(Found(span.start, span.end, "direct" if direct else "partial", speaker, cue, body))
        previous_direct = direct
        kept += 1
    return kept


# a line that opens a new quote, an editor's note or a list bullet, a signature, a link, or a new introduction
_BLOCK_STOP = re.compile(r"[\"“„«‘(\[*]|[-—–]\s*[A-Z@]|…?\s*$|.*(?:https?://|pic\.twitter|\(@\w+\)|:\s*$)")
BLOCK_MAX_LINES = 15


def _block_quote(state: _State, body: tuple[int, int]) -> None:
    """'Harris wrote in the memo:' ending its line, then lines with no quote marks: a
    block quotation (a web article's indented quote), hers until a line names her again, reports speech
    itself, or is a note, a list item or a signature."""
    text = state.text
    colon = body[1] - 1  # sentences come trimmed, so a colon that ends one is its last character
    line_end = text.find("\n", body[1])
    if state.masked[colon] != ":" or line_end < 0 or text[body[1] : line_end].strip():
        return
    cues = _cues(state, body[0], colon)
    if not cues or cues[-1].group() in {"reports", "reported"} or _inside_found(state, (colon, colon + 1)):
        return  # 'The Gazette reports:' quotes a report: the quotations are the ones inside it
    speaker = _clause_subject(state, body[0], colon)
    if speaker is None or speaker.text.lower() in PRONOUNS or re.match(r"Here\b|\w+ly$", speaker.text):
        return  # 'Here is the chief explaining:', 'Briefly stated:'
    name = speaker.text.split()[-1]  # possessives are already cut (tidy_speaker)
    start = end = line_end + 1
    for number, line in enumerate(text[start:].split("\n", BLOCK_MAX_LINES)):
        if number == BLOCK_MAX_LINES or not _block_line(state, line, end, name):
            break
        end += len(line) + 1
    end = start + len(text[start:end].rstrip())
    if end > start:
        state.found.append(Found(start, end, "direct", speaker, None, (start, end)))


def _block_line(state: _State, line: str, start: int, name: str) -> bool:
    """Whether `line` (at `start`) goes on with a block quotation of the speaker called `name`."""
    stripped = line.strip()
    if len(stripped.split()) < 4 or _BLOCK_STOP.match(stripped) or _LABEL.match(line):
        return False
    if re.search(rf"\b{re.escape(name)}\b", line) or re.search(r"[\"“”]|take our poll", line):
        return False  # the article talks about the speaker again, or quotes in marks
    cues = _cues(state, start, start + len(line))
    return not any(is_usable_cue(state.masked, c.group().lower(), c.start(), c.end(), start) for c in cues)


def _reported_speech(state: _State, body: tuple[int, int]) -> None:
    masked = state.masked
    taken_until = body[0]
    for cue in _cues(state, body[0], body[1]):
        word = cue.group().lower()
        if cue.start() < taken_until or not is_usable_cue(masked, word, cue.start(), cue.end(), body[0]):
            continue
        clause = _reported_clause(state, body, cue)
        if clause is None or _nested_report(state, clause, cue):
            continue
        speaker = _subject_of_cue(state, body, cue)
        if speaker is None:
            continue
        state.found.append(Found(clause[0], clause[1], "indirect", speaker, word, body))
        taken_until = max(clause[1], cue.end())


_RELAY_VERBS = frozenset(["reported", "reports", "adds", "added", "writes", "wrote", "reveals", "revealed"])


def _nested_report(state: _State, clause: tuple[int, int], cue: re.Match[str]) -> bool:
    """'The BBC reports that the minister confirmed X', 'According to Ann, Bo suggested that X', 'Bo said that
    X, the paper reported': the inner report is the quotation."""
    relay = cue.group().lower() in _RELAY_VERBS and re.match(r"\s+that\s", state.masked[cue.end() :])
    if not relay and cue.group().lower() != "according to" and clause[1] > cue.start():
        return False
    for inner in _cues(state, clause[0], min(clause[1], clause[0] + 80)):
        word = inner.group().lower()
        if word == "according to" or not is_usable_cue(
            state.masked, word, inner.start(), inner.end(), clause[0]
        ):
            continue
        subject = subject_before(state.masked, clause[0], inner.start())
        return isinstance(subject, tuple) and subject[0] == clause[0]
    return False


def _reported_clause(state: _State, body: tuple[int, int], cue: re.Match[str]) -> tuple[int, int] | None:
    clause = tidy_clause(state.masked, _raw_clause(state, body, cue))
    if clause and _introduces_quote(state.masked, body, clause):
        return None
    return clause


def _introduces_quote(masked: str, body: tuple[int, int], clause: tuple[int, int]) -> bool:
    """'Father Bieger writes in a blog post about blessings:' introduces the quote after the colon."""
    return masked[body[0] : body[1]].rstrip().endswith(":") and re.match(
        r"(?:in|on|at|to|about|of|from|during|after|before)\s", masked[clause[0] : clause[1]]
    ) is not None


_SHORT_OPENER = re.compile(r"(?:[A-Z][\w’'-]*)(?:\s+[\w’'-]+){0,3},")  # 'At the same time,', 'Currently,'


def _according_to_clause(masked: str, body: tuple[int, int], cue: re.Match[str]) -> tuple[int, int] | None:
    """'According to X, CLAUSE' or 'CLAUSE, according to X'."""
    comma = masked.find(",", cue.end(), body[1])
    before = masked[body[0] : cue.start()].rstrip()
    if re.fullmatch(r"(?:But|And|So|Yet|However|Now|Still)?,?", before) or before.endswith(":"):
        return clause_after_verb(masked, "according to", comma + 1, body[1]) if comma > 0 else None
    if comma > 0 and _SHORT_OPENER.fullmatch(before):  # 'Two days later, according to X, CLAUSE'
        return clause_after_verb(masked, "according to", comma + 1, body[1])
    return clause_before_comma(masked, body[0], len(before) + body[0] - 1) if before.endswith(",") else None


def _raw_clause(state: _State, body: tuple[int, int], cue: re.Match[str]) -> tuple[int, int] | None:
    masked = state.masked
    word = cue.group().lower()
    if word == "according to":
        return _according_to_clause(masked, body, cue)
    before = masked[body[0] : cue.start()]
    as_clause = re.match(r"\s*As\b[^,]{0,60}$", before) and re.match(
        r"[^,.;:]{0,60},", masked[cue.end() : body[1]]
    )
    if as_clause:  # 'As Paul Sperry writes at the New York Post, CLAUSE'
        return clause_after_verb(masked, "according to", masked.index(",", cue.end()) + 1, body[1])
    if re.search(r",\s*as\s+[^,]{1,50}$", before):
        return None  # '..., as Elizabeth Yore reported in these pages, is ...': an aside in another clause
    if _parenthetical_after_subordinate(masked, before, cue):  # 'As the fields cross, NASA stated, CLAUSE'
        return clause_after_verb(masked, "according to", cue.end() + 1, body[1])
    if masked[cue.end() : cue.end() + 1] == "," and not re.match(r"\s*As\b", before):
        return _clause_around_aside(masked, body, before, cue.end())
    comma = before.rfind(",")
    if comma > 0 and not before[comma + 1 :].strip() and _inverted_tail(masked, cue, body[1]):
        return clause_before_comma(masked, body[0], body[0] + comma)  # 'CLAUSE, said the ministry.'
    if comma > 0 and trailing_attribution(masked, cue.end(), body[1]):
        between = before[comma + 1 :].strip()
        if between and len(between.split()) <= 12 and not re.search(r"\b(?:that|which|who)\b", between):
            return clause_before_comma(masked, body[0], body[0] + comma)
        if not between:  # '..., said the official.'
            return clause_before_comma(masked, body[0], body[0] + comma)
    return clause_after_verb(masked, word, cue.end(), body[1], in_relative_clause(masked, body[0], cue.start()))


def _clause_around_aside(
    masked: str, body: tuple[int, int], before: str, cue_end: int
) -> tuple[int, int] | None:
    """'CLAUSE, Lombardo said, shortly before ...' reports the clause before the aside; 'Upon
    investigation, Lombardo said, CLAUSE' the clause after it. 'When Arnold complained, the professor ...'
    (a verb ending a subordinate clause) reports nothing."""
    comma = before.rfind(",")
    subject = before[comma + 1 :]
    if comma <= 0 or not subject.strip() or len(subject.split()) > 6 or "·" in before:
        return None
    if re.search(r"\b(?:that|which|who|when|if|because|after|before|while)\b", subject, re.IGNORECASE):
        return None
    lead = before[:comma]
    if re.match(r"\s*(?:When|If|While|Although|Because|Since|After|Before|Though|Once|Until)\b", lead):
        return None
    if _adverbial_lead(lead):  # 'But for the nuns, Sister said, CLAUSE': the opener is the journalist's
        return clause_after_verb(masked, "according to", cue_end + 1, body[1])
    if len(lead.split()) >= 4 and "," not in lead:
        return clause_before_comma(masked, body[0], body[0] + comma)
    if len(lead.split()) <= 3:  # a short opener such as 'Upon investigation' or 'Thus'
        return clause_after_verb(masked, "according to", cue_end + 1, body[1])
    return None


def _adverbial_lead(lead: str) -> bool:
    """'For the nuns', 'But in the version she saw': a prepositional phrase opening the sentence."""
    words = re.sub(r"^\s*(?:But|And|Yet|So)\s+", "", lead).split()
    if "," in lead or not 1 < len(words) <= 6 or re.match(r"(?:at|in)\s+(?:least|most|all)\b", " ".join(words), re.I):
        return False  # 'At least 14 civilians were killed' opens the reported clause itself
    return words[0].lower() in _LEAD_PREPOSITIONS and lead.lstrip()[:1].isupper()


_LEAD_PREPOSITIONS = PREPOSITIONS - {"this", "last", "next", "earlier", "later", "late", "early", "like", "given"}


# Verbs that close a clause with the speaker after them ('..., said the ministry.') but take no noun object
_INVERTING_VERBS = frozenset(
    "said says added adds wrote writes explained explains noted stated argued argues warned warns insisted "
    "insists asserted remarked observed commented concluded recalled replied responded countered cautioned "
    "declared continued".split()
)
_AFTER_INVERTED_SUBJECT = re.compile(
    r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:\s(?:of|for|at|from|with)\s[^,;:·]{1,60}?)?"
    r"(?:[.!?]*\s*$|,?\s+who\s|,\s+(?:a|an|the|[A-Z][\w.’'-]*)\s)"  # ', said Ann Lee, Professor of ...'
)


def _inverted_tail(masked: str, cue: re.Match[str], sent_end: int) -> tuple[int, int] | None:
    """The speaker of '..., said the ministry.' or '..., said John Smith, who ...', ending the sentence."""
    if cue.group().lower() not in _INVERTING_VERBS:
        return None
    subject = subject_after(masked, cue.end() + 1, sent_end)
    if subject is None or not _looks_like_speaker(masked[subject[0] : subject[1]].split()):
        return None
    return subject if _AFTER_INVERTED_SUBJECT.match(masked, subject[1], sent_end) else None


def _looks_like_speaker(words: list[str]) -> bool:
    """'the ministry', 'a statement', 'embassy spokeswoman Jinnie Lee'; not 'December made up half her sales'."""
    if not words or words[0].lower() in PRONOUNS:
        return False
    if words[0] in {"the", "a", "an", "its", "his", "her", "their"}:
        return len(words) <= 5
    return is_capitalised(words[-1]) and len(words) <= 6 and not any(w.endswith("ed") for w in words)


def _parenthetical_after_subordinate(masked: str, before: str, cue: re.Match[str]) -> bool:
    if masked[cue.end() : cue.end() + 1] != "," or "," not in before:
        return False
    opener = re.match(r"\s*(?:As|When|If|While|Although|Because|Since|After|Before|Though)\b", before)
    subject = before[before.rfind(",") + 1 :]
    return bool(opener) and len(subject.split()) <= 6 and not re.search(r"\b(?:which|who|that)\b", subject)


def _context(text: str, found: Found) -> str:
    start, end = found.sentence if found.sentence != (0, 0) else (found.start, found.end)
    start, end = min(start, found.start), max(end, found.end)
    if end - start > CONTEXT_LIMIT:
        start = max(start, found.start - 100)
        end = min(end, start + CONTEXT_LIMIT)
    return text[start:end]


def _to_quotations(state: _State, article_id: str) -> list[Quotation]:
    found = sorted(state.found, key=lambda f: (f.start, f.end))
    quotations = []
    for number, item in enumerate(found, start=1):
        speaker = item.speaker
        quotations.append(
            Quotation(
                article_id=article_id,
                quote_id=f"{article_id}-q{number:03d}",
                text=state.text[item.start : item.end],
                start=item.start,
                end=item.end,
                kind=item.kind,
                speaker=speaker.text if speaker else None,
                speaker_start=speaker.start if speaker else None,
                speaker_end=speaker.end if speaker else None,
                cue=item.cue,
                context=_context(state.text, item),
            )
        )
    return quotations
