"""Importers and exporters: tables of quotations (CSV/JSONL/Parquet) and Label Studio.

Every importer writes the project's article-form corpus records, so `data validate` and `data build`
treat imported data exactly like the bundled corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotelens.labels import KINDS, STANCE2ID, STANCES, TECHNIQUE2ID, TECHNIQUES
from quotelens.records import RecordError, read_table


@dataclass
class ColumnMap:
    text: str = "text"
    stance: str | None = "stance"
    speaker: str | None = "speaker"
    context: str | None = "context"
    techniques: str | None = "techniques"
    id: str | None = "id"
    kind: str | None = "kind"
    technique_separator: str = ";"


def _cell(row: dict[str, Any], column: str | None) -> Any:
    if column is None:
        return None
    value = row.get(column)
    return None if value is None or (isinstance(value, str) and value.strip() == "") else value


def _parse_techniques(value: Any, separator: str) -> list[str] | None:
    if value is None:
        return None
    names = value if isinstance(value, list) else [v.strip() for v in str(value).split(separator) if v.strip()]
    for name in names:
        if name not in TECHNIQUE2ID:
            raise ValueError(f"unknown technique {name!r}")
    return [t for t in TECHNIQUES if t in names]


def row_to_article(row: dict[str, Any], columns: ColumnMap, fallback_id: str) -> dict[str, Any]:
    """One table row (a quotation) becomes one corpus article: its context (or the quotation itself)
    as text, the quotation located inside it."""
    quote = _cell(row, columns.text)
    if not isinstance(quote, str):
        raise ValueError(f"missing text column {columns.text!r}")
    context = _cell(row, columns.context)
    text = context if isinstance(context, str) and quote in context else quote
    start = text.index(quote)
    stance = _cell(row, columns.stance)
    if stance is not None and stance not in STANCE2ID:
        raise ValueError(f"unknown stance {stance!r} (known: {', '.join(STANCES)})")
    kind = _cell(row, columns.kind) or "direct"
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    speaker = _cell(row, columns.speaker)
    record_id = str(_cell(row, columns.id) or fallback_id)
    quote_record: dict[str, Any] = {"id": f"{record_id}-q001", "start": start, "end": start + len(quote),
                                    "text": quote, "speaker": speaker, "kind": kind, "stance": stance,
                                    "techniques": _parse_techniques(_cell(row, columns.techniques),
                                                                    columns.technique_separator)}
    if speaker and speaker in text:
        quote_record["speaker_start"] = text.index(speaker)
        quote_record["speaker_end"] = quote_record["speaker_start"] + len(speaker)
    return {"id": record_id, "title": None, "text": text, "source": "import", "quotes": [quote_record]}


def import_table(path: str | Path, columns: ColumnMap) -> tuple[list[dict[str, Any]], list[str]]:
    """Read a table of quotations; returns (corpus records, problems naming file:line)."""
    records, problems = [], []
    path = Path(path)
    for lineno, row in read_table(path):
        if isinstance(row, RecordError):
            problems.append(str(row))
            continue
        try:
            records.append(row_to_article(row, columns, f"{path.stem}-{lineno}"))
        except ValueError as err:
            problems.append(f"{path}:{lineno}: {err}")
    return records, problems


def label_studio_config() -> str:
    """A Label Studio labelling interface for the scheme: the quotation in its article, one stance,
    any number of techniques."""
    stance = "\n".join(f'    <Choice value="{name}"/>' for name in STANCES)
    techniques = "\n".join(f'    <Choice value="{name}"/>' for name in TECHNIQUES)
    return f"""<View>
  <Header value="Speaker: $speaker"/>
  <Text name="quote" value="$quote"/>
  <Text name="context" value="$context"/>
  <Choices name="stance" toName="quote" choice="single" showInline="true" required="true">
{stance}
  </Choices>
  <Choices name="techniques" toName="quote" choice="multiple">
{techniques}
  </Choices>
</View>
"""


def export_label_studio(articles: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One Label Studio task per quotation; labels already present travel as an annotation."""
    tasks = []
    for article in articles:
        for quote in article.get("quotes", []):
            text = article["text"]
            data = {
                "article_id": article["id"], "article_text": text, "title": article.get("title"),
                "source": article.get("source"), "topic": article.get("topic"),
                "quote_id": quote["id"], "start": quote["start"], "end": quote["end"],
                "quote": text[quote["start"]:quote["end"]], "speaker": quote.get("speaker") or "",
                "speaker_start": quote.get("speaker_start"), "speaker_end": quote.get("speaker_end"),
                "kind": quote.get("kind"),
                "context": text[max(0, quote["start"] - 300): quote["end"] + 300],
            }
            result = []
            if quote.get("stance") is not None:
                result.append({"from_name": "stance", "to_name": "quote", "type": "choices",
                               "value": {"choices": [quote["stance"]]}})
            if quote.get("techniques") is not None:
                result.append({"from_name": "techniques", "to_name": "quote", "type": "choices",
                               "value": {"choices": list(quote["techniques"])}})
            task: dict[str, Any] = {"data": data}
            if result:
                task["annotations"] = [{"result": result}]
            tasks.append(task)
    return tasks


def _choices(result: list[dict[str, Any]], name: str) -> list[str] | None:
    for item in result:
        if item.get("from_name") == name:
            return list(item.get("value", {}).get("choices", []))
    return None


def import_label_studio(path: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Read a Label Studio JSON export back into corpus records (grouped by article)."""
    path = Path(path)
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        return [], [f"{path}:{err.lineno}: invalid JSON ({err.msg})"]
    articles: dict[str, dict[str, Any]] = {}
    problems = []
    for index, task in enumerate(tasks):
        data = task.get("data", {})
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        result = annotations[-1].get("result", []) if annotations else []
        stance = (_choices(result, "stance") or [None])[0]
        techniques = _choices(result, "techniques")
        if techniques is None and stance is not None:
            techniques = []  # an annotator who picked a stance and no technique says "none apply"
        where = f"{path}: task {index} ({data.get('quote_id', '?')})"
        if stance is not None and stance not in STANCE2ID:
            problems.append(f"{where}: unknown stance {stance!r}")
            continue
        if any(t not in TECHNIQUE2ID for t in techniques or []):
            problems.append(f"{where}: unknown technique in {techniques}")
            continue
        article = articles.setdefault(str(data["article_id"]), {
            "id": str(data["article_id"]), "title": data.get("title"), "text": data["article_text"],
            "source": data.get("source"), "topic": data.get("topic"), "quotes": []})
        article["quotes"].append({
            "id": data["quote_id"], "start": data["start"], "end": data["end"], "text": data["quote"],
            "speaker": data.get("speaker") or None, "speaker_start": data.get("speaker_start"),
            "speaker_end": data.get("speaker_end"), "kind": data.get("kind"), "stance": stance,
            "techniques": [t for t in TECHNIQUES if t in techniques] if techniques is not None else None})
    return list(articles.values()), problems
