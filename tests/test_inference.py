import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from quotelens import inference
from quotelens.cli import main
from quotelens.inference import QuoteLens, classify_files, export_onnx
from quotelens.records import Article

ARTICLE = ("The minister said: “If they attack again, we will respond with force.” "
           "Critics accused the ministry of hiding the costs. "
           "“We followed every rule,” a spokesman for the ministry said.")


def write_quotes(path: Path, n: int, broken_at: int | None = None) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            if i == broken_at:
                handle.write("{this is not json\n")
                continue
            text = f"We will respond to attack number {i}" + " again" * (i % 7)
            row = {"quote_id": f"q{i}", "text": text, "speaker": "the ministry",
                   "context": "The ministry said [...] on Monday."}
            handle.write(json.dumps(row) + "\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_python_api_classifies_strings_and_articles(tiny_model: Path) -> None:
    lens = QuoteLens.from_pretrained(tiny_model)
    predictions = lens.classify(["We will respond with force.", Article(id="a1", text=ARTICLE)])
    assert len(predictions) >= 3
    first = predictions[0]
    assert first.stance in first.stance_scores and abs(sum(first.stance_scores.values()) - 1) < 1e-3
    assert set(first.technique_scores) and all(t in first.technique_scores for t in first.techniques)
    from_article = [p for p in predictions if p.article_id == "a1"]
    assert all(ARTICLE[p.start:p.end] == p.text for p in from_article)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_classify_writes_every_format(tiny_model: Path, tmp_path: Path, suffix: str) -> None:
    quotes = write_quotes(tmp_path / "quotes.jsonl", 30)
    out = tmp_path / f"out{suffix}"
    summary = classify_files([str(quotes)], tiny_model, out, batch_size=8, window=7)
    assert summary.quotations == 30 and summary.errors == 0
    frame = pd.read_json(out, lines=True) if suffix == ".jsonl" else (
        pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out))
    assert list(frame["quote_id"]) == [f"q{i}" for i in range(30)]
    assert {"stance", "stance_scores", "techniques", "technique_scores", "model", "model_version"} <= set(frame)
    assert not out.with_name(out.name + ".parts").exists()


def test_broken_record_goes_to_errors_and_the_batch_goes_on(tiny_model: Path, tmp_path: Path) -> None:
    quotes = write_quotes(tmp_path / "quotes.jsonl", 20, broken_at=5)
    out = tmp_path / "out.jsonl"
    status = main(["classify", str(quotes), "--model", str(tiny_model), "--out", str(out)])
    assert status == 1
    assert len(read_jsonl(out)) == 19
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert f"{quotes}:6" in error["error"]


def test_resume_after_a_crash_equals_an_uninterrupted_run(tiny_model: Path, tmp_path: Path, monkeypatch) -> None:
    quotes = write_quotes(tmp_path / "quotes.jsonl", 50)
    reference = tmp_path / "reference.jsonl"
    classify_files([str(quotes)], tiny_model, reference, window=8)

    real = inference.classify_window
    calls = {"n": 0}

    def crash_on_fourth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt("simulated crash")
        return real(*args, **kwargs)

    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(inference, "classify_window", crash_on_fourth)
    with pytest.raises(KeyboardInterrupt):
        classify_files([str(quotes)], tiny_model, out, window=8)
    assert not out.exists()  # partial output never looks complete
    monkeypatch.setattr(inference, "classify_window", real)
    summary = classify_files([str(quotes)], tiny_model, out, window=8, resume=True)
    assert summary.resumed_chunks == 3
    assert read_jsonl(out) == read_jsonl(reference)


def test_html_report_escapes_untrusted_text(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "evil.txt").write_text("<script>alert('x')</script>\n\n" + ARTICLE + " He said: “<b>bold</b> claims.”",
                                     encoding="utf-8")
    html_path = tmp_path / "report.html"
    summary = classify_files([str(folder)], tiny_model, tmp_path / "out.jsonl", html=str(html_path))
    page = html_path.read_text(encoding="utf-8")
    assert summary.quotations >= 3
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<mark" in page and "Who says what" in page


def test_onnx_backends_agree_with_torch(tiny_model: Path, tmp_path: Path) -> None:
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    paths = export_onnx(model)
    assert [p.name for p in paths] == ["model.onnx", "model.int8.onnx"]
    quotes = write_quotes(tmp_path / "quotes.jsonl", 40)
    outputs = {}
    for backend in ("torch", "onnx", "onnx-int8"):
        classify_files([str(quotes)], model, tmp_path / f"{backend}.jsonl", backend=backend, precision="fp32")
        outputs[backend] = read_jsonl(tmp_path / f"{backend}.jsonl")
    assert QuoteLens.from_pretrained(model, backend="onnx").classifier.model is None  # no torch weights loaded
    for a, b in zip(outputs["torch"], outputs["onnx"]):
        assert a["stance"] == b["stance"]
        assert abs(a["stance_scores"]["neutral"] - b["stance_scores"]["neutral"]) < 1e-3
    assert len(outputs["onnx-int8"]) == 40
    items = [inference.QuoteInput(r["text"], r["speaker"], r.get("context")) for r in read_jsonl(quotes)]
    fp32 = QuoteLens.from_pretrained(model, backend="onnx").classifier.logits(items)[0]
    everything_rechecked = QuoteLens.from_pretrained(model, backend="onnx-int8", recheck_margin=1.01)
    assert np.allclose(everything_rechecked.classifier.logits(items)[0], fp32, atol=1e-5)
    pure_int8 = QuoteLens.from_pretrained(model, backend="onnx-int8", recheck_margin=0).classifier
    assert pure_int8.recheck_session is None and pure_int8.precision == "int8"
    with pytest.raises(ValueError, match="torch backend"):
        QuoteLens.from_pretrained(model, backend="onnx", precision="bf16")


