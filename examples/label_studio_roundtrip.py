"""Send quotations to Label Studio for annotation and bring the finished annotations back.

    python examples/label_studio_roundtrip.py --articles data/demo --out runs/example-ls

Step 1 extracts quotations and writes `tasks.json` plus `tasks.label_config.xml` (import both into a
Label Studio project). Step 2 reads the project's JSON export back into corpus records that
`quotelens data validate` and `quotelens train` accept. Here the "export" is simulated by answering
every task with the stance of a keyword lexicon, so the script runs without a Label Studio server.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from quotelens.cli import main as quotelens
from quotelens.evaluation.baselines import lexicon_stance
from quotelens.labels import STANCES


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", default="data/demo")
    parser.add_argument("--out", type=Path, default=Path("runs/example-ls"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    # 1. articles -> quotations -> corpus records (stance unknown) -> Label Studio tasks
    quotelens(["extract", args.articles, "--out", str(args.out / "quotes.jsonl")])
    articles: dict[str, dict] = {}
    from quotelens.records import Article, read_articles

    texts = {a.id: a.text for a in read_articles([args.articles]) if isinstance(a, Article)}
    for line in (args.out / "quotes.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        article = articles.setdefault(q["article_id"], {"id": q["article_id"], "title": None,
                                                        "text": texts[q["article_id"]], "quotes": []})
        article["quotes"].append({"id": q["quote_id"], "start": q["start"], "end": q["end"], "speaker": q["speaker"],
                                  "speaker_start": q["speaker_start"], "speaker_end": q["speaker_end"],
                                  "kind": q["kind"], "stance": None, "techniques": None})
    unlabelled = args.out / "unlabelled.jsonl"
    unlabelled.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles.values()),
                          encoding="utf-8")
    quotelens(["data", "export-labelstudio", str(unlabelled), "--out", str(args.out / "tasks.json")])

    # 2. (in Label Studio: annotate, then Export -> JSON) -- simulated here
    tasks = json.loads((args.out / "tasks.json").read_text(encoding="utf-8"))
    for task in tasks:
        stance = STANCES[lexicon_stance(task["data"]["quote"])]
        task["annotations"] = [{"result": [{"from_name": "stance", "to_name": "quote", "type": "choices",
                                            "value": {"choices": [stance]}}]}]
    export = args.out / "label_studio_export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")

    # 3. the export back into corpus records, validated like any other data
    quotelens(["data", "import-labelstudio", str(export), "--out", str(args.out / "annotated.jsonl")])
    quotelens(["data", "validate", str(args.out / "annotated.jsonl")])


if __name__ == "__main__":
    main()
