"""What real news adds: the model trained with the PTC annotations beside the model trained on the
project's corpus alone, both scored on the same held-out real articles.

    python benchmarks/real_news.py --corpus-model runs/default/model --ptc-model runs/ptc/model \
        --ptc ../shared/data/ptc

The held-out articles are the `test` split of the PTC run (split by article, so none of them was
seen in its training); the corpus-only model never saw any PTC article. Only the real-news rows are
compared: the two runs split the project's corpus differently.
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
    parser.add_argument("--out", default="runs/real-news")
    args = parser.parse_args()
    out = Path(args.out)
    reports = {}
    for name, model in (("project corpus only", args.corpus_model), ("project corpus + PTC", args.ptc_model)):
        # the PTC run's config fixes the split; the corpus-only model is scored on the same examples
        config_of = Path(args.ptc_model).parent
        folder = out / name.replace(" ", "-").replace("+", "plus")
        evaluate_model(model, "test", folder, ptc_dir=args.ptc, with_baselines=name.endswith("PTC"),
                       split_from=config_of)
        reports[name] = json.loads((folder / "report.json").read_text())
    ptc_row = next(iter(reports.values()))["by_origin"]["ptc"]
    print(f"Held-out real news: {ptc_row['quotations']} quotations of the PTC test split "
          f"(article-level split of the 371 training articles)\n")
    print("| trained on | stance macro-F1 [95% CI] | stance accuracy | technique micro-F1 [95% CI] |")
    print("|---|---|---|---|")
    for name, report in reports.items():
        r = report["by_origin"]["ptc"]
        print(f"| {name} | {r['stance_macro_f1']:.3f} [{r['stance_macro_f1_ci'][0]:.3f}, "
              f"{r['stance_macro_f1_ci'][1]:.3f}] | {r['stance_accuracy']:.3f} | {r['technique_micro_f1']:.3f} "
              f"[{r['technique_micro_f1_ci'][0]:.3f}, {r['technique_micro_f1_ci'][1]:.3f}] |")
    print(f"\nreports in {out}")


if __name__ == "__main__":
    main()
