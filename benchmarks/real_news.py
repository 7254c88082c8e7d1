"""What real news adds: the model trained with the PTC annotations beside the model trained on the
project's corpus alone, both scored on the same held-out real articles.

    python benchmarks/real_news.py --corpus-model runs/default/model --ptc-model runs/ptc/model \
        --ptc ../shared/data/ptc [--ptc-dev-model runs/ptc-dev/model] [--real-news-only-model runs/ptc-only/model]

The held-out articles are the `test` split of the PTC run (split by article, so none of them was
seen in its training); the corpus-only model never saw any PTC article. Only the real-news rows are
compared: the runs may split the project's corpus differently. `--ptc-dev-model` adds a model also
trained on the stance annotations of the PTC dev articles (`data/ptc-dev`); the dev articles are split
on their own, so the PTC test split stays the same, and the dev articles held out in its `test` split
(stance only: they have no expert technique spans) are scored as a second real-news table.
`--real-news-only-model` adds a model trained on the real-news annotations alone (`--set 'data=[]'`):
what the project's corpus adds on real news.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from quotelens.evaluation import evaluate_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus-model", required=True)
    parser.add_argument("--ptc-model", required=True)
    parser.add_argument("--ptc", required=True, help="the Propaganda Techniques Corpus folder")
    parser.add_argument("--ptc-dev-model", help="a model trained with the PTC dev stance annotations too")
    parser.add_argument("--real-news-only-model", help="a model trained on the PTC annotations alone")
    parser.add_argument("--out", default="runs/real-news")
    args = parser.parse_args()
    out = Path(args.out)
    models = [("project corpus only", args.corpus_model), ("project corpus + PTC", args.ptc_model)]
    if args.ptc_dev_model:
        models.append(("project corpus + PTC + PTC dev stance", args.ptc_dev_model))
    # the last PTC run's config fixes the split; every model is scored on the same examples
    split_from = Path(models[-1][1]).parent
    if args.real_news_only_model:
        models.append(("PTC annotations alone", args.real_news_only_model))
    reports = {}
    for name, model in models:
        folder = out / name.replace(" ", "-").replace("+", "plus")
        evaluate_model(model, "test", folder, ptc_dir=args.ptc, with_baselines=False, split_from=split_from)
        reports[name] = json.loads((folder / "report.json").read_text())
    origins = [("ptc", "the PTC test split (article-level split of the 371 training articles)"),
               ("ptc-dev", "the test split of the annotated PTC dev articles (stance only)")]
    for origin, what in origins:
        rows = {name: r["by_origin"][origin] for name, r in reports.items() if origin in r["by_origin"]}
        if rows:
            print_table(rows, what)
    print(f"\nreports in {out}")


def print_table(rows: dict[str, dict], what: str) -> None:
    n = next(iter(rows.values()))["quotations"]
    print(f"Held-out real news: {n} quotations of {what}\n")
    print("| trained on | stance macro-F1 [95% CI] | stance accuracy | technique micro-F1 [95% CI] |")
    print("|---|---|---|---|")
    for name, r in rows.items():
        technique = (f"{r['technique_micro_f1']:.3f} [{r['technique_micro_f1_ci'][0]:.3f}, "
                     f"{r['technique_micro_f1_ci'][1]:.3f}]" if r.get("technique_micro_f1") is not None else "n/a")
        print(f"| {name} | {r['stance_macro_f1']:.3f} [{r['stance_macro_f1_ci'][0]:.3f}, "
              f"{r['stance_macro_f1_ci'][1]:.3f}] | {r['stance_accuracy']:.3f} | {technique} |")
    print()


if __name__ == "__main__":
    main()
