"""Training: a thin `transformers.Trainer` subclass for the two-headed loss, and the `train()` entry.

One run = one folder (`output_dir`): the resolved config, library versions, git commit, the log, the
metrics of every epoch, checkpoints (for `--resume`) and the final calibrated model in `model/`.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import subprocess
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import torch
from datasets import DatasetDict, load_from_disk
from sklearn.metrics import f1_score
from transformers import AutoTokenizer, EarlyStoppingCallback, Trainer, TrainerCallback, TrainingArguments
from transformers.trainer_utils import get_last_checkpoint

from quotelens.calibration import (
    expected_calibration_error,
    fit_temperature,
    micro_f1,
    sigmoid,
    softmax,
    tune_global_threshold,
    tune_thresholds,
)
from quotelens.config import TrainConfig, load_config, save_config
from quotelens.data.build import build_dataset, load_sources
from quotelens.labels import STANCES
from quotelens.modeling import QuoteLensModel, cpu_has_native_bf16, resolve_encoder, tokenize_batch

logger = logging.getLogger("quotelens.training")
LABEL_NAMES = ["stance", "techniques", "has_techniques"]


def load_training_data(config: TrainConfig) -> DatasetDict:
    if config.dataset_dir:
        return load_from_disk(config.dataset_dir)
    corpus = load_sources(config.data, config.ptc_dir, config.ptc_annotations, config.ptc_dev_annotations)
    return build_dataset(corpus, config.context_chars, config.val_fraction, config.test_fraction, config.split_seed)


def tokenize_dataset(dataset: DatasetDict, tokenizer: Any, max_length: int) -> DatasetDict:
    def encode(batch: dict[str, list]) -> dict[str, list]:
        encoded = tokenize_batch(tokenizer, batch["text"], batch["speaker"], batch["context"], max_length)
        encoded["length"] = [len(ids) for ids in encoded["input_ids"]]
        return encoded

    keep = {"input_ids", "attention_mask", "token_type_ids", "length", *LABEL_NAMES}
    columns = dataset["train"].column_names
    return dataset.map(encode, batched=True, remove_columns=[c for c in columns if c not in keep])


class QuoteCollator:
    """Dynamic padding of the token fields; labels become tensors as they are."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, features: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        token_keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in features[0]]
        batch = self.tokenizer.pad([{k: f[k] for k in token_keys} for f in features], return_tensors="pt")
        batch["stance"] = torch.tensor([f["stance"] for f in features], dtype=torch.long)
        batch["techniques"] = torch.tensor([f["techniques"] for f in features], dtype=torch.float32)
        batch["has_techniques"] = torch.tensor([f["has_techniques"] for f in features], dtype=torch.bool)
        return dict(batch)


def stance_class_weights(stance: list[int], n_classes: int) -> torch.Tensor:
    """Inverse-frequency weights (sklearn's 'balanced'), over examples with a known stance."""
    counts = np.bincount([s for s in stance if s >= 0], minlength=n_classes).astype(float)
    weights = counts.sum() / (n_classes * np.maximum(counts, 1.0))
    return torch.tensor(weights, dtype=torch.float32)


def technique_pos_weights(techniques: list[list[float]], has_techniques: list[bool], cap: float = 20.0) -> torch.Tensor:
    """Per-technique positive weight (negatives / positives, capped): rare techniques still get learned."""
    labelled = np.array([t for t, h in zip(techniques, has_techniques) if h], dtype=float)
    labelled = labelled.reshape(-1, len(techniques[0]))
    positives = labelled.sum(axis=0)
    weights = (len(labelled) - positives) / np.maximum(positives, 1.0)
    return torch.tensor(np.clip(weights, 1.0, cap), dtype=torch.float32)