def test_bf16_autocast_agrees_with_fp32_and_resume_refuses_a_precision_change(
        tiny_model: Path, tmp_path: Path, monkeypatch) -> None:
    from quotelens.inference import ResumeError

    quotes = write_quotes(tmp_path / "quotes.jsonl", 24)
    for precision in ("fp32", "bf16"):
        classify_files([str(quotes)], tiny_model, tmp_path / f"{precision}.jsonl", precision=precision)
    fp32, bf16 = read_jsonl(tmp_path / "fp32.jsonl"), read_jsonl(tmp_path / "bf16.jsonl")
    assert [r["quote_id"] for r in fp32] == [r["quote_id"] for r in bf16]
    assert max(abs(a["stance_scores"]["neutral"] - b["stance_scores"]["neutral"]) for a, b in zip(fp32, bf16)) < 0.05
    with pytest.raises(ValueError, match="precision"):
        QuoteLens.from_pretrained(tiny_model, precision="int4")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(inference, "classify_window", crash)
    with pytest.raises(KeyboardInterrupt):
        classify_files([str(quotes)], tiny_model, tmp_path / "cut.jsonl", window=8, precision="fp32")
    monkeypatch.undo()
    with pytest.raises(ResumeError, match="precision"):
        classify_files([str(quotes)], tiny_model, tmp_path / "cut.jsonl", window=8, precision="bf16", resume=True)


def test_onnx_backend_without_export_says_what_to_run(tiny_model: Path, tmp_path: Path) -> None:
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    with pytest.raises(FileNotFoundError, match="export-onnx"):
        QuoteLens.from_pretrained(model, backend="onnx")


@pytest.mark.slow
def test_ray_engine_gives_the_same_records_as_the_local_engine(tiny_model: Path, tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the `distributed` extra (ray[data]) is not installed")
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(ARTICLE.replace("again", f"again {i}"), encoding="utf-8")
    quotes = write_quotes(tmp_path / "quotes.jsonl", 25, broken_at=3)
    for inputs in ([str(folder)], [str(quotes)]):
        local, distributed = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
        classify_files(inputs, tiny_model, local)
        summary = classify_files(inputs, tiny_model, distributed, engine="ray")
        assert read_jsonl(distributed) == read_jsonl(local)
        assert summary.quotations == len(read_jsonl(local)) > 0


def test_input_columns_never_overwrite_predictions(tiny_model: Path, tmp_path: Path) -> None:
    quotes = tmp_path / "gold.jsonl"
    quotes.write_text(json.dumps({"quote_id": "g1", "text": "We will sue.", "speaker": "the union",
                                  "stance": "sarcastic", "model": "annotator-7"}) + "\n", encoding="utf-8")
    classify_files([str(quotes)], tiny_model, tmp_path / "out.jsonl")
    (row,) = read_jsonl(tmp_path / "out.jsonl")
    assert row["stance"] in row["stance_scores"] and row["input_stance"] == "sarcastic"
    assert row["model"].startswith("quotelens") and row["input_model"] == "annotator-7"


def test_parquet_output_with_a_column_that_starts_empty(tiny_model: Path, tmp_path: Path) -> None:
    quotes = tmp_path / "q.jsonl"
    rows = [{"quote_id": f"q{i}", "text": f"Quote {i}", "speaker": None if i < 10 else "Ann"} for i in range(12)]
    quotes.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    classify_files([str(quotes)], tiny_model, tmp_path / "out.parquet", window=5)
    frame = pd.read_parquet(tmp_path / "out.parquet")
    assert list(frame["speaker"][-2:]) == ["Ann", "Ann"] and frame["speaker"][:10].isna().all()


def test_resume_refuses_other_inputs_and_finished_runs(tiny_model: Path, tmp_path: Path, monkeypatch) -> None:
    from quotelens.inference import ResumeError

    quotes = write_quotes(tmp_path / "quotes.jsonl", 30)
    out = tmp_path / "out.jsonl"
    classify_files([str(quotes)], tiny_model, out, window=8)
    with pytest.raises(ResumeError, match="already complete"):
        classify_files([str(quotes)], tiny_model, out, window=8, resume=True)
    real = inference.classify_window

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(inference, "classify_window", crash)
    with pytest.raises(KeyboardInterrupt):
        classify_files([str(quotes)], tiny_model, tmp_path / "other.jsonl", window=8)
    monkeypatch.setattr(inference, "classify_window", real)
    with pytest.raises(ResumeError, match="window"):
        classify_files([str(quotes)], tiny_model, tmp_path / "other.jsonl", window=4, resume=True)
