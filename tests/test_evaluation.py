import json
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import write_corpus

from quotelens.evaluation import EvaluationError, compare_reports, evaluate_model
from quotelens.evaluation.baselines import lexicon_stance
from quotelens.evaluation.card import write_model_card
from quotelens.evaluation.metrics import bootstrap_ci, macro_f1, paired_bootstrap, stance_metrics
from quotelens.labels import STANCE2ID


@pytest.fixture(scope="module")
def report_dir(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    evaluate_model(tiny_model, "test", out)
    return out


def test_report_has_every_part(report_dir: Path) -> None:
    report = json.loads((report_dir / "report.json").read_text())
    assert set(report["systems"]) == {"QuoteLens model", "majority class", "keyword lexicon",
                                      "TF-IDF + logistic regression"}
    assert {"accuracy", "macro_f1", "per_class", "confusion_matrix", "macro_f1_ci"} <= set(report["stance"])
    assert {"micro_f1", "macro_f1", "exact_match", "per_technique", "micro_f1_ci"} <= set(report["techniques"])
    assert {"ece", "ece_uncalibrated", "temperature"} <= set(report["calibration"])
    assert "extraction" in report and report["extraction"]
    lo, hi = report["stance"]["macro_f1_ci"]
    assert lo <= report["stance"]["macro_f1"] <= hi
    for name in ("confusion_matrix.png", "stance_f1.png", "technique_f1.png", "reliability.png", "report.md"):
        assert (report_dir / name).stat().st_size > 1000, name


def test_model_card_matches_the_report_number_for_number(report_dir: Path, tmp_path: Path) -> None:
    card = write_model_card(report_dir, tmp_path / "model_card.md").read_text(encoding="utf-8")
    report = json.loads((report_dir / "report.json").read_text())
    meta = yaml.safe_load(card.split("---")[1])
    metrics = {m["name"]: m["value"] for m in meta["model-index"][0]["results"][0]["metrics"]}
    model = report["systems"]["QuoteLens model"]
    assert metrics["stance macro-F1"] == round(model["stance_macro_f1"], 4)
    assert metrics["technique micro-F1"] == round(model["technique_micro_f1"], 4)
    body = card.split("---", 2)[2]
    for system, scores in report["systems"].items():
        assert f"| {system} | {scores['stance_macro_f1']:.3f} [{scores['stance_macro_f1_ci'][0]:.3f}" in body
    for cls, values in report["stance"]["per_class"].items():
        assert f"| {cls} | {values['precision']:.3f} | {values['recall']:.3f} | {values['f1']:.3f} |" in body
    # every decimal number in the body comes from the report
    numbers = set(re.findall(r"\b\d\.\d{3}\b", body))
    flat = json.dumps(report)
    known = {f"{float(x):.3f}" for x in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", flat)}
    assert numbers <= known


def test_compare_gives_differences_and_p_values(report_dir: Path) -> None:
    table = compare_reports(report_dir, report_dir)
    assert "stance macro-F1" in table and "+0.000" in table and "| 1.000 |" in table


def test_unknown_labels_in_data_fail_before_computing(tiny_model: Path, tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "eval.jsonl", 3)
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace('"neutral"', '"sarcastic"')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(EvaluationError, match=rf"{path}:2.*sarcastic"):
        evaluate_model(tiny_model, str(path), tmp_path / "out")
    assert not (tmp_path / "out" / "report.json").exists()


def test_model_with_other_labels_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(tiny_model, other)
    config = json.loads((other / "config.json").read_text())
    config["stance_labels"] = ["pro", "anti", "none", "mixed"]
    (other / "config.json").write_text(json.dumps(config))
    with pytest.raises(EvaluationError, match="stance labels"):
        evaluate_model(other, "test", tmp_path / "out")


def test_metrics_and_bootstrap() -> None:
    gold = np.array([0, 1, 2, 3] * 25)
    assert stance_metrics(gold, gold)["macro_f1"] == 1.0
    noisy = gold.copy()
    noisy[::3] = 3
    lo, hi = bootstrap_ci(macro_f1, gold, noisy)
    assert lo < macro_f1(gold, noisy) < hi
    diff, p = paired_bootstrap(macro_f1, gold, noisy, gold)
    assert diff > 0 and p < 0.01


def test_lexicon_baseline_uses_scheme_precedence() -> None:
    assert lexicon_stance("If they continue we will be forced to retaliate") == STANCE2ID["threatening"]
    assert lexicon_stance("They lied and failed the country") == STANCE2ID["accusatory"]
    assert lexicon_stance("Rain is expected on Tuesday") == STANCE2ID["neutral"]


def test_readme_results_block_is_filled_from_the_report(report_dir: Path, tmp_path: Path) -> None:
    from quotelens.evaluation.card import update_readme

    readme = tmp_path / "README.md"
    readme.write_text("# X\n\n<!-- results:start -->\nold\n<!-- results:end -->\n\nrest\n", encoding="utf-8")
    update_readme(report_dir, readme)
    text = readme.read_text(encoding="utf-8")
    report = json.loads((report_dir / "report.json").read_text())
    assert "old" not in text and text.endswith("rest\n")
    assert f"{report['systems']['QuoteLens model']['stance_macro_f1']:.3f}" in text


def test_evaluation_uses_the_runs_own_split_after_label_fixes(tiny_model: Path, tmp_path: Path) -> None:
    """Relabelling after training can reshuffle a freshly built split; evaluation keeps the run's."""
    from quotelens.evaluation.report import load_eval_data

    splits = json.loads((tiny_model.parent / "splits.json").read_text())
    config = yaml.safe_load((tiny_model.parent / "config.yaml").read_text())
    corpus = Path(config["data"][0])
    lines = corpus.read_text().splitlines()
    for i in range(0, len(lines), 3):  # relabel a third of the articles
        lines[i] = lines[i].replace('"neutral"', '"defensive"')
    backup = corpus.read_text()
    corpus.write_text("\n".join(lines) + "\n")
    try:
        data = load_eval_data(tiny_model, "test", None)
        assert set(data.eval["article_id"]) == set(splits["test"])
        assert set(data.train["article_id"]) == set(splits["train"])
    finally:
        corpus.write_text(backup)


def test_thresholds_fall_back_to_the_shared_one_for_rare_labels() -> None:
    from quotelens.calibration import tune_global_threshold, tune_thresholds

    rng = np.random.default_rng(0)
    targets = np.zeros((200, 2), dtype=int)
    targets[:60, 0] = 1  # a frequent label, separable at 0.7
    targets[:4, 1] = 1  # a rare one: too few positives to trust its own threshold
    scores = np.where(targets == 1, rng.uniform(0.72, 1.0, targets.shape), rng.uniform(0.0, 0.68, targets.shape))
    shared = tune_global_threshold(scores, targets)
    thresholds = tune_thresholds(scores, targets, min_positives=20)
    assert 0.7 <= thresholds[0] <= 0.75
    assert thresholds[1] == shared


def test_thresholds_maximise_micro_f1_not_each_labels_own_f1() -> None:
    from sklearn.metrics import f1_score

    from quotelens.calibration import micro_f1, tune_global_threshold, tune_thresholds

    rng = np.random.default_rng(1)
    targets = np.zeros((400, 2), dtype=int)
    targets[:150, 0] = 1  # an easy label, separable at 0.5
    targets[::10, 1] = 1  # a hard one: 40 positives scored like its negatives
    scores = np.empty(targets.shape)
    scores[:, 0] = np.where(targets[:, 0] == 1, rng.uniform(0.55, 1.0, 400), rng.uniform(0.0, 0.45, 400))
    scores[:, 1] = rng.uniform(0.0, 0.9, 400)
    grid = np.arange(0.05, 0.96, 0.05)
    own_best = grid[np.argmax([f1_score(targets[:, 1], scores[:, 1] >= t) for t in grid])]
    assert own_best <= 0.5  # tuned on its own F1, the hard label would fire for most quotations
    thresholds = tune_thresholds(scores, targets, min_positives=20)
    assert thresholds[1] >= 0.9  # tuned for micro-F1 it stays almost off
    shared = [tune_global_threshold(scores, targets)] * 2
    assert micro_f1(scores, targets, thresholds) >= micro_f1(scores, targets, shared)
