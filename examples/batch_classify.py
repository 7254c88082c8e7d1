"""Classify every quotation in a folder of articles: JSONL (or CSV/Parquet) plus an HTML report.

    python examples/batch_classify.py --model runs/demo/run/model --articles data/demo --out runs/classified

Re-running with --resume after an interruption continues where it stopped.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quotelens.inference import QuoteLens, classify_files
from quotelens.records import Article


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--articles", default="data/demo")
    parser.add_argument("--out", type=Path, default=Path("runs/example-classify"))
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    # the batch job: streaming, chunked, resumable; broken inputs go to quotes.errors.jsonl
    summary = classify_files([args.articles], args.model, args.out / "quotes.jsonl", resume=args.resume,
                             html=str(args.out / "report.html"))
    print(summary)

    # the Python API, for a notebook: strings are quotations, Articles are extracted first
    lens = QuoteLens.from_pretrained(args.model)
    for p in lens.classify(["If they cross that line, they will pay a heavy price.",
                            Article(id="mini", text="The mayor said: “We followed the plan to the letter.”")]):
        print(f"{p.stance:12s} {max(p.stance_scores.values()):.2f}  {p.speaker or '-':12s} {p.text}")


if __name__ == "__main__":
    main()