class QuoteLensTrainer(Trainer):
    """Trainer with the multi-task loss: each head learns only from examples labelled for it."""

    def __init__(self, *args: Any, stance_weights: torch.Tensor | None = None,
                 technique_pos_weights: torch.Tensor | None = None, technique_loss_weight: float = 1.0,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stance_weights = stance_weights
        self.technique_pos_weights = technique_pos_weights
        self.technique_loss_weight = technique_loss_weight

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):  # noqa: ANN001
        stance = inputs.pop("stance")
        techniques = inputs.pop("techniques")
        has_techniques = inputs.pop("has_techniques")
        outputs = model(**inputs)
        # zero that keeps both heads in the graph (DDP needs every parameter used) when labels are missing
        loss = (outputs.stance_logits.sum() + outputs.technique_logits.sum()) * 0.0
        weights = self.stance_weights.to(outputs.stance_logits.device) if self.stance_weights is not None else None
        if (stance >= 0).any():
            loss = loss + torch.nn.functional.cross_entropy(outputs.stance_logits, stance, weight=weights,
                                                            ignore_index=-1)
        if has_techniques.any():
            pos_weight = self.technique_pos_weights
            per_label = torch.nn.functional.binary_cross_entropy_with_logits(
                outputs.technique_logits[has_techniques], techniques[has_techniques],
                pos_weight=pos_weight.to(techniques.device) if pos_weight is not None else None)
            loss = loss + self.technique_loss_weight * per_label
        outputs.loss = loss
        return (loss, outputs) if return_outputs else loss


def compute_metrics(eval_pred: Any) -> dict[str, float]:
    stance_logits, technique_logits = eval_pred.predictions[:2]
    stance, techniques, has_techniques = eval_pred.label_ids
    known = stance >= 0
    metrics = {"stance_macro_f1": 0.0, "stance_accuracy": 0.0, "technique_micro_f1": 0.0}
    if known.any():
        pred = stance_logits[known].argmax(-1)
        metrics["stance_macro_f1"] = f1_score(stance[known], pred, average="macro",
                                              labels=np.union1d(stance[known], pred), zero_division=0)
        metrics["stance_accuracy"] = float((pred == stance[known]).mean())
    has = has_techniques.astype(bool)
    if has.any():
        # at the best shared threshold, as the final model is used: class weights move the best one off 0.5
        scores = sigmoid(technique_logits[has])
        metrics["technique_threshold"] = threshold = tune_global_threshold(scores, techniques[has])
        metrics["technique_micro_f1"] = micro_f1(scores, techniques[has], [threshold] * scores.shape[1])
    heads = [metrics[k] for k, present in (("stance_macro_f1", known.any()), ("technique_micro_f1", has.any()))
             if present]
    metrics["mean_f1"] = float(np.mean(heads)) if heads else 0.0  # both heads, for checkpoint selection
    return metrics


def precision_settings(mode: str) -> dict[str, bool]:
    """Mixed precision for the Trainer; "auto": bf16 on a GPU that has it or a CPU that computes it natively."""
    if mode == "auto":
        if torch.cuda.is_available():
            mode = "bf16" if torch.cuda.is_bf16_supported() else "fp16"
        else:
            mode = "bf16" if cpu_has_native_bf16() else "no"
    if mode == "bf16":
        return {"bf16": True} if torch.cuda.is_available() else {"bf16": True, "use_cpu": True}
    return {"fp16": True} if mode == "fp16" else {}


