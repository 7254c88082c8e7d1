"""Typed records that flow between the pipeline stages, and their JSONL/CSV/Parquet files."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any


@dataclass
class Article:
    id: str
    text: str
    title: str | None = None
    source: str | None = None
    topic: str | None = None


@dataclass
class Quotation:
    """One quotation found in (or annotated on) an article; offsets are characters into its text."""

    article_id: str
    quote_id: str
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    context: str | None = None
    stance: str | None = None
    techniques: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Prediction:
    """A classified quotation: the extraction fields plus the model's labels and scores."""

    article_id: str
    quote_id: str
    text: str
    stance: str
    stance_scores: dict[str, float]
    techniques: list[str]
    technique_scores: dict[str, float]
    model: str
    model_version: str
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    kind: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The prediction's fields, then the input's other columns (renamed `input_X` on a clash)."""
        row = asdict(self)
        extra = row.pop("extra")
        for key, value in extra.items():
            row[f"input_{key}" if key in row else key] = value
        return row


def field_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


class RecordError(ValueError):
    """A record that cannot be read; the message names the file and line."""


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | RecordError]]:
    """Yield (line number, record or error) so that one broken line never stops a batch."""
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield lineno, RecordError(f"{path}:{lineno}: invalid JSON ({err.msg})")
                continue
            if not isinstance(record, dict):
                yield lineno, RecordError(f"{path}:{lineno}: expected a JSON object")
                continue
            yield lineno, record


def write_jsonl(rows: Iterable[dict[str, Any]], path: str | Path) -> int:
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_table(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | RecordError]]:
    """Read JSONL, CSV or Parquet rows as (row number, dict); the format comes from the extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".json", ".ndjson"}:
        yield from read_jsonl(path)
    elif suffix in {".csv", ".tsv"}:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")
            for lineno, row in enumerate(reader, start=2):
                yield lineno, dict(row)
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path)
        rowno = 0
        for batch in table.iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                rowno += 1
                yield rowno, row
    else:
        raise RecordError(f"{path}: unsupported file type {suffix!r} (use .jsonl, .csv or .parquet)")


ARTICLE_SUFFIXES = {".txt", ".text", ".md"}
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet"}


def _article_from_file(path: Path) -> Article | RecordError:
    try:
        raw = path.read_bytes()
    except OSError as err:
        return RecordError(f"{path}: cannot read ({err.strerror})")
    if b"\x00" in raw[:4096]:
        return RecordError(f"{path}: looks like a binary file, not UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return RecordError(f"{path}: not valid UTF-8 (byte {err.start})")
    if not text.strip():
        return RecordError(f"{path}: empty file")
    stem = path.stem
    article_id = stem[len("article") :] if stem.startswith("article") and stem[7:].isdigit() else stem
    return Article(id=article_id, text=text)


def _articles_from_table(
    path: Path, text_col: str = "text", id_col: str = "id"
) -> Iterator[Article | RecordError]:
    try:
        rows = read_table(path)
        for lineno, row in rows:
            if isinstance(row, RecordError):
                yield row
                continue
            text = row.get(text_col)
            if not isinstance(text, str) or not text.strip():
                yield RecordError(f"{path}:{lineno}: missing or empty {text_col!r} field")
                continue
            article_id = row.get(id_col)
            yield Article(
                id=str(article_id) if article_id is not None else f"{path.stem}-{lineno}",
                text=text,
                title=row.get("title"),
                source=row.get("source"),
                topic=row.get("topic"),
            )
    except (OSError, UnicodeDecodeError) as err:
        yield RecordError(f"{path}: cannot read ({err})")


def read_articles(
    inputs: Iterable[str | Path], text_col: str = "text", id_col: str = "id"
) -> Iterator[Article | RecordError]:
    """Stream articles from text files, folders of them, or JSONL/CSV/Parquet tables.

    Problems come back as RecordError items in the stream (naming file and line) instead of being
    raised, so one bad input never stops the rest.
    """
    for item in inputs:
        path = Path(item)
        if not path.exists():
            yield RecordError(f"{path}: no such file or folder")
        elif path.is_dir():
            wanted = ARTICLE_SUFFIXES | TABLE_SUFFIXES
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted
                           and not any(part.endswith((".parts", ".partial")) for part in p.parts))
            if not files:
                yield RecordError(f"{path}: folder holds no .txt or .jsonl files")
            yield from read_articles(files, text_col, id_col)
        elif path.suffix.lower() in TABLE_SUFFIXES:
            yield from _articles_from_table(path, text_col, id_col)
        else:
            yield _article_from_file(path)
