"""The Propaganda Techniques Corpus (SemEval-2020 Task 11) layout: texts, expert spans, quotations.

Da San Martino et al., "Fine-Grained Analysis of Propaganda in News Articles", EMNLP 2019.
Texts are read by path from the user's copy of the corpus and never stored in this project.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quotelens.labels import TECHNIQUES, normalise_technique
from quotelens.records import Article, Quotation


@dataclass(frozen=True)
class TechniqueSpan:
    article_id: str
    technique: str
    start: int
    end: int


def find_articles_dir(ptc_dir: str | Path, split: str = "train") -> Path:
    """Accept the corpus root (holding `train-articles/`, `dev-articles/`) or an articles folder itself."""
    root = Path(ptc_dir)
    candidates = [root / f"{split}-articles"]
    if root.name.endswith("-articles"):
        candidates.append(root if root.name == f"{split}-articles" else root.parent / f"{split}-articles")
    elif split == "train":
        candidates.append(root)  # a bare folder of train articles
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.glob("article*.txt")):
            return candidate
    raise FileNotFoundError(f"{root}: no {split}-articles/ folder with article*.txt files")


def read_ptc_articles(ptc_dir: str | Path, split: str = "train") -> dict[str, Article]:
    folder = find_articles_dir(ptc_dir, split)
    articles = {}
    for path in sorted(folder.glob("article*.txt")):
        article_id = path.stem[len("article") :]
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].strip()
        articles[article_id] = Article(id=article_id, text=text, title=title, source="ptc")
    return articles


def read_technique_spans(ptc_dir: str | Path) -> dict[str, list[TechniqueSpan]]:
    """Read `train-task2-TC.labels` (article id, technique, start, end; end exclusive)."""
    root = Path(ptc_dir)
    path = root / "train-task2-TC.labels"
    if not path.is_file():
        path = root.parent / "train-task2-TC.labels"
    if not path.is_file():
        raise FileNotFoundError(f"{root}: no train-task2-TC.labels file")
    spans: dict[str, list[TechniqueSpan]] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path}:{lineno}: expected 4 tab-separated columns, got {len(parts)}")
        article_id, technique, start, end = parts
        span = TechniqueSpan(article_id, normalise_technique(technique), int(start), int(end))
        spans.setdefault(article_id, []).append(span)
    return spans


def span_inside_share(span: TechniqueSpan, start: int, end: int) -> float:
    overlap = max(0, min(span.end, end) - max(span.start, start))
    return overlap / max(1, span.end - span.start)


def assign_techniques(quotes: list[Quotation], spans: list[TechniqueSpan]) -> list[str | None]:
    """Give each quotation the techniques whose expert spans lie mostly (> 50 %) inside it.

    Returns, for every span in order (the labels file repeats a few spans), the quote id it went to or
    None when it lies outside every quotation, so that no span goes unaccounted.
    """
    placement: list[str | None] = []
    for quote in quotes:
        quote.techniques = []
    for span in spans:
        placement.append(None)
        for quote in quotes:
            if span_inside_share(span, quote.start, quote.end) > 0.5:
                if span.technique not in quote.techniques:
                    quote.techniques.append(span.technique)
                placement[-1] = quote.quote_id
                break
    for quote in quotes:
        quote.techniques = [t for t in TECHNIQUES if t in quote.techniques]
    return placement


@dataclass
class PTCImport:
    quotes: list[Quotation] = field(default_factory=list)
    span_examples: list[dict] = field(default_factory=list)
    spans_total: int = 0
    spans_inside: int = 0
    spans_outside: int = 0
    technique_counts: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        with_tech = sum(1 for q in self.quotes if q.techniques)
        kinds = Counter(q.kind for q in self.quotes)
        stances = Counter(q.stance or "unknown" for q in self.quotes)
        lines = [
            f"quotations: {len(self.quotes)}",
            "  by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()),
            "  by stance: " + ", ".join(f"{k} {n}" for k, n in stances.most_common()),
            f"quotations with at least one technique: {with_tech}",
            f"expert spans: {self.spans_total} = {self.spans_inside} inside a quotation "
            f"+ {self.spans_outside} outside every quotation",
            "quotations per technique:",
        ]
        lines += [f"  {name:38s} {self.technique_counts.get(name, 0):5d}" for name in TECHNIQUES]
        return "\n".join(lines)


def span_example(article: Article, span: TechniqueSpan, context_chars: int = 200) -> dict:
    """One SemEval-2020 Task 11 technique-classification example: the span with its context."""
    text = article.text
    return {
        "article_id": span.article_id,
        "start": span.start,
        "end": span.end,
        "span": text[span.start : span.end],
        "context": text[max(0, span.start - context_chars) : span.start] + " [...] "
        + text[span.end : span.end + context_chars],
        "technique": span.technique,
    }


def import_ptc(ptc_dir: str | Path, quotes_by_article: dict[str, list[Quotation]] | None = None) -> PTCImport:
    """Quotations of the PTC train articles with their expert techniques (stance unknown).

    `quotes_by_article` gives reviewed quotations (e.g. the project's stand-off annotations); without
    it the extractor finds them.
    """
    articles = read_ptc_articles(ptc_dir)
    spans = read_technique_spans(ptc_dir)
    result = PTCImport()
    if quotes_by_article is None:
        from quotelens.extraction import QuoteExtractor

        extractor = QuoteExtractor()
        quotes_by_article = {aid: extractor.extract(article) for aid, article in articles.items()}
        for quotes in quotes_by_article.values():
            for quote in quotes:
                quote.stance = None  # extracted, not annotated: stance unknown
    for aid, article in articles.items():
        quotes = quotes_by_article.get(aid, [])
        article_spans = spans.get(aid, [])
        placement = assign_techniques(quotes, article_spans)
        result.spans_total += len(article_spans)
        result.spans_inside += sum(1 for where in placement if where is not None)
        result.spans_outside += sum(1 for where in placement if where is None)
        result.span_examples.extend(span_example(article, span) for span in article_spans)
        for quote in quotes:
            result.technique_counts.update(quote.techniques or [])
        result.quotes.extend(quotes)
    return result
