"""`quotelens evaluate`: one report (json, md, png) for a model on a labelled split, baselines beside it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from datasets import Dataset, DatasetDict, concatenate_datasets, load_from_disk

from quotelens.calibration import expected_calibration_error, softmax
from quotelens.config import TrainConfig, load_config
from quotelens.data.build import FEATURES, build_dataset, load_sources, quote_example
from quotelens.data.corpus import Corpus, load_corpus
from quotelens.evaluation import baselines, plots
from quotelens.evaluation.metrics import bootstrap_ci, macro_f1, micro_f1, stance_metrics, technique_metrics
from quotelens.inference import Classifier, QuoteInput
from quotelens.labels import STANCES, TECHNIQUES


class EvaluationError(ValueError):
    pass


@dataclass
class EvalData:
    train: Dataset
    eval: Dataset
    description: str
    corpus: Corpus | None  # the articles behind `eval`, for scoring extraction


def run_config(run_dir: Path, ptc_dir: str | None) -> TrainConfig:
    """The training run's config (the folder above the model) so the split is the one it was trained on."""
    path = run_dir / "config.yaml"
    config = load_config(path) if path.is_file() else TrainConfig()
    if ptc_dir:
        config.ptc_dir = ptc_dir
    return config


def load_eval_data(model_dir: Path, spec: str, ptc_dir: str | None, split_from: Path | None = None) -> EvalData:
    config = run_config(split_from or model_dir.parent, ptc_dir)
    corpus = load_sources(config.data, config.ptc_dir, config.ptc_annotations, config.ptc_dev_annotations)
    if corpus.errors:
        raise EvaluationError("the training sources have problems:\n" + "\n".join(map(str, corpus.errors[:10])))
    dataset = build_dataset(corpus, config.context_chars, config.val_fraction, config.test_fraction,
                            config.split_seed)
    saved_splits = (split_from or model_dir.parent) / "splits.json"
    if spec in dataset and saved_splits.is_file():
        dataset = resplit(dataset, json.loads(saved_splits.read_text(encoding="utf-8")))
    if spec in dataset:
        ids = set(dataset[spec]["article_id"])
        sub = Corpus(articles={a: corpus.articles[a] for a in ids}, origin=corpus.origin,
                     quotes=[q for q in corpus.quotes if q.article_id in ids])
        return EvalData(dataset["train"], dataset[spec], f"split '{spec}' of {', '.join(config.data)}"
                        + (f" + PTC ({config.ptc_dir})" if config.ptc_dir else ""), sub)
    path = Path(spec.split(":")[0])
    if path.is_dir() and (path / "dataset_dict.json").is_file():
        split = spec.split(":")[1] if ":" in spec else "test"
        saved = load_from_disk(str(path))
        return EvalData(saved["train"], saved[split], f"split '{split}' of {path}", None)
    if not path.exists():
        raise EvaluationError(f"--data {spec!r}: not a split name ({', '.join(dataset)}) nor an existing path")
    other = load_corpus([path])
    if other.errors:
        raise EvaluationError(f"{len(other.errors)} problem(s) in {path}; nothing was computed:\n"
                              + "\n".join(map(str, other.errors[:10])))
    rows = [quote_example(q, other.articles[q.article_id].text, other.origin[q.article_id], config.context_chars)
            for q in other.quotes]
    return EvalData(dataset["train"], Dataset.from_list(rows, features=FEATURES), str(path), other)


def resplit(dataset: DatasetDict, splits: dict[str, list[str]]) -> DatasetDict:
    """The run's own split (by article id) over the current data: label corrections made after training
    can move articles between freshly built splits, but never between the run's. Articles the run never
    saw (say, PTC articles added for a corpus-only model) keep their freshly built split."""
    pooled = concatenate_datasets(list(dataset.values()))
    split_of = {aid: name for name, ids in splits.items() for aid in ids}
    fresh = {aid: name for name, ds in dataset.items() for aid in ds["article_id"]}
    assign = [split_of.get(aid, fresh[aid]) for aid in pooled["article_id"]]
    return DatasetDict({name: pooled.select([i for i, s in enumerate(assign) if s == name]) for name in dataset})


