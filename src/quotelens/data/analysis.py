"""Corpus analysis: label distributions, a "no shortcuts" check, and inter-annotator agreement.

    python -m quotelens.data.analysis [--data data/corpus] [--ptc DIR] [--out FILE.md]

Every function returns plain dicts (JSON-serialisable); each has a `format_*` that renders it as markdown.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from datasets import DatasetDict
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, f1_score

from quotelens.data.corpus import Corpus, expand_paths
from quotelens.labels import KINDS, STANCES, TECHNIQUES
from quotelens.records import RecordError, read_jsonl

DOMINANT_SHARE = 0.60  # a stance above this share of a topic/style is flagged
TEMPLATE_SHARE = 0.90  # an n-gram this concentrated in one stance ...
TEMPLATE_SUPPORT = 15  # ... in at least this many quotations is a template warning
CUE_WORDS = 3  # words taken on each side of "[...]" as the speech cue
NEAR_FULL = 0.05  # a restricted model within this macro-F1 of the full one (and above majority) carries the label

PtcKey = tuple[str, int, int]


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "n/a"
        if isinstance(value, float):
            return f"{value:.3f}"
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# 1. Distributions ---------------------------------------------------------------------------------------------


def distribution_by(corpus: Corpus, field: str, origin: str | None = "quotelens") -> dict[str, Any]:
    """Stance counts and shares, kind counts and per-technique quotation counts per value of an article
    field (`topic` or `source`), for the articles of one origin (None: all). Flags a value where one stance
    exceeds 60 % of its known-stance quotations or a stance is absent."""
    values: dict[str, dict[str, Any]] = {}
    articles: dict[str, set[str]] = {}
    for quote in corpus.quotes:
        if origin is not None and corpus.origin.get(quote.article_id) != origin:
            continue
        value = str(getattr(corpus.articles[quote.article_id], field) or "(none)")
        row = values.setdefault(value, {"quotations": 0, "stance": dict.fromkeys(STANCES, 0), "stance unknown": 0,
                                        "kind": dict.fromkeys(KINDS, 0), "techniques": dict.fromkeys(TECHNIQUES, 0),
                                        "techniques unknown": 0})
        articles.setdefault(value, set()).add(quote.article_id)
        row["quotations"] += 1
        if quote.stance is None:
            row["stance unknown"] += 1
        else:
            row["stance"][quote.stance] += 1
        row["kind"][quote.kind] = row["kind"].get(quote.kind, 0) + 1
        if quote.techniques is None:
            row["techniques unknown"] += 1
        for name in quote.techniques or []:
            row["techniques"][name] += 1
    flags: list[str] = []
    for value, row in sorted(values.items()):
        row["articles"] = len(articles[value])
        known = sum(row["stance"].values())
        row["share"] = {s: (n / known if known else 0.0) for s, n in row["stance"].items()}
        for stance in STANCES:
            if known and row["share"][stance] > DOMINANT_SHARE:
                flags.append(f"{field}={value}: {stance} is {row['share'][stance]:.0%} of {known} quotations")
            if row["stance"][stance] == 0:
                flags.append(f"{field}={value}: no {stance} quotation")
    return {"field": field, "origin": origin, "values": dict(sorted(values.items())), "flags": flags}


def format_distribution(result: dict[str, Any]) -> str:
    field, values = result["field"], result["values"]
    header = [field, "articles", "quotations", *STANCES, "unknown", "flag"]
    rows = []
    for value, row in values.items():
        shares = [f"{row['stance'][s]} ({row['share'][s]:.0%})" for s in STANCES]
        flagged = any(f.startswith(f"{field}={value}:") for f in result["flags"])
        rows.append([value, row["articles"], row["quotations"], *shares, row["stance unknown"], "!" if flagged else ""])
    parts = [f"Stance by {field} (count and share of known stances):", "", _table(header, rows), ""]
    kinds = list(dict.fromkeys(k for row in values.values() for k in row["kind"]))
    parts += [f"Kind by {field}:", "", _table([field, *kinds], [[v, *(r["kind"].get(k, 0) for k in kinds)]
                                                                for v, r in values.items()]), ""]
    tech_rows = [[t, *(values[v]["techniques"][t] for v in values), sum(r["techniques"][t] for r in values.values())]
                 for t in TECHNIQUES]
    tech_rows.append(["(techniques unknown)", *(values[v]["techniques unknown"] for v in values),
                      sum(r["techniques unknown"] for r in values.values())])
    parts += [f"Quotations per technique by {field}:", "", _table(["technique", *values, "total"], tech_rows), ""]
    parts.append("Flags (one stance > 60 % or a stance absent):")
    parts += [f"- {flag}" for flag in result["flags"]] or ["- none"]
    return "\n".join(parts)


# 2. Shortcut check --------------------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w'-]+")


def cue_window(context: str, words: int = CUE_WORDS) -> str:
    """The speech cue: the `words` words on each side of the `[...]` that stands for the quotation."""
    left, _, right = context.partition("[...]")

    def clean(part: str) -> list[str]:
        return [w for w in (_PUNCT.sub("", t).lower() for t in part.split()) if w]

    return " ".join(clean(left)[-words:] + clean(right)[:words])


def _metadata_text(article_id: str, corpus: Corpus) -> str:
    article = corpus.articles.get(article_id)
    topic = article.topic if article and article.topic else "none"
    source = article.source if article and article.source else "none"
    return f"topic={topic} source={source}"


def _fit(
    vectorizer: TfidfVectorizer, train_x: list[str], train_y: np.ndarray
) -> tuple[TfidfVectorizer, LogisticRegression]:
    features = vectorizer.fit_transform(train_x)
    model = LogisticRegression(max_iter=2000, class_weight="balanced")
    model.fit(features, train_y)
    return vectorizer, model


def _macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float | None:
    if len(y_true) == 0:
        return None
    return float(f1_score(y_true, y_pred, labels=sorted(set(y_true.tolist())), average="macro", zero_division=0))


def _bag_of_words() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)


def template_ngrams(texts: list[str], labels: np.ndarray, support: int = TEMPLATE_SUPPORT,
                    share: float = TEMPLATE_SHARE) -> list[dict[str, Any]]:
    """N-grams (1-2, the bag-of-words tokens) found in >= `support` quotations, >= `share` of them one stance."""
    if not texts:
        return []
    counter = CountVectorizer(ngram_range=(1, 2), min_df=min(support, len(texts)), binary=True)
    try:
        x = counter.fit_transform(texts)
    except ValueError:  # no n-gram reaches the support
        return []
    onehot = np.zeros((len(labels), len(STANCES)))
    onehot[np.arange(len(labels)), labels] = 1
    per_stance = np.asarray(x.T @ onehot)
    totals = per_stance.sum(axis=1)
    out = []
    for i, name in enumerate(counter.get_feature_names_out()):
        top = int(per_stance[i].argmax())
        if totals[i] >= support and per_stance[i, top] / totals[i] >= share:
            out.append({"ngram": name, "support": int(totals[i]), "stance": STANCES[top],
                        "share": float(per_stance[i, top] / totals[i])})
    return sorted(out, key=lambda r: (-r["support"], r["ngram"]))


def shortcut_check(dataset: DatasetDict, corpus: Corpus, top_k: int = 10) -> dict[str, Any]:
    """Stance macro-F1 on the test split of TF-IDF + logistic regression trained on train, from (a) the quotation
    text, (b) the speech cue alone, (c) topic/source metadata alone; (d) the top n-grams per stance of (a) and a
    template warning list (n-grams >= 90 % one stance with support >= 15, over all labelled quotations)."""
    splits = {}
    for name in ("train", "test"):
        ds = dataset[name]
        keep = [i for i, s in enumerate(ds["stance"]) if s >= 0]
        splits[name] = {"y": np.array([ds["stance"][i] for i in keep], dtype=int),
                        "text": [ds["text"][i] for i in keep],
                        "cue": [cue_window(ds["context"][i]) for i in keep],
                        "meta": [_metadata_text(ds["article_id"][i], corpus) for i in keep],
                        "origin": np.array([ds["origin"][i] for i in keep])}
    train, test = splits["train"], splits["test"]
    views = {"bag_of_words": ("text", _bag_of_words()),
             "cue_only": ("cue", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
             "metadata_only": ("meta", TfidfVectorizer(token_pattern=r"\S+", lowercase=False))}
    majority = Counter(train["y"].tolist()).most_common(1)[0][0]
    predictions = {"majority": np.full(len(test["y"]), majority)}
    fitted = {}
    for view, (column, vectorizer) in views.items():
        vec, model = _fit(vectorizer, train[column], train["y"])
        fitted[view] = (vec, model)
        predictions[view] = model.predict(vec.transform(test[column])) if len(test["y"]) else np.array([], int)
    origins = sorted(set(test["origin"].tolist()))
    macro = {"all": {view: _macro_f1(test["y"], pred) for view, pred in predictions.items()}}
    for origin in origins:
        mask = test["origin"] == origin
        macro[origin] = {view: _macro_f1(test["y"][mask], pred[mask]) for view, pred in predictions.items()}
    vec, model = fitted["bag_of_words"]
    names = vec.get_feature_names_out()
    top: dict[str, list[tuple[str, float]]] = {}
    for row, cls in enumerate(model.classes_):
        coef = model.coef_[row] if len(model.classes_) > 2 else (model.coef_[0] if row else -model.coef_[0])
        order = np.argsort(coef)[::-1][:top_k]
        top[STANCES[int(cls)]] = [(str(names[j]), float(coef[j])) for j in order]
    all_text, all_y, all_origin = [], [], []
    for ds in dataset.values():
        for text, stance, origin in zip(ds["text"], ds["stance"], ds["origin"]):
            if stance >= 0:
                all_text.append(text)
                all_y.append(stance)
                all_origin.append(origin)
    y_all, o_all = np.array(all_y, dtype=int), np.array(all_origin)
    templates = {"all": template_ngrams(all_text, y_all)}
    for origin in sorted(set(all_origin)):
        idx = np.flatnonzero(o_all == origin)
        templates[origin] = template_ngrams([all_text[i] for i in idx], y_all[idx])
    warnings = []
    for scope, scores in macro.items():
        full, floor = scores["bag_of_words"], scores["majority"]
        for view in ("cue_only", "metadata_only"):
            if None in (full, floor, scores[view]):
                continue
            if scores[view] >= full - NEAR_FULL and scores[view] > floor + NEAR_FULL:
                warnings.append(f"{scope}: {view} macro-F1 {scores[view]:.3f} is near the quotation model's "
                                f"{full:.3f}: it carries the label")
    return {"n_train": len(train["y"]), "n_test": len(test["y"]),
            "n_test_by_origin": {o: int((test["origin"] == o).sum()) for o in origins},
            "macro_f1": macro, "top_features": top, "templates": templates, "warnings": warnings,
            "cue_examples": test["cue"][:5]}


def format_shortcut_check(result: dict[str, Any], max_templates: int = 30) -> str:
    views = ["majority", "bag_of_words", "cue_only", "metadata_only"]
    rows = [[scope, (result["n_test"] if scope == "all" else result["n_test_by_origin"][scope]),
             *(scores[v] for v in views)] for scope, scores in result["macro_f1"].items()]
    parts = [f"Stance macro-F1 on the test split (train n={result['n_train']}, TF-IDF + logistic regression; "
             f"cue = {CUE_WORDS} words either side of the quotation):", "",
             _table(["test subset", "n", *views], rows), ""]
    parts.append("Warnings: " + ("; ".join(result["warnings"]) if result["warnings"] else "none (cue-only and "
                                 "metadata-only stay well below the quotation model)"))
    parts += ["", "Top n-gram features per stance (bag-of-words model, weight):", ""]
    top = result["top_features"]
    k = max((len(v) for v in top.values()), default=0)
    rows = [[i + 1, *(f"{top[s][i][0]} ({top[s][i][1]:.2f})" if i < len(top[s]) else "" for s in top)]
            for i in range(k)]
    parts += [_table(["#", *top], rows), ""]
    for scope, found in result["templates"].items():
        parts.append(f"Template warnings ({scope}): {len(found)} n-gram(s) >= {TEMPLATE_SHARE:.0%} one stance with "
                     f"support >= {TEMPLATE_SUPPORT}" + (f" (first {max_templates} shown)" if found else ""))
        if found:
            parts += ["", _table(["n-gram", "support", "stance", "share"],
                                 [[t["ngram"], t["support"], t["stance"], t["share"]] for t in found[:max_templates]])]
        parts.append("")
    return "\n".join(parts).rstrip()


# 3. Agreement -------------------------------------------------------------------------------------------------


def _read_records(path: str | Path | None) -> tuple[list[dict[str, Any]], int]:
    if path is None or not Path(path).is_file():
        return [], 0
    records, bad = [], 0
    for _, record in read_jsonl(path):
        if isinstance(record, RecordError):
            bad += 1
        else:
            records.append(record)
    return records, bad


def parse_item_id(item_id: str) -> PtcKey:
    """`ARTICLEID:START:END` (an `article` prefix on the id is dropped) to a key."""
    article_id, start, end = str(item_id).rsplit(":", 2)
    if article_id.startswith("article") and article_id[len("article"):].isdigit():
        article_id = article_id[len("article"):]
    return article_id, int(start), int(end)


def read_standoff_stances(paths: Iterable[str | Path]) -> dict[PtcKey, str | None]:
    """Pass-1 stances of stand-off annotation files, keyed by (article_id, start, end)."""
    out: dict[PtcKey, str | None] = {}
    for path in expand_paths(paths):
        if not path.is_file():
            continue
        for _, record in read_jsonl(path):
            if isinstance(record, RecordError) or "article_id" not in record:
                continue
            try:
                key = (str(record["article_id"]), int(record["start"]), int(record["end"]))
            except (KeyError, TypeError, ValueError):
                continue
            out.setdefault(key, record.get("stance"))
    return out


def _kappa(a: Sequence[Any], b: Sequence[Any], labels: Sequence[Any] | None = None) -> float | None:
    """Cohen's kappa, None when undefined (no items, or chance agreement is 1: one category throughout)."""
    if not a or len(set(a) | set(b)) < 2:
        return None
    value = float(cohen_kappa_score(a, b, labels=list(labels) if labels is not None else None))
    return None if math.isnan(value) else value


