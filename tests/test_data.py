import json
from pathlib import Path

import pytest
from conftest import make_article, write_corpus

from quotelens.cli import main
from quotelens.data import build_dataset, load_corpus, load_standoff
from quotelens.data.build import BuildError, load_sources, make_context, save_dataset
from quotelens.data.importers import ColumnMap, export_label_studio, import_label_studio, import_table
from quotelens.data.ptc import import_ptc
from quotelens.records import Article


def corrupt(path: Path, lineno: int, new_line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[lineno - 1] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def article_json(index: int, **changes) -> dict:
    import random

    record = make_article(index, random.Random(index))
    for key, value in changes.items():
        record["quotes"][0][key] = value
    return record


@pytest.mark.parametrize(
    ("quote_change", "message"),
    [({"stance": "angry"}, "unknown stance"), ({"techniques": ["Sarcasm"]}, "unknown technique"),
     ({"end": 10_000}, "outside the text"), ({"start": 5, "end": 5}, "empty"),
     ({"kind": "quoted"}, "unknown kind"), ({"speaker": "Somebody Else"}, "does not match speaker"),
     ({"text": "not the text"}, "does not match the quote's text")],
)
def test_validate_names_file_line_and_problem(corpus_file: Path, quote_change: dict, message: str) -> None:
    corrupt(corpus_file, 3, json.dumps(article_json(2, **quote_change)))
    corpus = load_corpus([corpus_file])
    (problem,) = corpus.errors
    assert problem.path == str(corpus_file) and problem.line == 3 and problem.record_id == "t002"
    assert message in problem.message


def test_validate_bad_json_and_duplicate_ids(corpus_file: Path) -> None:
    corrupt(corpus_file, 4, "{not json")
    corrupt(corpus_file, 5, json.dumps(article_json(0)))
    errors = [str(p) for p in load_corpus([corpus_file]).errors]
    assert any(f"{corpus_file}:4" in e and "invalid JSON" in e for e in errors)
    assert any(f"{corpus_file}:5" in e and "duplicate article id" in e for e in errors)


def test_overlapping_quotes_are_reported_as_warnings(corpus_file: Path) -> None:
    record = article_json(7)
    record["quotes"][1]["start"] = record["quotes"][0]["start"]
    record["quotes"][1].pop("text")
    corrupt(corpus_file, 8, json.dumps(record))
    corpus = load_corpus([corpus_file])
    assert not corpus.errors
    assert any("overlap" in p.message and p.severity == "warning" for p in corpus.problems)


def test_validate_cli_exit_status(corpus_file: Path, capsys) -> None:
    assert main(["data", "validate", str(corpus_file)]) == 0
    corrupt(corpus_file, 2, json.dumps(article_json(1, stance="furious")))
    assert main(["data", "validate", str(corpus_file)]) == 1
    assert f"{corpus_file}:2" in capsys.readouterr().err


def test_build_splits_by_article_and_keeps_missing_labels_missing(tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "c.jsonl", n_articles=60)
    record = article_json(100, stance=None, techniques=None)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    dataset = build_dataset(load_corpus([path]), val_fraction=0.1, test_fraction=0.1, seed=3)
    articles = {name: set(ds["article_id"]) for name, ds in dataset.items()}
    assert not articles["train"] & articles["validation"] and not articles["train"] & articles["test"]
    assert not articles["validation"] & articles["test"]
    assert sum(len(ds) for ds in dataset.values()) == 61 * 4
    rows = [row for ds in dataset.values() for row in ds if row["quote_id"] == "t100-q1"]
    assert rows[0]["stance"] == -1 and rows[0]["has_techniques"] is False
    assert all(len(ds) for ds in dataset.values())


def test_exact_duplicate_quotations_stay_in_one_split(tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "c.jsonl", n_articles=60)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    shared = records[0]["text"][records[0]["quotes"][0]["start"]:records[0]["quotes"][0]["end"]]
    for i in (10, 20, 30):  # three other articles repeat the first article's first quotation
        records[i]["text"] += " " + f"“{shared}”"
        start = len(records[i]["text"]) - len(shared) - 1
        records[i]["quotes"].append({"id": f"dup-{i}", "start": start, "end": start + len(shared), "kind": "direct",
                                     "stance": "neutral", "techniques": []})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    dataset = build_dataset(load_corpus([path]), seed=5)
    holding = [name for name, ds in dataset.items() if {"t000", "t010", "t020", "t030"} & set(ds["article_id"])]
    assert len(holding) == 1


def test_build_refuses_corrupt_sources_and_writes_nothing(corpus_file: Path, tmp_path: Path, capsys) -> None:
    corrupt(corpus_file, 6, json.dumps(article_json(5, end=99_999)))
    out = tmp_path / "dataset"
    assert main(["data", "build", str(corpus_file), "--out", str(out)]) == 1
    assert f"{corpus_file}:6" in capsys.readouterr().err
    assert not out.exists() and not out.with_name("dataset.partial").exists()


def test_build_saves_dataset_and_label_table(corpus_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["data", "build", str(corpus_file), "--out", str(tmp_path / "ds")]) == 0
    printed = capsys.readouterr().out
    assert "accusatory" in printed and "validation" in printed
    counts = json.loads((tmp_path / "ds" / "label_counts.json").read_text())
    assert sum(c["quotations"] for c in counts.values()) == 160


def test_build_dataset_raises_on_errors(corpus_file: Path) -> None:
    corrupt(corpus_file, 1, "[]")
    with pytest.raises(BuildError, match="problem"):
        build_dataset(load_corpus([corpus_file]))


def test_context_hides_the_quotation_and_keeps_the_attribution() -> None:
    text = "Earlier news. The minister said: “We will win.” Then she left the room."
    start = text.index("We will")
    context = make_context(text, start, start + len("We will win."), chars=40)
    assert "[...]" in context and "minister said" in context and "We will win" not in context


def test_table_import_with_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text("qid,quote,label,who,tech,ctx\n"
                    "1,We will sue,threatening,The union,Loaded_Language;Slogans,The union said: We will sue today\n"
                    "2,All fine,happy,Someone,,\n"
                    "3,Numbers rose,neutral,,,\n", encoding="utf-8")
    columns = ColumnMap(text="quote", stance="label", speaker="who", techniques="tech", context="ctx", id="qid")
    records, problems = import_table(path, columns)
    assert [r["id"] for r in records] == ["1", "3"]
    assert problems == [f"{path}:3: unknown stance 'happy' (known: accusatory, defensive, threatening, neutral)"]
    quote = records[0]["quotes"][0]
    assert records[0]["text"][quote["start"]:quote["end"]] == "We will sue"
    assert quote["techniques"] == ["Loaded_Language", "Slogans"] and quote["speaker_start"] == 0
    assert records[1]["quotes"][0]["techniques"] is None  # empty cell = not annotated


def test_label_studio_round_trip_gives_identical_records(corpus_file: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in corpus_file.read_text(encoding="utf-8").splitlines()]
    records[0]["quotes"][0]["stance"] = None
    records[0]["quotes"][0]["techniques"] = None
    tasks = export_label_studio(records)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    back, problems = import_label_studio(export)
    assert not problems
    assert back == records


def test_label_studio_import_rejects_unknown_choice(tmp_path: Path) -> None:
    import random

    tasks = export_label_studio([make_article(1, random.Random(1))])
    tasks[0]["annotations"][0]["result"][0]["value"]["choices"] = ["sarcastic"]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    records, problems = import_label_studio(path)
    assert len(problems) == 1 and "task 0" in problems[0] and "sarcastic" in problems[0]
    assert sum(len(r["quotes"]) for r in records) == 3


def write_ptc(root: Path) -> Path:
    folder = root / "train-articles"
    folder.mkdir(parents=True)
    text = ("Minister warns rivals\n\nThe minister said: “These traitors will pay dearly for their crimes.”\n"
            "Critics called the speech loaded.\nIt was a disgraceful day for the city.\n")
    (folder / "article123.txt").write_text(text, encoding="utf-8")
    inside = text.index("traitors")
    outside = text.index("disgraceful")
    labels = [f"123\tName_Calling,Labeling\t{inside}\t{inside + len('traitors')}",
              f"123\tExaggeration,Minimization\t{inside}\t{inside + len('traitors will pay dearly')}",
              f"123\tLoaded_Language\t{outside}\t{outside + len('disgraceful')}"]
    (root / "train-task2-TC.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")
    return root


def test_ptc_import_accounts_for_every_span(tmp_path: Path) -> None:
    result = import_ptc(write_ptc(tmp_path / "ptc"))
    assert result.spans_total == 3 == result.spans_inside + result.spans_outside
    assert result.spans_inside == 2 and result.spans_outside == 1
    quote = next(q for q in result.quotes if "traitors" in q.text)
    assert quote.techniques == ["Name_Calling,Labeling", "Exaggeration,Minimisation"]
    assert quote.stance is None
    assert len(result.span_examples) == 3 and result.span_examples[0]["span"] == "traitors"


def test_standoff_annotations_join_with_texts(tmp_path: Path) -> None:
    ptc = write_ptc(tmp_path / "ptc")
    text = (ptc / "train-articles" / "article123.txt").read_text(encoding="utf-8")
    start = text.index("These traitors")
    end = text.index("crimes.") + len("crimes.")
    annotations = tmp_path / "ann"
    annotations.mkdir()
    (annotations / "stance.jsonl").write_text(
        json.dumps({"article_id": "123", "start": start, "end": end, "speaker": "The minister",
                    "speaker_start": text.index("The minister"), "speaker_end": text.index("The minister") + 12,
                    "kind": "direct", "stance": "threatening"}) + "\n"
        + json.dumps({"article_id": "999", "start": 0, "end": 3, "kind": "direct", "stance": "neutral"}) + "\n",
        encoding="utf-8")
    corpus = load_sources([write_corpus(tmp_path / "c.jsonl", 5)], ptc, annotations)
    assert len(corpus.errors) == 1 and "999" in corpus.errors[0].message
    (quote,) = [q for q in corpus.quotes if q.article_id == "123"]
    assert quote.stance == "threatening" and "Name_Calling,Labeling" in quote.techniques
    assert corpus.origin["123"] == "ptc"
    texts = {"123": Article(id="123", text=text)}
    assert len(load_standoff([annotations], texts, origin="ptc").quotes) == 1


def test_real_news_alone_needs_no_project_corpus(tmp_path: Path) -> None:
    ptc = write_ptc(tmp_path / "ptc")
    text = (ptc / "train-articles" / "article123.txt").read_text(encoding="utf-8")
    start, end = text.index("These traitors"), text.index("crimes.") + len("crimes.")
    annotations = tmp_path / "ann"
    annotations.mkdir()
    (annotations / "stance.jsonl").write_text(json.dumps(
        {"article_id": "123", "start": start, "end": end, "kind": "direct", "stance": "threatening"}) + "\n",
        encoding="utf-8")
    corpus = load_sources([], ptc, annotations)
    assert not corpus.problems and set(corpus.origin.values()) == {"ptc"} and len(corpus.quotes) == 1
    with pytest.raises(BuildError, match="no training data"):
        load_sources([], None, annotations)


def test_ptc_dev_annotations_come_in_as_their_own_origin_without_techniques(tmp_path: Path) -> None:
    ptc = write_ptc(tmp_path / "ptc")
    text = (ptc / "train-articles" / "article123.txt").read_text(encoding="utf-8")
    (ptc / "dev-articles").mkdir()
    (ptc / "dev-articles" / "article777.txt").write_text(text, encoding="utf-8")
    start, end = text.index("These traitors"), text.index("crimes.") + len("crimes.")
    record = {"start": start, "end": end, "speaker": None, "kind": "direct", "stance": "threatening"}
    train_ann, dev_ann = tmp_path / "ann", tmp_path / "ann-dev"
    for folder, aid in ((train_ann, "123"), (dev_ann, "777")):
        folder.mkdir()
        (folder / "stance.jsonl").write_text(json.dumps({"article_id": aid, **record}) + "\n", encoding="utf-8")
    corpus_file = write_corpus(tmp_path / "c.jsonl", 5)
    corpus = load_sources([corpus_file], ptc, train_ann, dev_ann)
    assert not corpus.errors
    dev = [q for q in corpus.quotes if q.article_id == "777"]
    assert len(dev) == 1 and dev[0].stance == "threatening" and dev[0].techniques is None
    assert corpus.origin["777"] == "ptc-dev" and corpus.origin["123"] == "ptc"
    train_quote = next(q for q in corpus.quotes if q.article_id == "123")
    assert "Name_Calling,Labeling" in train_quote.techniques  # expert spans are for train articles only
    without = load_sources([corpus_file], ptc, train_ann, tmp_path / "no-such-folder")
    assert "777" not in without.articles and not without.errors
    (dev_ann / "stance.jsonl").write_text(json.dumps({"article_id": "123", **record}) + "\n", encoding="utf-8")
    wrong = load_sources([corpus_file], ptc, train_ann, dev_ann)
    assert any("stance.jsonl:1" in str(p) and "'123' not found" in str(p) for p in wrong.errors)


def test_save_dataset_is_atomic(corpus_file: Path, tmp_path: Path) -> None:
    dataset = build_dataset(load_corpus([corpus_file]))
    out = save_dataset(dataset, tmp_path / "ds")
    assert (out / "dataset_dict.json").is_file() and not (tmp_path / "ds.partial").exists()


def test_adding_a_source_never_moves_another_sources_articles(tmp_path: Path) -> None:
    from quotelens.data.corpus import load_corpus as load

    own = write_corpus(tmp_path / "own.jsonl", n_articles=50, seed=1)
    other = write_corpus(tmp_path / "other.jsonl", n_articles=50, seed=2)
    records = [json.loads(line) for line in other.read_text(encoding="utf-8").splitlines()]
    for r in records:  # another origin, other ids
        r["id"] = "x" + r["id"]
        for q in r["quotes"]:
            q["id"] = "x" + q["id"]
    other.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    alone = build_dataset(load([own]), seed=9)
    corpus = load([own])
    load([other], origin="other", corpus=corpus)
    mixed = build_dataset(corpus, seed=9)
    for split in ("train", "validation", "test"):
        own_ids = {a for a in mixed[split]["article_id"] if not a.startswith("x")}
        assert own_ids == set(alone[split]["article_id"])


def test_bad_fractions_are_refused(corpus_file: Path) -> None:
    with pytest.raises(BuildError, match="fraction"):
        build_dataset(load_corpus([corpus_file]), test_fraction=0.0)


def test_ptc_import_counts_repeated_spans_too(tmp_path: Path) -> None:
    root = write_ptc(tmp_path / "ptc")
    labels = root / "train-task2-TC.labels"
    first = labels.read_text(encoding="utf-8").splitlines()[0]
    labels.write_text(labels.read_text(encoding="utf-8") + first + "\n", encoding="utf-8")
    result = import_ptc(root)
    assert result.spans_total == 4 == result.spans_inside + result.spans_outside