def check_labels(classifier: Classifier) -> None:
    if list(classifier.config.stance_labels) != list(STANCES):
        raise EvaluationError(f"the model's stance labels {classifier.config.stance_labels} differ from the "
                              f"data's {list(STANCES)}")
    if list(classifier.config.technique_labels) != list(TECHNIQUES):
        raise EvaluationError("the model's technique labels differ from the data's: "
                              f"{sorted(set(classifier.config.technique_labels) ^ set(TECHNIQUES))}")


def texts_of(ds: Dataset) -> list[str]:
    return [baselines.input_text(t, s, c) for t, s, c in zip(ds["text"], ds["speaker"], ds["context"])]


def accuracy(gold: np.ndarray, pred: np.ndarray) -> float:
    return float((gold == pred).mean()) if len(gold) else 0.0


def ci_pair(lo_hi: tuple[float, float]) -> list[float]:
    return [round(lo_hi[0], 4), round(lo_hi[1], 4)]


def score_system(gold_stance: np.ndarray, pred_stance: np.ndarray, gold_tech: np.ndarray | None,
                 pred_tech: np.ndarray | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "stance_macro_f1": macro_f1(gold_stance, pred_stance),
        "stance_macro_f1_ci": ci_pair(bootstrap_ci(macro_f1, gold_stance, pred_stance)),
        "stance_accuracy": float((gold_stance == pred_stance).mean()) if len(gold_stance) else 0.0,
    }
    if gold_tech is not None and pred_tech is not None and len(gold_tech) > 0:
        out["technique_micro_f1"] = micro_f1(gold_tech, pred_tech)
        out["technique_micro_f1_ci"] = ci_pair(bootstrap_ci(micro_f1, gold_tech, pred_tech))
    return out


def confident_mistakes(ds: Dataset, known: np.ndarray, probs: np.ndarray, k: int = 15) -> list[dict[str, Any]]:
    gold = np.array(ds["stance"])
    pred = probs.argmax(1)
    wrong = np.where(known & (pred != gold))[0]
    wrong = wrong[np.argsort(-probs[wrong].max(1))][:k]
    return [{"quote_id": ds[int(i)]["quote_id"], "text": ds[int(i)]["text"], "speaker": ds[int(i)]["speaker"],
             "gold": STANCES[gold[i]], "predicted": STANCES[pred[i]], "confidence": round(float(probs[i].max()), 3)}
            for i in wrong]


def evaluate_extraction(corpus: Corpus) -> dict[str, Any]:
    from quotelens.extraction import QuoteExtractor
    from quotelens.extraction.scoring import score_extraction

    extractor = QuoteExtractor()
    predicted = [q for article in corpus.articles.values() for q in extractor.extract(article)]
    return score_extraction(corpus.quotes, predicted)