def stance_agreement(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    confusion = {s: dict.fromkeys(STANCES, 0) for s in STANCES}
    for a, b in pairs:
        confusion[a][b] += 1
    return {"n": len(pairs), "kappa": _kappa(first, second, STANCES),
            "percent": (sum(a == b for a, b in pairs) / len(pairs)) if pairs else None, "confusion": confusion}


def technique_agreement(pairs: Sequence[tuple[list[str], list[str]]]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = {}
    tp_all = fp_all = fn_all = 0
    for name in TECHNIQUES:
        a = [int(name in x) for x, _ in pairs]
        b = [int(name in y) for _, y in pairs]
        tp = sum(x and y for x, y in zip(a, b))
        fp = sum(y and not x for x, y in zip(a, b))
        fn = sum(x and not y for x, y in zip(a, b))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        per[name] = {"pass1": sum(a), "pass2": sum(b), "kappa": _kappa(a, b, [0, 1]),
                     "percent": (sum(x == y for x, y in zip(a, b)) / len(a)) if a else None,
                     "f1": (2 * tp / (2 * tp + fp + fn)) if (tp + fp + fn) else None}
    denominator = 2 * tp_all + fp_all + fn_all
    micro = (2 * tp_all / denominator) if denominator else (1.0 if pairs else None)
    return {"n": len(pairs), "micro_f1": micro, "per_technique": per}


def original_pass1(adjudication_path: str | Path | None) -> dict[str, str]:
    """Pass-1 stances as first annotated, for the items whose label the adjudication later corrected:
    agreement is measured before adjudication (after it, pass 1 would agree by construction)."""
    records, _ = _read_records(adjudication_path)
    return {str(r["id"]): r["pass1"] for r in records if r.get("pass1") != r.get("final")}


def agreement(pass1_corpus: Corpus, pass2_path: str | Path | None, ptc_pass2_path: str | Path | None = None,
              ptc_annotations: str | Path | Iterable[str | Path] | None = None,
              adjudication_path: str | Path | None = None) -> dict[str, Any]:
    """Pass 1 (the corpus; for PTC items the stand-off files, or the corpus' stand-off quotations) against the
    blind pass 2: stance kappa, confusion and per-technique agreement on the corpus items, stance kappa on PTC.
    Pass-1 stances corrected by the adjudication count with their original value."""
    before = original_pass1(adjudication_path)
    first = {q.quote_id: q for q in pass1_corpus.quotes}
    records, bad = _read_records(pass2_path)
    seen: set[str] = set()
    stance_pairs, tech_pairs, unmatched, duplicates = [], [], [], 0
    for record in records:
        qid = str(record.get("quote_id"))
        if qid in seen:
            duplicates += 1
            continue
        seen.add(qid)
        quote = first.get(qid)
        if quote is None:
            unmatched.append(qid)
            continue
        if quote.stance is not None and record.get("stance") in STANCES:
            stance_pairs.append((before.get(qid, quote.stance), record["stance"]))
        if quote.techniques is not None and isinstance(record.get("techniques"), list):
            tech_pairs.append((quote.techniques, [t for t in record["techniques"] if t in TECHNIQUES]))
    corpus_part = {"path": str(pass2_path) if pass2_path else None, "n_pass2": len(records), "bad_lines": bad,
                   "duplicates": duplicates, "n_matched": len(seen) - len(unmatched), "unmatched": unmatched,
                   "stance": stance_agreement(stance_pairs), "techniques": technique_agreement(tech_pairs)}
    if ptc_annotations is not None:
        paths = [ptc_annotations] if isinstance(ptc_annotations, (str, Path)) else list(ptc_annotations)
        ptc_first = read_standoff_stances(paths)
    else:
        ptc_first = {(q.article_id, q.start, q.end): q.stance for q in pass1_corpus.quotes
                     if pass1_corpus.origin.get(q.article_id, "quotelens") != "quotelens"}
    records, bad = _read_records(ptc_pass2_path)
    seen_keys: set[PtcKey] = set()
    pairs, unmatched_ptc, malformed, duplicates = [], [], 0, 0
    for record in records:
        try:
            key = parse_item_id(record["item_id"])
        except (KeyError, ValueError):
            malformed += 1
            continue
        if key in seen_keys:
            duplicates += 1
            continue
        seen_keys.add(key)
        if key not in ptc_first:
            unmatched_ptc.append(":".join(map(str, key)))
            continue
        if ptc_first[key] is not None and record.get("stance") in STANCES:
            pairs.append((before.get(str(record["item_id"]), ptc_first[key]), record["stance"]))
    ptc_part = {"path": str(ptc_pass2_path) if ptc_pass2_path else None, "n_pass2": len(records),
                "bad_lines": bad + malformed, "duplicates": duplicates,
                "n_matched": len(seen_keys) - len(unmatched_ptc), "unmatched": unmatched_ptc,
                "stance": stance_agreement(pairs)}
    return {"corpus": corpus_part, "ptc": ptc_part}


def _format_stance(part: dict[str, Any]) -> list[str]:
    stance = part["stance"]
    lines = [f"Stance: n={stance['n']}, Cohen's kappa "
             f"{'n/a' if stance['kappa'] is None else format(stance['kappa'], '.3f')}, percent agreement "
             f"{'n/a' if stance['percent'] is None else format(stance['percent'], '.1%')}", ""]
    if stance["n"]:
        rows = [[a, *(stance["confusion"][a][b] for b in STANCES), sum(stance["confusion"][a].values())]
                for a in STANCES]
        lines += ["Confusion (rows pass 1, columns pass 2):", "", _table(["pass1 \\ pass2", *STANCES, "total"], rows),
                  ""]
    return lines


def _format_source(title: str, part: dict[str, Any]) -> list[str]:
    lines = [f"### {title}", ""]
    if part["path"] is None or (part["n_pass2"] == 0 and part["bad_lines"] == 0):
        return lines + [f"No pass-2 file with items ({part['path']}).", ""]
    unmatched = part["unmatched"]
    lines += [f"Pass-2 items: {part['n_pass2']} ({part['path']}); matched to pass 1: {part['n_matched']}; unmatched: "
              f"{len(unmatched)}" + (f" (e.g. {', '.join(unmatched[:5])})" if unmatched else "")
              + f"; duplicates skipped: {part['duplicates']}; unreadable lines: {part['bad_lines']}", ""]
    lines += _format_stance(part)
    if "techniques" in part:
        tech = part["techniques"]
        micro = "n/a" if tech["micro_f1"] is None else f"{tech['micro_f1']:.3f}"
        lines += [f"Techniques: n={tech['n']} items annotated in both passes; micro-F1 of pass 2 against pass 1 "
                  f"{micro}", ""]
        rows = [[name, r["pass1"], r["pass2"], r["kappa"], r["percent"], r["f1"]]
                for name, r in tech["per_technique"].items()]
        lines += [_table(["technique", "pass 1", "pass 2", "kappa", "percent agreement", "F1"], rows), ""]
    return lines


def format_agreement(result: dict[str, Any]) -> str:
    lines = _format_source("Project corpus (pass2-corpus)", result["corpus"])
    lines += _format_source("PTC stand-off items (pass2-ptc)", result["ptc"])
    return "\n".join(lines).rstrip()


# __main__


def run(data: Sequence[str | Path], ptc_dir: str | Path | None, ptc_annotations: str | Path,
        agreement_dir: str | Path, ptc_dev_annotations: str | Path | None = None) -> str:
    from quotelens.data.build import build_dataset, load_sources

    corpus = load_sources(data, ptc_dir, ptc_annotations, ptc_dev_annotations)
    sections = ["# QuoteLens data analysis", ""]
    origins = Counter(corpus.origin.values())
    sections.append(f"Sources: {', '.join(map(str, data))}" + (f" + PTC ({ptc_dir})" if ptc_dir else "")
                    + f"; articles by origin {dict(origins)}; quotations {len(corpus.quotes)}; "
                    f"errors {len(corpus.errors)}")
    sections += ["", "## 1. Distribution of the project's corpus", ""]
    for field in ("topic", "source"):
        sections += [f"### By {field}", "", format_distribution(distribution_by(corpus, field)), ""]
    sections += ["## 2. Shortcut check", ""]
    if corpus.errors:
        sections += [f"Skipped: {len(corpus.errors)} error(s) in the sources, e.g. {corpus.errors[0]}", ""]
    else:
        sections += [format_shortcut_check(shortcut_check(build_dataset(corpus), corpus)), ""]
    folder = Path(agreement_dir)
    result = agreement(corpus, folder / "pass2-corpus.jsonl", folder / "pass2-ptc.jsonl", ptc_annotations,
                       folder / "adjudication.jsonl")
    adjudicated = len(original_pass1(folder / "adjudication.jsonl"))
    sections += ["## 3. Agreement (pass 1 as first annotated against the blind pass 2)", "",
                 f"Measured before adjudication ({adjudicated} pass-1 stances were corrected afterwards by the "
                 "guidelines; see data/agreement/adjudication.jsonl).", "", format_agreement(result), ""]
    dev_pass2 = folder / "pass2-ptc-dev.jsonl"
    if ptc_dev_annotations is not None and dev_pass2.is_file():
        dev = agreement(corpus, None, dev_pass2, ptc_dev_annotations, folder / "adjudication.jsonl")
        sections += _format_source("PTC dev stand-off items (pass2-ptc-dev)", dev["ptc"])
    return "\n".join(sections)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quotelens.data.analysis", description=__doc__.split("\n")[0])
    parser.add_argument("--data", nargs="+", default=["data/corpus"], help="article-form corpus files or folders")
    parser.add_argument("--ptc", default=None, help="the PTC folder (texts); adds the stand-off annotations")
    parser.add_argument("--ptc-annotations", default="data/ptc", help="stand-off stance annotations (pass 1)")
    parser.add_argument("--ptc-dev-annotations", default="data/ptc-dev",
                        help="stance annotations of the PTC dev articles (used when the folder exists)")
    parser.add_argument("--agreement", default="data/agreement", help="folder of pass2-corpus/pass2-ptc.jsonl")
    parser.add_argument("--out", default=None, help="also write the report to this markdown file")
    args = parser.parse_args(argv)
    report = run(args.data, args.ptc, args.ptc_annotations, args.agreement, args.ptc_dev_annotations)
    print(report)
    if args.out:
        Path(args.out).write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
