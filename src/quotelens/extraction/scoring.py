"""Score extracted quotations against gold ones: span P/R/F1 (exact and overlap) and speaker accuracy.

Run `python -m quotelens.extraction.scoring data/corpus/` to score the extractor on the gold corpus, and
`python -m quotelens.extraction.scoring --ptc TEXTS_DIR --ptc-annotations data/ptc` to score it on the
stand-off annotations of the Propaganda Techniques Corpus (only the articles listed in `done-*.txt`).
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..records import Article, Quotation, RecordError, read_jsonl

KINDS = ("direct", "partial", "indirect")
GROUPS = {
    "quoted": ("direct", "partial"),
    "direct": ("direct",),
    "partial": ("partial",),
    "indirect": ("indirect",),
}
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_PUNCT = re.compile(r"[^\w\s]")


# ---------------------------------------------------------------- gold loading


def _gold_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return files


def _quotation_from(row: dict, article_id: str, text: str) -> Quotation:
    start, end = int(row["start"]), int(row["end"])
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} outside the text")
    if row.get("kind") not in KINDS:
        raise ValueError(f"unknown kind {row.get('kind')!r}")
    return Quotation(
        article_id=article_id,
        quote_id=str(row.get("id") or f"{article_id}-g{start}"),
        text=text[start:end],
        start=start,
        end=end,
        kind=row["kind"],
        speaker=row.get("speaker"),
        speaker_start=row.get("speaker_start"),
        speaker_end=row.get("speaker_end"),
        stance=row.get("stance"),
        techniques=row.get("techniques"),
    )


def load_gold(paths: Iterable[str | Path]) -> tuple[list[Article], list[Quotation]]:
    """Articles and their gold quotations from corpus JSONL files or folders of them, read and validated by
    `quotelens.data.corpus.load_corpus`; an article with any problem is skipped with a warning."""
    from ..data.corpus import load_corpus

    corpus = load_corpus(_gold_files(paths))
    for problem in corpus.errors:
        warnings.warn(f"skipped: {problem}", stacklevel=2)
    bad = {p.record_id for p in corpus.errors}
    articles = [a for aid, a in corpus.articles.items() if aid not in bad]
    return articles, [q for q in corpus.quotes if q.article_id not in bad]


def _done_articles(done_files: Iterable[str | Path]) -> dict[str, int | None]:
    """Article id -> annotated quotation count (None when the line gives none), from `done-*.txt` files."""
    done: dict[str, int | None] = {}
    for path in done_files:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts:
                done[parts[0]] = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    return done


def _standoff_rows(annotation_paths: Iterable[str | Path], wanted: set[str]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = defaultdict(list)
    for path in _gold_files(annotation_paths):
        for lineno, row in read_jsonl(path):
            if isinstance(row, RecordError) or "article_id" not in row:
                warnings.warn(f"{row if isinstance(row, RecordError) else f'{path}:{lineno}: no article_id'}; "
                              "line skipped", stacklevel=3)
                continue
            if str(row["article_id"]) in wanted:
                rows[str(row["article_id"])].append(row)
    return rows


def load_standoff_gold(
    annotation_paths: Iterable[str | Path],
    texts_dir: str | Path,
    done_files: Iterable[str | Path] | None = None,
) -> tuple[list[Article], list[Quotation]]:
    """Articles and gold quotations from stand-off annotations (one JSONL line per quotation).

    `annotation_paths` are JSONL files or folders holding `stance-*.jsonl`; only the articles listed in
    `done_files` (default: the `done-*.txt` files beside the annotations) are complete and loaded. Texts
    are read from `texts_dir/article<ID>.txt`; a missing text or a bad span skips its article with a warning.
    """
    annotation_paths = [Path(p) for p in annotation_paths]
    if done_files is None:
        folders = dict.fromkeys(p if p.is_dir() else p.parent for p in annotation_paths)
        done_files = [f for folder in folders for f in sorted(folder.glob("done-*.txt"))]
    done = _done_articles(done_files)
    rows = _standoff_rows(annotation_paths, set(done))
    articles: list[Article] = []
    quotations: list[Quotation] = []
    for article_id in sorted(done):
        loaded = _standoff_article(Path(texts_dir), article_id, rows.get(article_id, []), done[article_id])
        if loaded is not None:
            articles.append(loaded[0])
            quotations.extend(loaded[1])
    return articles, quotations


def _standoff_article(
    texts_dir: Path, article_id: str, rows: list[dict], count: int | None
) -> tuple[Article, list[Quotation]] | None:
    path = texts_dir / f"article{article_id}.txt"
    if not path.is_file():
        warnings.warn(f"{path}: no text for annotated article {article_id}; skipped", stacklevel=3)
        return None
    if count is not None and count != len(rows):
        warnings.warn(f"article {article_id}: {len(rows)} annotations, done file says {count}", stacklevel=3)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        quotes = [_quotation_from(row, article_id, text) for row in rows]
    except (ValueError, KeyError, TypeError) as err:
        warnings.warn(f"article {article_id}: skipped ({err})", stacklevel=3)
        return None
    return Article(article_id, text, source="ptc"), sorted(quotes, key=lambda q: (q.start, q.end))


# ---------------------------------------------------------------- matching


def _overlap(a: Quotation, b: Quotation) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_spans(gold: list[Quotation], predicted: list[Quotation], exact: bool) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs; overlap mode pairs the largest overlaps first."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for j, quote in enumerate(predicted):
        by_article[quote.article_id].append(j)
    candidates = []
    for i, g in enumerate(gold):
        for j in by_article.get(g.article_id, []):
            p = predicted[j]
            if exact and (g.start, g.end) == (p.start, p.end) or not exact and _overlap(g, p) > 0:
                candidates.append((_overlap(g, p), i, j))
    pairs, used_gold, used_pred = [], set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_gold and j not in used_pred:
            pairs.append((i, j))
            used_gold.add(i)
            used_pred.add(j)
    return pairs


def normalise_speaker(name: str) -> str:
    name = _PUNCT.sub(" ", name.lower().replace("’s", "").replace("'s", ""))
    return _LEADING_ARTICLE.sub("", " ".join(name.split()))


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """The same entity: equal after normalising, one contains the other, or the same last/head word."""
    if gold is None or predicted is None:
        return gold is predicted
    a, b = normalise_speaker(gold), normalise_speaker(predicted)
    if not a or not b:
        return a == b
    if a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    return a.split()[-1] == b.split()[-1]


def _prf(matched_gold: int, n_gold: int, matched_pred: int, n_pred: int) -> dict[str, float | int]:
    precision = matched_pred / n_pred if n_pred else 0.0
    recall = matched_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred}


def _group_scores(
    gold: list[Quotation], predicted: list[Quotation], pairs: list[tuple[int, int]], kinds
) -> dict:
    gold_in = {i for i, g in enumerate(gold) if g.kind in kinds}
    pred_in = {j for j, p in enumerate(predicted) if p.kind in kinds}
    matched_gold = sum(1 for i, _ in pairs if i in gold_in)
    matched_pred = sum(1 for _, j in pairs if j in pred_in)
    return _prf(matched_gold, len(gold_in), matched_pred, len(pred_in))


def _speaker_accuracy(
    gold: list[Quotation], predicted: list[Quotation], pairs: list[tuple[int, int]]
) -> dict:
    result: dict[str, dict[str, float | int]] = {}
    for group, kinds in {"all": KINDS, **GROUPS}.items():
        judged = [(i, j) for i, j in pairs if gold[i].speaker is not None and gold[i].kind in kinds]
        right = sum(same_speaker(gold[i].speaker, predicted[j].speaker) for i, j in judged)
        result[group] = {
            "accuracy": right / len(judged) if judged else 0.0,
            "judged": len(judged),
            "right": right,
        }
    return result


def score_extraction(gold: list[Quotation], predicted: list[Quotation]) -> dict:
    """Span P/R/F1 (exact and overlap; overall and per kind group) and speaker accuracy, as plain dicts.

    Matching ignores kind; a group's recall counts its gold quotations, its precision its predictions.
    """
    scores: dict = {"n_gold": len(gold), "n_predicted": len(predicted)}
    for mode in ("exact", "overlap"):
        pairs = match_spans(gold, predicted, exact=mode == "exact")
        block = {"all": _prf(len(pairs), len(gold), len(pairs), len(predicted))}
        for group, kinds in GROUPS.items():
            block[group] = _group_scores(gold, predicted, pairs, kinds)
        scores[mode] = block
        if mode == "overlap":
            scores["speaker"] = _speaker_accuracy(gold, predicted, pairs)
    return scores


def format_scores(scores: dict, title: str = "extraction") -> str:
    lines = [f"{title}: {scores['n_gold']} gold, {scores['n_predicted']} predicted quotations"]
    lines.append(f"{'group':<10} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    for group in ("all", *GROUPS):
        for mode in ("exact", "overlap"):
            row = scores[mode][group]
            lines.append(
                f"{group:<10} {mode:<8} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}"
                f" {row['gold']:6d} {row['predicted']:6d}"
            )
    lines.append("speaker accuracy (overlap-matched quotations with a gold speaker):")
    for group, row in scores["speaker"].items():
        lines.append(f"  {group:<10} {row['accuracy']:6.3f}  ({row['right']}/{row['judged']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from . import QuoteExtractor

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", help="gold JSONL files or folders of them")
    parser.add_argument("--ptc", metavar="TEXTS_DIR", help="folder of PTC article<ID>.txt texts")
    parser.add_argument(
        "--ptc-annotations", nargs="+", default=["data/ptc"], help="stand-off JSONL files or folders"
    )
    parser.add_argument("--errors", action="store_true", help="also list missed and spurious spans")
    args = parser.parse_args(argv)
    gold_sets = []
    if args.gold:
        gold_sets.append(("gold corpus", *load_gold(args.gold)))
    if args.ptc:
        gold_sets.append(("PTC stand-off gold", *load_standoff_gold(args.ptc_annotations, args.ptc)))
    if not any(articles for _, articles, _ in gold_sets):
        print("no gold articles found", file=sys.stderr)
        return 1
    extractor = QuoteExtractor()
    for name, articles, gold in gold_sets:
        predicted = [q for article in articles for q in extractor.extract(article)]
        scores = score_extraction(gold, predicted)
        print(format_scores(scores, f"QuoteLens extractor on {len(articles)} articles of the {name}"))
        if args.errors:
            print(format_errors(gold, predicted, articles))
    return 0


def _snippet(texts: dict[str, str], quote: Quotation, width: int = 60) -> str:
    text = texts.get(quote.article_id)
    if text is None:
        return repr(quote.text[:100])
    before = text[max(0, quote.start - width) : quote.start].replace("\n", " ")
    after = text[quote.end : quote.end + width].replace("\n", " ")
    return f"...{before}[[{text[quote.start : quote.end][:160]}]]{after}...".replace("\n", "/")


def format_errors(gold: list[Quotation], predicted: list[Quotation], articles: Iterable[Article] = ()) -> str:
    """Missed and spurious spans (exact matching, with context), wrong kinds and wrong speakers (overlap)."""
    texts = {a.id: a.text for a in articles}
    pairs = match_spans(gold, predicted, exact=True)
    matched_gold, matched_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    lines = [
        f"MISSED [{g.article_id} {g.kind}] {_snippet(texts, g)} ({g.speaker})"
        for i, g in enumerate(gold)
        if i not in matched_gold
    ]
    lines += [
        f"EXTRA  [{p.article_id} {p.kind}] {_snippet(texts, p)} ({p.speaker})"
        for j, p in enumerate(predicted)
        if j not in matched_pred
    ]
    lines += [
        f"KIND   [{gold[i].article_id}] gold {gold[i].kind} got {predicted[j].kind}: "
        f"{_snippet(texts, gold[i])}"
        for i, j in pairs
        if gold[i].kind != predicted[j].kind
    ]
    for i, j in match_spans(gold, predicted, exact=False):
        if gold[i].speaker and not same_speaker(gold[i].speaker, predicted[j].speaker):
            lines.append(
                f"SPEAKER [{gold[i].article_id} {gold[i].kind}] gold {gold[i].speaker!r} got "
                f"{predicted[j].speaker!r}: {gold[i].text[:80]!r}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
