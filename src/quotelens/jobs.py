"""Batch jobs over files that several CLI commands share: extraction of many articles, corpus I/O."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from quotelens.records import RecordError, read_articles


@dataclass
class JobReport:
    done: int = 0
    written: int = 0
    skipped: list[str] = field(default_factory=list)

    def print_skipped(self) -> None:
        for message in self.skipped:
            print(f"skipped: {message}", file=sys.stderr)


def extract_files(inputs: Iterable[str | Path], out: str | Path) -> JobReport:
    """Extract quotations from articles (text files, folders, JSONL) into a JSONL file.

    The output is written to `OUT.partial` and renamed when complete, so a file at OUT is never a
    half-written one. Unreadable inputs are reported and skipped; the rest still runs.
    """
    from quotelens.extraction import QuoteExtractor

    extractor = QuoteExtractor()
    report = JobReport()
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    with tmp.open("w", encoding="utf-8") as handle:
        for item in tqdm(read_articles(inputs), desc="extract", unit=" articles"):
            if isinstance(item, RecordError):
                report.skipped.append(str(item))
                continue
            for quote in extractor.extract(item):
                handle.write(json.dumps(quote.to_dict(), ensure_ascii=False) + "\n")
                report.written += 1
            report.done += 1
    tmp.replace(out)
    return report


def write_records(records: Iterable[dict[str, Any]], out: str | Path) -> int:
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(out)
    return count
