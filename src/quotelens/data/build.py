"""From annotated sources to a Hugging Face `DatasetDict` (train / validation / test).

Splits are by article (no article in two splits), stratified by origin and stance, with a fixed seed;
articles that share an exact-duplicate quotation are kept in one split. Missing labels stay missing:
stance -1 and `has_techniques` False, so training masks them instead of treating them as `neutral`.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import datasets
import numpy as np
from datasets import Dataset, DatasetDict, Features, Sequence, Value
from sklearn.model_selection import StratifiedGroupKFold

from quotelens.data.corpus import Corpus, load_corpus, load_standoff
from quotelens.data.ptc import assign_techniques, read_ptc_articles, read_technique_spans
from quotelens.labels import STANCE2ID, STANCES, TECHNIQUE2ID, TECHNIQUES
from quotelens.records import Quotation

SPLITS = ("train", "validation", "test")

FEATURES = Features(
    {
        "article_id": Value("string"),
        "quote_id": Value("string"),
        "origin": Value("string"),
        "kind": Value("string"),
        "text": Value("string"),
        "speaker": Value("string"),
        "context": Value("string"),
        "stance": Value("int64"),
        "techniques": Sequence(Value("float32"), length=len(TECHNIQUES)),
        "has_techniques": Value("bool"),
    }
)


class BuildError(RuntimeError):
    pass


def make_context(text: str, start: int, end: int, chars: int = 200) -> str:
    """The words around a quotation (the quotation itself replaced by `[...]`), cut at word edges."""
    left = text[max(0, start - chars) : start]
    right = text[end : end + chars]
    if start - chars > 0 and " " in left:
        left = left.split(" ", 1)[1]
    if end + chars < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0]
    return " ".join(f"{left.strip()} [...] {right.strip()}".split())


def quote_example(quote: Quotation, article_text: str, origin: str, context_chars: int) -> dict:
    techniques = [0.0] * len(TECHNIQUES)
    for name in quote.techniques or []:
        techniques[TECHNIQUE2ID[name]] = 1.0
    return {
        "article_id": quote.article_id,
        "quote_id": quote.quote_id,
        "origin": origin,
        "kind": quote.kind,
        "text": quote.text,
        "speaker": quote.speaker or "",
        "context": make_context(article_text, quote.start, quote.end, context_chars),
        "stance": STANCE2ID[quote.stance] if quote.stance is not None else -1,
        "techniques": techniques,
        "has_techniques": quote.techniques is not None,
    }


def load_sources(
    data: Iterable[str | Path],
    ptc_dir: str | Path | None = None,
    ptc_annotations: str | Path = "data/ptc",
    ptc_dev_annotations: str | Path | None = None,
) -> Corpus:
    """The project's corpus, plus (when `ptc_dir` is given) the stand-off real-news annotations joined
    with the corpus texts read from `ptc_dir`, their techniques taken from the expert spans.

    The PTC's dev articles have no expert spans: their stance annotations (`ptc_dev_annotations`, when
    that folder exists) come in as their own origin, `ptc-dev`, with techniques unknown, so that they
    are split on their own and never move a train article of the PTC between splits."""
    data = list(data)
    if not data and ptc_dir is None:
        raise BuildError("no training data: give `data` paths, or `ptc_dir` to train on real news alone")
    corpus = load_corpus(data) if data else Corpus()
    if ptc_dir is None:
        return corpus
    texts = read_ptc_articles(ptc_dir)
    first_new = len(corpus.quotes)
    load_standoff([Path(ptc_annotations)], texts, origin="ptc", corpus=corpus)
    spans = read_technique_spans(ptc_dir)
    by_article: dict[str, list[Quotation]] = {}
    for quote in corpus.quotes[first_new:]:
        by_article.setdefault(quote.article_id, []).append(quote)
    for aid, quotes in by_article.items():
        assign_techniques(quotes, spans.get(aid, []))
    if ptc_dev_annotations is not None and Path(ptc_dev_annotations).is_dir():
        load_standoff([Path(ptc_dev_annotations)], read_ptc_articles(ptc_dir, "dev"), origin="ptc-dev", corpus=corpus)
    return corpus


def _article_groups(examples: list[dict]) -> np.ndarray:
    """Group ids: an article, merged with every article of its origin sharing an exact-duplicate quotation."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_article_of_text: dict[str, str] = {}
    for ex in examples:
        # within one origin only, so that adding a source cannot regroup (and move) another's articles
        key = ex["origin"] + "\x00" + " ".join(ex["text"].lower().split())
        other = first_article_of_text.setdefault(key, ex["article_id"])
        parent[find(ex["article_id"])] = find(other)
    roots = [find(ex["article_id"]) for ex in examples]
    ids = {root: i for i, root in enumerate(dict.fromkeys(roots))}
    return np.array([ids[r] for r in roots])