def predict_split(classifier: Classifier, ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stance logits, technique scores and technique decisions (at the model's tuned thresholds)."""
    items = [QuoteInput(t, s or None, c) for t, s, c in zip(ds["text"], ds["speaker"], ds["context"])]
    stance_logits, technique_logits = classifier.logits(items)
    tech_scores = 1 / (1 + np.exp(-technique_logits))
    tech_pred = (tech_scores >= np.array(classifier.config.technique_thresholds)).astype(int)
    return stance_logits, tech_scores, tech_pred


def evaluate_model(model_dir: str | Path, data: str, out_dir: str | Path, ptc_dir: str | None = None,
                   with_baselines: bool = True, split_from: str | Path | None = None) -> str:
    """Evaluate, write report.json / report.md / plots into `out_dir`, and return the summary table.

    `split_from`: a run folder whose config defines the data and split (default: the model's own run).
    """
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    classifier = Classifier(model_dir)
    check_labels(classifier)
    data_ = load_eval_data(model_dir, data, ptc_dir, Path(split_from) if split_from else None)
    ds = data_.eval
    if len(ds) == 0:
        raise EvaluationError(f"--data {data!r} holds no quotations")
    out_dir.mkdir(parents=True, exist_ok=True)

    stance_logits, tech_scores, tech_pred = predict_split(classifier, ds)
    probs = softmax(stance_logits, classifier.config.stance_temperature)

    gold = np.array(ds["stance"])
    known = gold >= 0
    has_tech = np.array(ds["has_techniques"], dtype=bool)
    gold_tech = np.array(ds["techniques"]).astype(int)
    pred = probs.argmax(1)

    report: dict[str, Any] = {
        "model": {"dir": str(model_dir), "encoder": classifier.config.encoder_name,
                  "temperature": classifier.config.stance_temperature, "precision": classifier.precision},
        "data": {"description": data_.description, "quotations": len(ds), "with_stance": int(known.sum()),
                 "with_techniques": int(has_tech.sum()), "articles": len(set(ds["article_id"])),
                 "origins": {o: int(n) for o, n in zip(*np.unique(ds["origin"], return_counts=True))}},
        "stance": stance_metrics(gold[known], pred[known]),
        "techniques": technique_metrics(gold_tech[has_tech], tech_pred[has_tech]) if has_tech.any() else {},
    }
    model_scores = score_system(gold[known], pred[known], gold_tech[has_tech], tech_pred[has_tech])
    report["stance"]["macro_f1_ci"] = model_scores["stance_macro_f1_ci"]
    report["stance"]["accuracy_ci"] = ci_pair(bootstrap_ci(accuracy, gold[known], pred[known]))
    if has_tech.any():
        report["techniques"]["micro_f1_ci"] = model_scores["technique_micro_f1_ci"]
    uncalibrated = softmax(stance_logits)
    report["calibration"] = {
        "ece": expected_calibration_error(probs[known], gold[known]),
        "ece_uncalibrated": expected_calibration_error(uncalibrated[known], gold[known]),
        "temperature": classifier.config.stance_temperature,
    }
    report["by_origin"] = {}
    for origin in sorted(set(ds["origin"])):
        mask = np.array(ds["origin"]) == origin
        report["by_origin"][origin] = {"quotations": int(mask.sum())} | score_system(
            gold[mask & known], pred[mask & known], gold_tech[mask & has_tech], tech_pred[mask & has_tech])

    systems = {"QuoteLens model": model_scores}
    stance_preds = {"QuoteLens model": pred[known]}
    if with_baselines:
        train = data_.train
        train_gold = np.array(train["stance"])
        train_known = train_gold >= 0
        train_x = [x for x, k in zip(texts_of(train), train_known) if k]
        test_x = texts_of(ds)
        train_tech = np.array(train["techniques"]).astype(int)[np.array(train["has_techniques"], dtype=bool)]
        train_tech_x = [x for x, h in zip(texts_of(train), train["has_techniques"]) if h]
        base = {
            "majority class": (baselines.majority(train_gold[train_known], len(ds)),
                               np.zeros_like(gold_tech)),
            "keyword lexicon": (np.array([baselines.lexicon_stance(t) for t in ds["text"]]), None),
            "TF-IDF + logistic regression": (baselines.tfidf_stance(train_x, train_gold[train_known], test_x),
                                             baselines.tfidf_techniques(train_tech_x, train_tech, test_x)),
        }
        for name, (b_stance, b_tech) in base.items():
            systems[name] = score_system(gold[known], b_stance[known], gold_tech[has_tech],
                                         b_tech[has_tech] if b_tech is not None else None)
            stance_preds[name] = b_stance[known]
    report["systems"] = systems
    report["errors"] = confident_mistakes(ds, known, probs)
    if data_.corpus is not None:
        report["extraction"] = evaluate_extraction(data_.corpus)
    report["examples"] = [{"quote_id": q, "gold_stance": int(g), "pred_stance": int(p),
                           "gold_techniques": gt.tolist() if h else None, "pred_techniques": pt.tolist()}
                          for q, g, p, gt, pt, h in zip(ds["quote_id"], gold, pred, gold_tech, tech_pred, has_tech)]
    report["plots"] = draw_plots(report, stance_preds, gold[known], probs[known], uncalibrated[known], out_dir)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    summary = format_summary(report)
    (out_dir / "report.md").write_text(render_markdown(report), encoding="utf-8")
    written = f"report -> {out_dir / 'report.md'}, {out_dir / 'report.json'}; plots: {', '.join(report['plots'])}"
    return f"{summary}\n\n{written}"


def draw_plots(report: dict[str, Any], stance_preds: dict[str, np.ndarray], gold: np.ndarray, probs: np.ndarray,
               uncalibrated: np.ndarray, out_dir: Path) -> list[str]:
    from sklearn.metrics import f1_score

    paths = [plots.plot_confusion(report["stance"]["confusion_matrix"], list(STANCES), out_dir / "confusion_matrix.png",
                                  "Stance confusion matrix (QuoteLens model)")]
    per_class = {name: dict(zip(STANCES, f1_score(gold, p, labels=list(range(len(STANCES))), average=None,
                                                  zero_division=0)))
                 for name, p in stance_preds.items()}
    paths.append(plots.plot_f1_bars(per_class, out_dir / "stance_f1.png", "Stance F1 per class"))
    if report["techniques"]:
        tech = {"QuoteLens model": {t: v["f1"] for t, v in report["techniques"]["per_technique"].items()}}
        paths.append(plots.plot_f1_bars(tech, out_dir / "technique_f1.png", "Technique F1 per class"))
    correct_after = probs.argmax(1) == gold
    correct_before = uncalibrated.argmax(1) == gold
    paths.append(plots.plot_reliability({"before temperature scaling": (uncalibrated.max(1), correct_before),
                                         "after temperature scaling": (probs.max(1), correct_after)},
                                        out_dir / "reliability.png", "Stance reliability diagram"))
    return [p.name for p in paths]


def _fmt(value: float | None, ci: list[float] | None = None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


def systems_table(report: dict[str, Any]) -> str:
    lines = ["| system | stance macro-F1 [95% CI] | stance accuracy | technique micro-F1 [95% CI] |",
             "|---|---|---|---|"]
    for name, s in report["systems"].items():
        lines.append(f"| {name} | {_fmt(s['stance_macro_f1'], s['stance_macro_f1_ci'])} | "
                     f"{_fmt(s['stance_accuracy'])} | "
                     f"{_fmt(s.get('technique_micro_f1'), s.get('technique_micro_f1_ci'))} |")
    return "\n".join(lines)


def format_summary(report: dict[str, Any]) -> str:
    d = report["data"]
    head = f"{d['description']}: {d['quotations']} quotations in {d['articles']} articles"
    cal = report["calibration"]
    lines = [head, "", systems_table(report), "",
             f"stance ECE: {cal['ece']:.3f} (before temperature scaling {cal['ece_uncalibrated']:.3f})"]
    for origin, s in report["by_origin"].items():
        lines.append(f"{origin}: {s['quotations']} quotations, stance macro-F1 "
                     f"{_fmt(s['stance_macro_f1'], s['stance_macro_f1_ci'])}, technique micro-F1 "
                     f"{_fmt(s.get('technique_micro_f1'), s.get('technique_micro_f1_ci'))}")
    if "extraction" in report:
        from quotelens.extraction.scoring import format_scores

        lines += ["", "extraction against the gold quotations of these articles:", format_scores(report["extraction"])]
    return "\n".join(lines)


def render_markdown(report: dict[str, Any]) -> str:
    st, te = report["stance"], report["techniques"]
    parts = ["# QuoteLens evaluation report", "", f"Model: `{report['model']['dir']}` (encoder "
             f"`{report['model']['encoder']}`, run in {report['model'].get('precision', 'fp32')}). "
             f"Data: {report['data']['description']}, "
             f"{report['data']['quotations']} quotations in {report['data']['articles']} articles.", "",
             "## Model and baselines", "", systems_table(report), "",
             "## Stance", "", f"Accuracy {_fmt(st['accuracy'], st['accuracy_ci'])}, macro-F1 "
             f"{_fmt(st['macro_f1'], st['macro_f1_ci'])}.", "",
             "| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    parts += [f"| {c} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
              for c, v in st["per_class"].items()]
    parts += ["", "![confusion matrix](confusion_matrix.png) ![stance F1](stance_f1.png)", ""]
    if te:
        parts += ["## Techniques", "", f"Micro-F1 {_fmt(te['micro_f1'], te.get('micro_f1_ci'))}, macro-F1 "
                  f"{te['macro_f1']:.3f} (over techniques present), exact match {te['exact_match']:.3f}.", "",
                  "| technique | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        parts += [f"| {c} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
                  for c, v in te["per_technique"].items()]
        parts += ["", "![technique F1](technique_f1.png)", ""]
    cal = report["calibration"]
    parts += ["## Calibration", "", f"Expected calibration error of stance: {cal['ece']:.3f} after temperature "
              f"scaling (T = {cal['temperature']:.2f}), {cal['ece_uncalibrated']:.3f} before.", "",
              "![reliability diagram](reliability.png)", "", "## By origin", "",
              "| origin | quotations | stance macro-F1 [95% CI] | technique micro-F1 [95% CI] |", "|---|---|---|---|"]
    parts += [f"| {o} | {s['quotations']} | {_fmt(s['stance_macro_f1'], s['stance_macro_f1_ci'])} | "
              f"{_fmt(s.get('technique_micro_f1'), s.get('technique_micro_f1_ci'))} |"
              for o, s in report["by_origin"].items()]
    if "extraction" in report:
        from quotelens.extraction.scoring import format_scores

        parts += ["", "## Extraction", "", "```", format_scores(report["extraction"]), "```"]
    parts += ["", "## Most confident mistakes", "", "| gold | predicted | confidence | speaker | quotation |",
              "|---|---|---|---|---|"]
    parts += [f"| {e['gold']} | {e['predicted']} | {e['confidence']:.2f} | {e['speaker']} | "
              f"{e['text'][:160].replace('|', '/')} |" for e in report["errors"]]
    return "\n".join(parts) + "\n"


def compare_reports(path_a: str | Path, path_b: str | Path) -> str:
    """Per metric: A, B, B - A and a paired bootstrap p-value on the examples both reports share."""
    from quotelens.evaluation.metrics import paired_bootstrap

    def load(path: str | Path) -> dict[str, Any]:
        path = Path(path)
        path = path / "report.json" if path.is_dir() else path
        if not path.is_file():
            raise EvaluationError(f"{path}: no report.json")
        return json.loads(path.read_text(encoding="utf-8"))

    a, b = load(path_a), load(path_b)
    ex_b = {e["quote_id"]: e for e in b["examples"]}
    shared = [(e, ex_b[e["quote_id"]]) for e in a["examples"] if e["quote_id"] in ex_b]
    if not shared:
        raise EvaluationError("the two reports share no examples (evaluate both on the same data)")
    if any(ea["gold_stance"] != eb["gold_stance"] or ea["gold_techniques"] != eb["gold_techniques"]
           for ea, eb in shared):
        raise EvaluationError("the two reports give different gold labels to the same quote ids: "
                              "they were not evaluated on the same data")
    stance = [(ea, eb) for ea, eb in shared if ea["gold_stance"] >= 0]
    gold = np.array([ea["gold_stance"] for ea, _ in stance])
    pa, pb = np.array([ea["pred_stance"] for ea, _ in stance]), np.array([eb["pred_stance"] for _, eb in stance])
    rows = [("stance macro-F1", macro_f1, gold, pa, pb),
            ("stance accuracy", lambda g, p: float((g == p).mean()), gold, pa, pb)]
    tech = [(ea, eb) for ea, eb in shared if ea["gold_techniques"] is not None]
    if tech:
        rows.append(("technique micro-F1", micro_f1, np.array([ea["gold_techniques"] for ea, _ in tech]),
                     np.array([ea["pred_techniques"] for ea, _ in tech]),
                     np.array([eb["pred_techniques"] for _, eb in tech])))
    lines = [f"A = {path_a}", f"B = {path_b}", f"{len(shared)} shared quotations", "",
             "| metric | A | B | B - A | p (paired bootstrap) |", "|---|---|---|---|---|"]
    for name, metric, g, x, y in rows:
        diff, p = paired_bootstrap(metric, g, x, y)
        lines.append(f"| {name} | {metric(g, x):.3f} | {metric(g, y):.3f} | {diff:+.3f} | {p:.3f} |")
    return "\n".join(lines)