def training_arguments(config: TrainConfig) -> TrainingArguments:
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1  # set by torchrun / accelerate launch
    return TrainingArguments(
        output_dir=config.output_dir,
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.eval_batch_size,
        learning_rate=config.learning_rate,
        weight_decay=config.weight_decay,
        warmup_steps=config.warmup_ratio,
        lr_scheduler_type="linear",
        optim="adamw_torch",
        eval_strategy="epoch",
        save_strategy="epoch",
        logging_strategy="steps",
        logging_steps=config.logging_steps,
        load_best_model_at_end=True,
        metric_for_best_model=config.best_metric,
        greater_is_better=True,
        save_total_limit=config.save_total_limit,
        seed=config.seed,
        label_names=LABEL_NAMES,
        train_sampling_strategy="group_by_length",
        remove_unused_columns=False,
        report_to=config.report_to,
        dataloader_num_workers=config.dataloader_num_workers,
        dataloader_pin_memory=torch.cuda.is_available(),
        ddp_backend="gloo" if distributed and not torch.cuda.is_available() else None,
        ddp_find_unused_parameters=False,  # every parameter is used: modeling.drop_pooler
        **precision_settings(config.mixed_precision),
    )


def run_metadata() -> dict[str, Any]:
    import datasets
    import transformers

    try:
        git = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
        commit = git.stdout.strip()
    except OSError:
        commit = ""
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "datasets": datasets.__version__,
        "git_commit": commit or None,
        "cuda": torch.cuda.is_available(),
    }


def calibrate(trainer: Trainer, model: QuoteLensModel, validation: Any) -> dict[str, Any]:
    """Fit the stance temperature and per-technique thresholds on validation; store them in the model."""
    output = trainer.predict(validation, metric_key_prefix="calibration")
    stance_logits, technique_logits = output.predictions[:2]
    stance, techniques, has_techniques = output.label_ids
    known, has = stance >= 0, has_techniques.astype(bool)
    temperature = fit_temperature(stance_logits[known], stance[known])
    ece_before = expected_calibration_error(softmax(stance_logits[known]), stance[known])
    ece_after = expected_calibration_error(softmax(stance_logits[known], temperature), stance[known])
    thresholds = tune_thresholds(sigmoid(technique_logits[has]), techniques[has])
    model.config.stance_temperature = temperature
    model.config.technique_thresholds = thresholds
    return {"temperature": temperature, "validation_ece_before": ece_before, "validation_ece_after": ece_after,
            "technique_thresholds": dict(zip(model.config.technique_labels, thresholds))}


