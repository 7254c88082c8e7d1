import json
import random
from pathlib import Path

import pytest
from conftest import SPEAKERS, make_article, write_corpus

from quotelens.data import build_dataset, load_corpus
from quotelens.data.analysis import (
    agreement,
    cue_window,
    distribution_by,
    format_agreement,
    format_distribution,
    format_shortcut_check,
    main,
    parse_item_id,
    shortcut_check,
)
from quotelens.labels import STANCES

FILLER = ["the", "plan", "budget", "council", "region", "report", "talks", "week", "city", "market", "road", "water",
          "board", "staff", "office", "team", "project", "season", "vote", "data", "court", "port", "school", "clinic"]
VERBS = {"accusatory": "accused", "defensive": "insisted", "threatening": "threatened", "neutral": "noted"}


def write_records(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def built_article(index: int, rng: random.Random, marker: str | None = None, verb_cue: bool = False) -> dict:
    """Four quotations of random filler words; `marker` is put into every threatening quotation only, and with
    `verb_cue` the attribution verb is the stance's own verb (otherwise always `said`)."""
    text, quotes = "", []
    for n, stance in enumerate(rng.sample(STANCES, k=4), start=1):
        words = rng.sample(FILLER, k=6)
        if marker and stance == "threatening":
            words.insert(rng.randrange(len(words)), marker)
        quote = f"{' '.join(words).capitalize()} in case {index}-{n}"
        prefix = f"{rng.choice(SPEAKERS)} {VERBS[stance] if verb_cue else 'said'}: “"
        start = len(text) + len(prefix)
        text += f"{prefix}{quote}.” "
        quotes.append({"id": f"b{index:03d}-q{n}", "start": start, "end": start + len(quote), "kind": "direct",
                       "stance": stance, "techniques": []})
    return {"id": f"b{index:03d}", "text": text, "source": "wire", "topic": "diplomacy", "quotes": quotes}


def corpus_of(tmp_path: Path, n: int = 40, **kwargs):
    rng = random.Random(1)
    path = write_records(tmp_path / "corpus" / "part.jsonl", [built_article(i, rng, **kwargs) for i in range(n)])
    corpus = load_corpus([path])
    assert not corpus.errors
    return corpus


def test_distribution_flags_dominant_and_absent_stance(tmp_path: Path) -> None:
    rng = random.Random(0)
    records = [make_article(i, rng) for i in range(12)]
    for record in records[:4]:
        record["topic"], record["source"] = "sport", "tabloid"
        for quote in record["quotes"]:
            quote["stance"] = "neutral"
    corpus = load_corpus([write_records(tmp_path / "c.jsonl", records)])
    by_topic = distribution_by(corpus, "topic")
    sport, diplomacy = by_topic["values"]["sport"], by_topic["values"]["diplomacy"]
    assert sport["stance"]["neutral"] == 16 and sport["share"]["neutral"] == 1.0 and sport["articles"] == 4
    assert diplomacy["share"] == dict.fromkeys(STANCES, 0.25)
    assert any(f.startswith("topic=sport: neutral is 100%") for f in by_topic["flags"])
    assert "topic=sport: no threatening quotation" in by_topic["flags"]
    assert not any("diplomacy" in f for f in by_topic["flags"])
    assert sum(diplomacy["kind"].values()) == 32 and diplomacy["techniques"]["Loaded_Language"] == 8
    assert distribution_by(corpus, "source")["values"]["tabloid"]["quotations"] == 16
    table = format_distribution(by_topic)
    assert "| sport | 4 | 16 |" in table and "topic=sport: no accusatory quotation" in table


def test_distribution_without_dominant_stance_has_no_flags(corpus_file: Path) -> None:
    assert distribution_by(load_corpus([corpus_file]), "topic")["flags"] == []


def test_cue_window_takes_words_around_the_quotation() -> None:
    context = "The deal collapsed. Senator Ruth Okafor warned: “ [...] ,” she told reporters in Lagos on Monday."
    assert cue_window(context) == "ruth okafor warned she told reporters"
    assert cue_window("[...] he said", words=1) == "he"


def test_one_word_deciding_the_label_is_a_template(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, marker="zorblat")
    result = shortcut_check(build_dataset(corpus), corpus)
    templates = {t["ngram"]: t for t in result["templates"]["all"]}
    assert templates["zorblat"]["stance"] == "threatening" and templates["zorblat"]["share"] == 1.0
    assert templates["zorblat"]["support"] == 40
    assert "in case" not in templates  # in every quotation: no stance
    assert result["top_features"]["threatening"][0][0] == "zorblat"
    assert result["macro_f1"]["all"]["bag_of_words"] > result["macro_f1"]["all"]["majority"]
    assert "zorblat" in format_shortcut_check(result)


def test_no_template_without_a_marker(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path)
    result = shortcut_check(build_dataset(corpus), corpus)
    assert result["templates"]["all"] == []


def test_cue_verb_carrying_the_label_is_warned(tmp_path: Path, corpus_file: Path) -> None:
    corpus = corpus_of(tmp_path / "verbs", verb_cue=True)
    result = shortcut_check(build_dataset(corpus), corpus)
    scores = result["macro_f1"]["all"]
    assert scores["cue_only"] >= 0.9 and scores["metadata_only"] < 0.5
    assert any("cue_only" in w for w in result["warnings"])

    plain = load_corpus([corpus_file])  # every quotation introduced by "said": the text decides
    result = shortcut_check(build_dataset(plain), plain)
    assert result["macro_f1"]["all"]["bag_of_words"] > 0.9 and result["macro_f1"]["all"]["cue_only"] < 0.6
    assert result["warnings"] == []


def test_metadata_shortcut_is_detected(tmp_path: Path) -> None:
    rng = random.Random(2)
    records = []
    for i in range(40):
        record = built_article(i, rng)
        stance = STANCES[i % 4]
        record["topic"] = f"topic_{stance}"
        for quote in record["quotes"]:
            quote["stance"] = stance
        records.append(record)
    corpus = load_corpus([write_records(tmp_path / "c.jsonl", records)])
    result = shortcut_check(build_dataset(corpus), corpus)
    assert result["macro_f1"]["all"]["metadata_only"] == 1.0
    assert any("metadata_only" in w for w in result["warnings"])


def pass2_from(corpus) -> list[dict]:
    return [{"quote_id": q.quote_id, "stance": q.stance, "techniques": list(q.techniques or [])}
            for q in corpus.quotes]


def test_identical_passes_agree_fully(corpus_file: Path, tmp_path: Path) -> None:
    corpus = load_corpus([corpus_file])
    result = agreement(corpus, write_records(tmp_path / "p2.jsonl", pass2_from(corpus)))["corpus"]
    assert result["n_matched"] == 160 and result["stance"]["n"] == 160
    assert result["stance"]["kappa"] == pytest.approx(1.0) and result["stance"]["percent"] == 1.0
    assert result["techniques"]["micro_f1"] == 1.0
    loaded = result["techniques"]["per_technique"]["Loaded_Language"]
    assert loaded["kappa"] == pytest.approx(1.0) and loaded["pass1"] == loaded["pass2"] == 40
    assert result["techniques"]["per_technique"]["Slogans"]["kappa"] is None  # never used: undefined


def test_disagreement_lowers_kappa_and_shows_in_confusion(corpus_file: Path, tmp_path: Path) -> None:
    corpus = load_corpus([corpus_file])
    rows = pass2_from(corpus)
    flipped = next(r for r in rows if r["stance"] == "accusatory")
    flipped["stance"], flipped["techniques"] = "neutral", []
    rows.append({"quote_id": "nowhere-q1", "stance": "neutral", "techniques": []})
    path = write_records(tmp_path / "p2.jsonl", rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"quote_id": "t001-q1", "sta')  # a line still being written
    result = agreement(corpus, path)["corpus"]
    assert result["stance"]["kappa"] < 1.0 and result["stance"]["percent"] == pytest.approx(159 / 160)
    assert result["stance"]["confusion"]["accusatory"]["neutral"] == 1
    assert result["stance"]["confusion"]["accusatory"]["accusatory"] == 39
    assert result["unmatched"] == ["nowhere-q1"] and result["bad_lines"] == 1
    loaded = result["techniques"]["per_technique"]["Loaded_Language"]
    assert loaded["kappa"] < 1.0 and loaded["percent"] == pytest.approx(159 / 160)
    assert loaded["f1"] == pytest.approx(2 * 39 / (2 * 39 + 1))
    assert result["techniques"]["micro_f1"] < 1.0
    assert "| accusatory | 39 | 0 | 0 | 1 | 40 |" in format_agreement(agreement(corpus, path))


def test_ptc_items_match_stand_off_offsets(corpus_file: Path, tmp_path: Path) -> None:
    standoff = write_records(tmp_path / "ptc" / "stance-a.jsonl", [
        {"article_id": "111", "start": 0, "end": 10, "stance": "accusatory"},
        {"article_id": "111", "start": 20, "end": 30, "stance": "neutral"},
        {"article_id": "222", "start": 5, "end": 9, "stance": "threatening"},
        {"article_id": "222", "start": 40, "end": 50, "stance": "defensive"},
    ])
    pass2 = write_records(tmp_path / "pass2-ptc.jsonl", [
        {"item_id": "111:0:10", "stance": "accusatory"},
        {"item_id": "article111:20:30", "stance": "neutral"},
        {"item_id": "222:5:9", "stance": "threatening"},
        {"item_id": "222:40:50", "stance": "accusatory"},
        {"item_id": "222:5:10", "stance": "threatening"},  # off by one: no match
    ])
    corpus = load_corpus([corpus_file])
    result = agreement(corpus, None, pass2, standoff.parent)["ptc"]
    assert result["n_pass2"] == 5 and result["n_matched"] == 4 and result["unmatched"] == ["222:5:10"]
    assert result["stance"]["n"] == 4 and result["stance"]["confusion"]["defensive"]["accusatory"] == 1
    assert 0 < result["stance"]["kappa"] < 1.0
    assert parse_item_id("article999:3:7") == ("999", 3, 7)


def test_main_prints_all_sections_and_writes_out(corpus_file: Path, tmp_path: Path, capsys) -> None:
    corpus = load_corpus([corpus_file])
    write_records(tmp_path / "agreement" / "pass2-corpus.jsonl", pass2_from(corpus))
    out = tmp_path / "report.md"
    assert main(["--data", str(corpus_file), "--agreement", str(tmp_path / "agreement"),
                 "--ptc-annotations", str(tmp_path / "none"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for heading in ("## 1. Distribution", "### By topic", "### By source", "## 2. Shortcut check",
                    "## 3. Agreement", "Cohen's kappa 1.000", "No pass-2 file"):
        assert heading in printed
    assert out.read_text(encoding="utf-8").strip() == printed.strip()


def test_main_reports_dev_agreement_when_its_pass2_exists(corpus_file: Path, tmp_path: Path, capsys) -> None:
    dev = write_records(tmp_path / "ptc-dev" / "stance-a.jsonl", [
        {"article_id": "777", "start": 0, "end": 10, "stance": "accusatory"},
        {"article_id": "777", "start": 20, "end": 30, "stance": "neutral"},
    ])
    write_records(tmp_path / "agreement" / "pass2-ptc-dev.jsonl", [
        {"item_id": "777:0:10", "stance": "accusatory"}, {"item_id": "777:20:30", "stance": "accusatory"}])
    argv = ["--data", str(corpus_file), "--agreement", str(tmp_path / "agreement"),
            "--ptc-annotations", str(tmp_path / "none"), "--ptc-dev-annotations", str(dev.parent)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "### PTC dev stand-off items (pass2-ptc-dev)" in printed
    assert "matched to pass 1: 2" in printed and "percent agreement 50.0%" in printed


def test_small_corpus_written_by_helper_round_trips(tmp_path: Path) -> None:
    corpus = load_corpus([write_corpus(tmp_path / "x.jsonl", n_articles=12, seed=3)])
    result = distribution_by(corpus, "source")
    assert result["values"]["wire"]["quotations"] == 48
