"""Evaluate two models on the same held-out split, test whether the difference is real, write the card.

    python examples/evaluate_and_compare.py --model-a runs/a/model --model-b runs/b/model
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quotelens.evaluation import compare_reports, evaluate_model
from quotelens.evaluation.card import write_model_card


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-a", required=True)
    parser.add_argument("--model-b", required=True)
    parser.add_argument("--data", default="test", help="a split name or a corpus JSONL file")
    parser.add_argument("--out", type=Path, default=Path("runs/example-compare"))
    args = parser.parse_args()
    for name, model in (("a", args.model_a), ("b", args.model_b)):
        print(evaluate_model(model, args.data, args.out / name))
    print(compare_reports(args.out / "a", args.out / "b"))
    print(f"card -> {write_model_card(args.out / 'b', args.out / 'model_card.md')}")


if __name__ == "__main__":
    main()
