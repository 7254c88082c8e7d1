"""`quotelens demo` (what `make demo` runs): train on the bundled defaults, evaluate on the held-out
split, regenerate model_card.md, and classify the bundled demo articles into JSONL and HTML."""

from __future__ import annotations

import json
import time
from pathlib import Path

from quotelens.config import load_config

DEMO_ARTICLES = Path("data/demo")


def _step(n: int, total: int, message: str, started: float) -> None:
    print(f"\n[{n}/{total}] {message}  (elapsed {time.time() - started:.0f}s)", flush=True)


def run_demo(out: str | Path = "runs/demo", config: str = "training/configs/default.yaml",
             ptc_dir: str | None = None, card: str | Path = "model_card.md", readme: str | Path = "README.md") -> int:
    from quotelens.evaluation import evaluate_model
    from quotelens.evaluation.card import update_readme, write_model_card
    from quotelens.inference import classify_files
    from quotelens.training import train

    out = Path(out)
    started = time.time()
    settings = load_config(config, [f"output_dir={out / 'run'}"] + ([f"ptc_dir={ptc_dir}"] if ptc_dir else []))
    _step(1, 4, f"training {settings.model} with {config} -> {out / 'run'}", started)
    model_dir = train(settings, overwrite=True)

    _step(2, 4, "evaluating on the held-out test split (model, baselines, extraction)", started)
    report_dir = out / "report"
    summary = evaluate_model(model_dir, "test", report_dir)
    print(summary)

    _step(3, 4, f"writing {card} and the results block of {readme} from the report", started)
    write_model_card(report_dir, card)
    if Path(readme).is_file():
        update_readme(report_dir, readme)

    _step(4, 4, f"classifying the demo articles in {DEMO_ARTICLES}", started)
    classified = classify_files([str(DEMO_ARTICLES)], model_dir, out / "demo_predictions.jsonl",
                                html=str(out / "demo_report.html"))
    print(classified)

    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    model = report["systems"]["QuoteLens model"]
    print(f"\nDone in {(time.time() - started) / 60:.1f} min.")
    print(f"| what | where |\n|---|---|\n| model | {model_dir} |\n| report | {report_dir / 'report.md'} |\n"
          f"| plots | {report_dir}/*.png |\n| model card | {card} |\n"
          f"| predictions | {out / 'demo_predictions.jsonl'} |\n| HTML | {out / 'demo_report.html'} |")
    print(f"\ntest split: stance macro-F1 {model['stance_macro_f1']:.3f}, "
          f"technique micro-F1 {model.get('technique_micro_f1', float('nan')):.3f}")
    return 0