def setup_run_logging(run_dir: Path) -> None:
    handler = logging.FileHandler(run_dir / "train.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("quotelens").addHandler(handler)
    logging.getLogger("quotelens").setLevel(logging.INFO)


class LogToFileCallback(TrainerCallback):
    """Every Trainer log line (loss, learning rate, eval metrics) also goes to the run's train.log."""

    def on_log(self, args, state, control, logs=None, **kwargs):  # noqa: ANN001
        if state.is_world_process_zero and logs:
            logger.info("step %d epoch %.2f %s", state.global_step, state.epoch or 0.0, json.dumps(logs))


class RunFolderError(RuntimeError):
    pass


def check_run_folder(run_dir: Path, config: TrainConfig, resume: bool, overwrite: bool) -> None:
    """A run folder holds one run: never mix checkpoints of two runs, never resume another config."""
    checkpoint = get_last_checkpoint(str(run_dir)) if run_dir.is_dir() else None
    if checkpoint and not resume and not overwrite:
        raise RunFolderError(f"{run_dir} already holds a run ({Path(checkpoint).name}): pass --resume to "
                             "continue it, --overwrite to start again, or another output_dir")
    saved = run_dir / "config.yaml"
    if resume and checkpoint and saved.is_file():
        previous = load_config(saved)
        differs = [k for k, v in asdict(config).items()
                   if getattr(previous, k) != v and k not in {"epochs", "max_steps"}]
        if differs:
            raise RunFolderError(f"--resume: the config differs from the run's in {', '.join(differs)}")
    if overwrite and not resume and run_dir.is_dir():
        shutil.rmtree(run_dir)


def train(config: TrainConfig, resume: bool = False, overwrite: bool = False) -> Path:
    """Train, calibrate and save a model; returns the folder of the final model."""
    config.check_paths()
    if config.num_threads > 0:
        torch.set_num_threads(config.num_threads)
    run_dir = Path(config.output_dir)
    args = training_arguments(config)
    main_process = args.process_index == 0
    if main_process:
        check_run_folder(run_dir, config, resume, overwrite)
    if args.world_size > 1:
        torch.distributed.barrier()  # the other ranks wait until rank 0 has checked (and cleaned) the folder
    if main_process:
        run_dir.mkdir(parents=True, exist_ok=True)
        setup_run_logging(run_dir)
        save_config(config, run_dir / "config.yaml")
        (run_dir / "versions.json").write_text(json.dumps(run_metadata(), indent=2), encoding="utf-8")

    dataset = load_training_data(config)
    if main_process:  # the articles of each split, so evaluation uses exactly this split later
        splits = {name: sorted(set(ds["article_id"])) for name, ds in dataset.items()}
        (run_dir / "splits.json").write_text(json.dumps(splits), encoding="utf-8")
    if config.dataset_dir:
        info = Path(config.dataset_dir) / "build_info.json"
        if info.is_file():
            config.context_chars = json.loads(info.read_text(encoding="utf-8"))["context_chars"]
    encoder_path = resolve_encoder(config.model)
    tokenizer = AutoTokenizer.from_pretrained(encoder_path)
    model = QuoteLensModel.from_encoder(config.model, input_max_length=config.max_length,
                                        context_chars=config.context_chars)
    with args.main_process_first():
        tokenized = tokenize_dataset(dataset, tokenizer, config.max_length)
    logger.info("data: %s", {split: len(ds) for split, ds in dataset.items()})
    logger.info("training on %d process(es), device %s, precision %s", args.world_size, args.device,
                next(iter(precision_settings(config.mixed_precision)), "fp32"))

    trainer = QuoteLensTrainer(
        model=model,
        args=args,
        train_dataset=tokenized["train"],
        eval_dataset=tokenized["validation"],
        data_collator=QuoteCollator(tokenizer),
        processing_class=tokenizer,
        compute_metrics=compute_metrics,
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.early_stopping_patience), LogToFileCallback()],
        stance_weights=stance_class_weights(dataset["train"]["stance"], len(STANCES))
        if config.class_weighted else None,
        technique_pos_weights=technique_pos_weights(dataset["train"]["techniques"], dataset["train"]["has_techniques"])
        if config.class_weighted else None,
        technique_loss_weight=config.technique_loss_weight,
    )
    checkpoint = get_last_checkpoint(str(run_dir)) if resume and run_dir.is_dir() else None
    if resume and checkpoint is None:
        logger.warning("--resume: no checkpoint in %s, starting from the beginning", run_dir)
    elif checkpoint:
        logger.info("resuming from %s", checkpoint)
    trainer.train(resume_from_checkpoint=checkpoint)

    calibration = calibrate(trainer, trainer.model, tokenized["validation"])
    test_metrics = trainer.evaluate(tokenized["test"], metric_key_prefix="test")
    model_dir = run_dir / "model"
    if trainer.is_world_process_zero():
        trainer.model.config.encoder_name = config.model
        commit = (run_metadata()["git_commit"] or "nogit")[:8]
        trainer.model.config.model_version = f"{time.strftime('%Y%m%d-%H%M%S')}-{commit}"
        trainer.save_model(str(model_dir))
        tokenizer.save_pretrained(str(model_dir))
        epochs = [row for row in trainer.state.log_history if "eval_stance_macro_f1" in row]
        with (run_dir / "metrics.jsonl").open("w", encoding="utf-8") as handle:
            for row in trainer.state.log_history:
                handle.write(json.dumps(row) + "\n")
        summary = {"epochs": epochs, "calibration": calibration, "test": test_metrics,
                   "best_checkpoint": trainer.state.best_model_checkpoint, "config": asdict(config)}
        (run_dir / "metrics.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
        logger.info("final model in %s; test: %s", model_dir, test_metrics)
    return model_dir
