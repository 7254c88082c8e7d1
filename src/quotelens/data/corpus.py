"""The corpus format: reading and validating annotated articles and stand-off annotation files.

Two forms are accepted (see data/README.md):
- article form: one article per JSONL line with its `text` and its `quotes`;
- stand-off form: one quotation per JSONL line (`article_id`, offsets, labels, no text), joined with
  article texts that live elsewhere (for example the Propaganda Techniques Corpus).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotelens.labels import KINDS, STANCE2ID, TECHNIQUE2ID
from quotelens.records import Article, Quotation, RecordError, read_jsonl


@dataclass
class Problem:
    path: str
    line: int
    record_id: str | None
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        rid = f" [{self.record_id}]" if self.record_id else ""
        return f"{where}{rid}: {self.severity}: {self.message}"


@dataclass
class Corpus:
    articles: dict[str, Article] = field(default_factory=dict)
    quotes: list[Quotation] = field(default_factory=list)
    origin: dict[str, str] = field(default_factory=dict)  # article id -> "quotelens" | "ptc" | ...
    quote_ids: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def expand_paths(paths: Iterable[str | Path], pattern: str = "*.jsonl") -> list[Path]:
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        out.extend(sorted(path.rglob(pattern)) if path.is_dir() else [path])
    return out


def _check_labels(quote: dict[str, Any], problem) -> None:
    stance = quote.get("stance")
    if stance is not None and stance not in STANCE2ID:
        problem(f"unknown stance {stance!r}")
    techniques = quote.get("techniques")
    if techniques is not None:
        if not isinstance(techniques, list):
            problem("techniques must be a list or null")
        else:
            for name in techniques:
                if name not in TECHNIQUE2ID:
                    problem(f"unknown technique {name!r}")
    kind = quote.get("kind")
    if kind is not None and kind not in KINDS:
        problem(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")


def _check_span(text: str, quote: dict[str, Any], problem) -> bool:
    start, end = quote.get("start"), quote.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        problem("start and end must be integers")
        return False
    if not 0 <= start < end <= len(text):
        problem(f"span {start}:{end} is empty or outside the text (length {len(text)})")
        return False
    if "text" in quote and quote["text"] is not None and text[start:end] != quote["text"]:
        problem(f"text[{start}:{end}] does not match the quote's text field")
        return False
    speaker, s0, s1 = quote.get("speaker"), quote.get("speaker_start"), quote.get("speaker_end")
    if s0 is not None or s1 is not None:
        if not (isinstance(s0, int) and isinstance(s1, int) and 0 <= s0 < s1 <= len(text)):
            problem(f"speaker span {s0}:{s1} is empty or outside the text")
        elif speaker is not None and text[s0:s1] != speaker:
            problem(f"text[{s0}:{s1}] does not match speaker {speaker!r}")
    return True


def _quotation(article: Article, quote: dict[str, Any], index: int) -> Quotation:
    start, end = quote["start"], quote["end"]
    return Quotation(
        article_id=article.id,
        quote_id=str(quote.get("id") or f"{article.id}-q{index:03d}"),
        text=article.text[start:end],
        start=start,
        end=end,
        kind=quote.get("kind") or "direct",
        speaker=quote.get("speaker"),
        speaker_start=quote.get("speaker_start"),
        speaker_end=quote.get("speaker_end"),
        cue=quote.get("cue"),
        stance=quote.get("stance"),
        techniques=list(quote["techniques"]) if quote.get("techniques") is not None else None,
    )


def _report_overlaps(quotes: list[Quotation], problem_at) -> None:
    ordered = sorted(quotes, key=lambda q: (q.start, q.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            problem_at(f"quotes {a.quote_id} and {b.quote_id} overlap", "warning")


def add_article_record(corpus: Corpus, record: dict[str, Any], path: Path, lineno: int, origin: str) -> None:
    """Validate one article-form record and add it (and its quotes) to the corpus."""
    rid = record.get("id")

    def problem(message: str, severity: str = "error") -> None:
        corpus.problems.append(Problem(str(path), lineno, str(rid) if rid is not None else None, message, severity))

    text = record.get("text")
    if not isinstance(rid, (str, int)) or isinstance(rid, bool) or str(rid) == "":
        problem("missing 'id'")
        return
    if not isinstance(text, str) or not text:
        problem("missing or empty 'text'")
        return
    rid = str(rid)
    if rid in corpus.articles:
        problem(f"duplicate article id {rid!r}")
        return
    quotes = record.get("quotes", [])
    if not isinstance(quotes, list):
        problem("'quotes' must be a list")
        return
    article = Article(id=rid, text=text, title=record.get("title"), source=record.get("source"),
                      topic=record.get("topic"))
    accepted: list[Quotation] = []
    for index, quote in enumerate(quotes, start=1):
        qid = quote.get("id") if isinstance(quote, dict) else None

        def quote_problem(message: str, severity: str = "error", qid=qid, index=index) -> None:
            problem(f"quote {qid or index}: {message}", severity)

        if not isinstance(quote, dict):
            quote_problem("must be an object")
            continue
        errors_before = len(corpus.errors)
        _check_labels(quote, quote_problem)
        ok = _check_span(text, quote, quote_problem)
        if not ok or len(corpus.errors) > errors_before:
            continue
        quotation = _quotation(article, quote, index)
        if quotation.quote_id in corpus.quote_ids:
            quote_problem(f"duplicate quote id {quotation.quote_id!r}")
            continue
        corpus.quote_ids.add(quotation.quote_id)
        accepted.append(quotation)
    _report_overlaps(accepted, problem)
    corpus.articles[rid] = article
    corpus.origin[rid] = origin
    corpus.quotes.extend(accepted)


def load_corpus(paths: Iterable[str | Path], origin: str = "quotelens", corpus: Corpus | None = None) -> Corpus:
    """Read article-form JSONL files (or folders of them), collecting every problem with file:line."""
    corpus = corpus or Corpus()
    files = expand_paths(paths)
    if not files:
        corpus.problems.append(Problem(" ".join(map(str, paths)), 0, None, "no .jsonl files found"))
    for path in files:
        if not path.is_file():
            corpus.problems.append(Problem(str(path), 0, None, "no such file"))
            continue
        for lineno, record in read_jsonl(path):
            if isinstance(record, RecordError):
                corpus.problems.append(Problem(str(path), lineno, None, str(record).split(": ", 2)[-1]))
                continue
            if "article_id" in record and "text" not in record:
                corpus.problems.append(
                    Problem(str(path), lineno, None, "stand-off record: pass it with its texts (see --ptc)")
                )
                continue
            add_article_record(corpus, record, path, lineno, origin)
    return corpus


def load_standoff(
    paths: Iterable[str | Path], texts: dict[str, Article], origin: str, corpus: Corpus | None = None
) -> Corpus:
    """Join stand-off quotation records with article texts; one article per distinct `article_id`."""
    corpus = corpus or Corpus()
    per_article: dict[str, int] = {}
    for path in expand_paths(paths):
        for lineno, record in read_jsonl(path):
            if isinstance(record, RecordError):
                corpus.problems.append(Problem(str(path), lineno, None, str(record).split(": ", 2)[-1]))
                continue
            aid = str(record.get("article_id", ""))

            def problem(message: str, severity: str = "error", aid=aid, lineno=lineno, path=path) -> None:
                corpus.problems.append(Problem(str(path), lineno, aid or None, message, severity))

            article = texts.get(aid)
            if article is None:
                problem(f"article {aid!r} not found among the {len(texts)} texts given")
                continue
            errors_before = len(corpus.errors)
            _check_labels(record, problem)
            if not _check_span(article.text, record, problem) or len(corpus.errors) > errors_before:
                continue
            if aid not in corpus.articles:
                corpus.articles[aid] = article
                corpus.origin[aid] = origin
            per_article[aid] = index = per_article.get(aid, 0) + 1
            quotation = _quotation(article, {**record, "id": f"{origin}-{aid}-q{index:03d}"}, index)
            corpus.quote_ids.add(quotation.quote_id)
            corpus.quotes.append(quotation)
    return corpus
