"""`quotelens classify --engine ray`: the same classification on Ray Data, with a pool of model actors.

Without a cluster address (`RAY_ADDRESS` unset) Ray starts locally. Records come back in input order
(`preserve_order`), so the output equals the local engine's record for record.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from quotelens.inference import (
    ClassifySummary,
    QuoteInput,
    QuoteLens,
    default_batch_size,
    iter_input_records,
    quote_input_from_row,
    quote_inputs_from_article,
    union_columns,
    union_schema,
    write_csv,
    write_parquet,
)
from quotelens.jobs import write_records
from quotelens.records import Article, RecordError


class RayClassifier:
    """One actor: loads the model once, then classifies batches of serialised QuoteInputs."""

    def __init__(self, model_dir: str, backend: str, batch_size: int | None, precision: str = "auto",
                 recheck_margin: float = 0.2) -> None:
        self.lens = QuoteLens.from_pretrained(model_dir, backend=backend, batch_size=batch_size, precision=precision,
                                              recheck_margin=recheck_margin)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        items = [QuoteInput(**json.loads(item)) for item in batch["item"]]
        predictions = self.lens.classifier.predictions(items)
        return {"row": [json.dumps(p.to_dict(), ensure_ascii=False, default=str) for p in predictions]}


def collect_inputs(
    inputs: list[str], kind: str, context_chars: int
) -> tuple[list[dict[str, str]], list[dict[str, str]], int]:
    """Read and (for articles) extract on the driver; extraction is far faster than the model."""
    from quotelens.extraction import QuoteExtractor

    extractor = QuoteExtractor()
    items, errors, records = [], [], 0
    for record in iter_input_records(inputs, kind):
        records += 1
        try:
            if isinstance(record, RecordError):
                raise record
            found = quote_inputs_from_article(record, extractor.extract(record), context_chars) \
                if isinstance(record, Article) else [quote_input_from_row(dict(record), context_chars)]
            items.extend({"item": json.dumps(vars(q), ensure_ascii=False, default=str)} for q in found)
        except Exception as err:  # noqa: BLE001 - a broken record is reported, never fatal
            errors.append({"error": str(err), "type": type(err).__name__})
    return items, errors, records


def classify_with_ray(inputs: list[str], model: str | Path, out: Path, kind: str, backend: str = "torch",
                      batch_size: int | None = None, errors_path: Path | None = None,
                      actors: int | None = None, precision: str = "auto",
                      recheck_margin: float = 0.2) -> ClassifySummary:
    import ray

    if not ray.is_initialized():
        ray.init(address=os.environ.get("RAY_ADDRESS"), include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    config = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    items, errors, records = collect_inputs(inputs, kind, config.get("context_chars", 200))
    summary = ClassifySummary(out=str(out), errors_path=str(errors_path), errors=len(errors))
    rows: list[dict[str, Any]] = []
    if items:
        dataset = ray.data.from_items(items).map_batches(
            RayClassifier, fn_constructor_args=(str(model), backend, batch_size, precision, recheck_margin),
            batch_size=(batch_size or default_batch_size(backend)) * 8,
            concurrency=actors or max(1, int(ray.available_resources().get("CPU", 2)) // 2), num_cpus=1)
        rows = [json.loads(r["row"]) for r in dataset.iter_rows()]
    tmp = out.with_name(out.name + ".partial")
    suffix = out.suffix.lower()
    if suffix == ".csv":
        write_csv(rows, tmp, columns=union_columns(rows))
    elif suffix == ".parquet":
        write_parquet(rows, tmp, schema=union_schema(rows))
    else:
        write_records(rows, tmp)
    tmp.replace(out)
    if errors_path is not None:
        write_records(errors, errors_path)
    summary.records = records
    summary.quotations = len(rows)
    for row in rows:
        summary.stance_counts[row["stance"]] = summary.stance_counts.get(row["stance"], 0) + 1
    return summary