def _fold_splits(n_folds: int, val_fraction: float, test_fraction: float) -> list[str]:
    n_test = max(1, round(test_fraction * n_folds))
    n_val = max(1, round(val_fraction * n_folds))
    return ["test"] * n_test + ["validation"] * n_val + ["train"] * (n_folds - n_test - n_val)


def split_examples(
    examples: list[dict], val_fraction: float, test_fraction: float, seed: int
) -> dict[str, list[dict]]:
    """Article-level, stance-stratified splits, made for each origin on its own, so that adding a
    source (say the PTC) never moves another source's articles between splits."""
    if not (0 < val_fraction < 1 and 0 < test_fraction < 1 and val_fraction + test_fraction < 1):
        raise BuildError("val_fraction and test_fraction must be in (0, 1) and leave room for train")
    groups = _article_groups(examples)
    n_folds = max(3, round(1 / min(val_fraction, test_fraction)))
    split_of_fold = _fold_splits(n_folds, val_fraction, test_fraction)
    split_of_group: dict[int, str] = {}
    for origin in sorted({ex["origin"] for ex in examples}):
        idx = [i for i, ex in enumerate(examples) if ex["origin"] == origin and groups[i] not in split_of_group]
        if not idx:
            continue
        origin_groups = groups[idx]
        if len(set(origin_groups)) < n_folds:
            raise BuildError(f"origin '{origin}' has only {len(set(origin_groups))} article groups: "
                             f"too few to split into {n_folds} folds")
        folds = StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=seed)
        strata = [examples[i]["stance"] for i in idx]
        for fold, (_, members) in enumerate(folds.split(np.zeros(len(idx)), strata, origin_groups)):
            for m in members:
                split_of_group.setdefault(int(origin_groups[m]), split_of_fold[fold])
    out: dict[str, list[dict]] = {name: [] for name in SPLITS}
    for ex, group in zip(examples, groups):
        out[split_of_group[int(group)]].append(ex)
    return out


def build_dataset(
    corpus: Corpus, context_chars: int = 200, val_fraction: float = 0.1, test_fraction: float = 0.1, seed: int = 13
) -> DatasetDict:
    if corpus.errors:
        shown = "\n".join(str(p) for p in corpus.errors[:20])
        raise BuildError(f"{len(corpus.errors)} problem(s) in the sources; nothing was built:\n{shown}")
    examples = [
        quote_example(q, corpus.articles[q.article_id].text, corpus.origin[q.article_id], context_chars)
        for q in corpus.quotes
    ]
    if not examples:
        raise BuildError("the sources hold no quotations")
    splits = split_examples(examples, val_fraction, test_fraction, seed)
    return DatasetDict({name: Dataset.from_list(rows, features=FEATURES) for name, rows in splits.items()})


def label_counts(dataset: DatasetDict) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for split, ds in dataset.items():
        stance = Counter(ds["stance"])
        row = {"articles": len(set(ds["article_id"])), "quotations": len(ds)}
        row |= {name: stance.get(i, 0) for i, name in enumerate(STANCES)}
        row["stance unknown"] = stance.get(-1, 0)
        tech = np.array(ds["techniques"]) if len(ds) else np.zeros((0, len(TECHNIQUES)))
        row |= {name: int(tech[:, j].sum()) for j, name in enumerate(TECHNIQUES)}
        row["techniques unknown"] = int(len(ds) - sum(ds["has_techniques"]))
        for origin, n in Counter(ds["origin"]).items():
            row[f"origin {origin}"] = n
        counts[split] = row
    return counts


def format_label_table(counts: dict[str, dict[str, int]]) -> str:
    splits = list(counts)
    rows = list(dict.fromkeys(key for c in counts.values() for key in c))
    width = max(len(r) for r in rows) + 2
    lines = ["| label".ljust(width + 2) + " | " + " | ".join(s.rjust(10) for s in splits) + " |"]
    lines.append("|" + "-" * (width + 2) + "|" + "|".join("-" * 12 for _ in splits) + "|")
    for key in rows:
        values = " | ".join(str(counts[s].get(key, 0)).rjust(10) for s in splits)
        lines.append(f"| {key}".ljust(width + 2) + f" | {values} |")
    return "\n".join(lines)


def save_dataset(dataset: DatasetDict, out_dir: str | Path, context_chars: int | None = None) -> Path:
    """Write the DatasetDict and its label table; a half-written folder is never left in place."""
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    datasets.disable_progress_bars()
    dataset.save_to_disk(str(tmp))
    datasets.enable_progress_bars()
    counts = label_counts(dataset)
    (tmp / "label_counts.json").write_text(json.dumps(counts, indent=2), encoding="utf-8")
    (tmp / "label_counts.md").write_text(format_label_table(counts) + "\n", encoding="utf-8")
    if context_chars is not None:
        (tmp / "build_info.json").write_text(json.dumps({"context_chars": context_chars}), encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return out_dir
