import json
from pathlib import Path

from quotelens.cli import main
from quotelens.records import Article, RecordError, read_articles


def test_read_articles_reports_each_bad_input_and_keeps_going(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The minister said: “We will not resign.”", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner said: \"no\"".encode("latin-1"))
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(json.dumps({"id": "a1", "text": "He said it was fine."}) + "\n{broken\n"
                     + json.dumps({"id": "a2"}) + "\n", encoding="utf-8")
    items = list(read_articles([good, tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "latin1.txt",
                                jsonl, tmp_path / "missing.txt"]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, RecordError)]
    assert [a.id for a in articles] == ["good", "a1"]
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("latin1.txt" in e and "UTF-8" in e for e in errors)
    assert any("batch.jsonl:2" in e and "invalid JSON" in e for e in errors)
    assert any("batch.jsonl:3" in e and "'text'" in e for e in errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)


def test_ptc_file_names_give_article_ids(tmp_path: Path) -> None:
    (tmp_path / "article111111111.txt").write_text("Title\n\nBody.", encoding="utf-8")
    (item,) = read_articles([tmp_path])
    assert isinstance(item, Article) and item.id == "111111111"


def test_extract_cli_skips_bad_inputs_with_nonzero_status(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text("“We will retaliate,” a spokesman said.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "quotes.jsonl"
    status = main(["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt"),
                   "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 1
    assert "b.txt" in captured.err and "c.txt" in captured.err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and rows[0]["text"] == "We will retaliate,"
    assert rows[0]["speaker"] == "a spokesman"
