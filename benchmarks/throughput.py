"""Quotes per second and peak memory of batch classification, ours against the pipeline a user would write.

    python benchmarks/throughput.py --model runs/demo/run/model [--n 5000]

Every path classifies the same quotations (speaker + quotation paired with its context) in its own
process, so each peak RSS is its own. Paths: a transformers text-classification pipeline with its
default batch size and with batch_size=64 (same encoder, a plain sequence-classification head), our
torch path (length-sorted dynamic batching, inference_mode), and our ONNX Runtime fp32 and dynamic int8
paths. Our torch path runs twice: in fp32 and in bf16 autocast (what `--precision auto` picks on a CPU
with native bf16, such as this one); ONNX int8 runs twice: alone, and with the fp32 recheck of
near-tied quotations that `--backend onnx-int8` does by default. Each path is set against the default
pipeline and against the compute limit of its precision: FLOPs per quotation (from the real token
counts) over a measured fp32 (or bf16) matmul GFLOP/s. Then bf16 and int8 are checked against fp32 on
the test split the model was evaluated on.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

from quotelens.modeling import cpu_has_native_bf16

REPO = Path(__file__).resolve().parents[1]


def load_quotations(n: int) -> list[dict]:
    """Real quotations: the bundled corpus, plus the PTC articles' extracted quotations when present."""
    from quotelens.data.build import make_context
    from quotelens.data.corpus import load_corpus

    corpus = load_corpus([REPO / "data" / "corpus"])
    rows = [{"text": q.text, "speaker": q.speaker, "context": make_context(corpus.articles[q.article_id].text,
                                                                             q.start, q.end, 160)}
            for q in corpus.quotes]
    ptc = REPO.parent / "shared" / "data" / "ptc" / "train-articles"
    if ptc.is_dir():
        from quotelens.extraction import QuoteExtractor
        from quotelens.records import Article, read_articles

        extractor = QuoteExtractor()
        for article in read_articles([ptc]):
            if isinstance(article, Article):
                rows += [{"text": q.text, "speaker": q.speaker,
                          "context": make_context(article.text, q.start, q.end, 160)}
                         for q in extractor.extract(article)]
    if not rows:
        raise SystemExit("no quotations found: the bundled corpus is missing")
    return [rows[i % len(rows)] for i in range(n)]


def run_pipeline(model_dir: str, rows: list[dict], batch_size: int | None) -> list[str]:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    from quotelens.modeling import resolve_encoder

    torch.manual_seed(0)
    encoder = json.loads((Path(model_dir) / "config.json").read_text())["encoder_name"]
    path = resolve_encoder(encoder)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=4)
    classify = pipeline("text-classification", model=model, tokenizer=AutoTokenizer.from_pretrained(path),
                        device=-1)
    inputs = [{"text": f"{r['speaker']}: {r['text']}" if r["speaker"] else r["text"], "text_pair": r["context"]}
              for r in rows]
    kwargs = {"batch_size": batch_size} if batch_size else {}
    max_length = json.loads((Path(model_dir) / "config.json").read_text())["input_max_length"]
    return [o["label"] for o in classify(inputs, truncation=True, max_length=max_length, **kwargs)]


def run_ours(model_dir: str, rows: list[dict], backend: str, precision: str = "fp32",
             recheck_margin: float = 0.2) -> list[str]:
    from quotelens.inference import Classifier, QuoteInput

    classifier = Classifier(model_dir, backend=backend, precision=precision,  # the backend's default batch size
                            recheck_margin=recheck_margin)
    return [p.stance for p in classifier.predictions([QuoteInput(r["text"], r["speaker"], r["context"])
                                                       for r in rows])]


def child(name: str, model_dir: str, rows: list[dict], queue: mp.Queue) -> None:
    runners = {
        "pipeline, default batch size": lambda: run_pipeline(model_dir, rows, None),
        "pipeline, batch_size=64": lambda: run_pipeline(model_dir, rows, 64),
        "ours, torch fp32": lambda: run_ours(model_dir, rows, "torch", "fp32"),
        "ours, torch bf16": lambda: run_ours(model_dir, rows, "torch", "bf16"),
        "ours, ONNX fp32": lambda: run_ours(model_dir, rows, "onnx"),
        "ours, ONNX int8, no recheck": lambda: run_ours(model_dir, rows, "onnx-int8", recheck_margin=0),
        "ours, ONNX int8 + fp32 recheck": lambda: run_ours(model_dir, rows, "onnx-int8"),
    }
    started = time.perf_counter()
    runners[name]()
    elapsed = time.perf_counter() - started
    queue.put((name, len(rows) / elapsed, peak_rss_mb()))


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM; ru_maxrss would include the parent it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured_gflops(size: int = 2048, repeats: int = 10, dtype: str = "float32") -> float:
    import torch

    a, b = torch.randn(size, size, dtype=getattr(torch, dtype)), torch.randn(size, size, dtype=getattr(torch, dtype))
    a @ b
    started = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * size**3 * repeats / (time.perf_counter() - started) / 1e9


def gflop_per_quotation(model_dir: str, rows: list[dict]) -> float:
    """2 x non-embedding parameters x tokens, plus attention (4 x layers x tokens^2 x hidden), averaged."""
    from quotelens.modeling import load_model, tokenize_batch

    model, tokenizer = load_model(model_dir)
    config = model.encoder.config
    params = sum(p.numel() for n, p in model.named_parameters() if "embeddings" not in n)
    encoded = tokenize_batch(tokenizer, [r["text"] for r in rows], [r["speaker"] for r in rows],
                             [r["context"] for r in rows], model.config.input_max_length)
    lengths = [len(ids) for ids in encoded["input_ids"]]
    flops = [2 * params * t + 4 * config.num_hidden_layers * t * t * config.hidden_size for t in lengths]
    return sum(flops) / len(flops) / 1e9


def stances_on_test_split(model_dir: str, paths: dict[str, dict]) -> dict[str, object]:
    """Stance of every test-split quotation the model was evaluated on, for each named Classifier setting."""
    from quotelens.evaluation.report import load_eval_data
    from quotelens.inference import Classifier, QuoteInput

    data = load_eval_data(Path(model_dir), "test", None).eval
    items = [QuoteInput(t, s or None, c) for t, s, c in zip(data["text"], data["speaker"], data["context"])]
    return {name: Classifier(model_dir, **kw).predict_proba(items)[0].argmax(1) for name, kw in paths.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="runs/demo/run/model")
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--skip-default-pipeline", action="store_true", help="the slowest path (~2 min per 5k)")
    args = parser.parse_args()
    model_dir = str(Path(args.model))
    if not (Path(model_dir) / "model.int8.onnx").is_file():
        from quotelens.inference import export_onnx

        print("exporting ONNX fp32 and int8 ...", flush=True)
        export_onnx(model_dir)
    rows = load_quotations(args.n)
    gflop = gflop_per_quotation(model_dir, rows)
    gflops = measured_gflops()
    bf16_gflops = measured_gflops(dtype="bfloat16")
    limits = {name: gflops / gflop for name in ("fp32", "int8")} | {"bf16": bf16_gflops / gflop}
    names = ["pipeline, default batch size", "pipeline, batch_size=64", "ours, torch fp32", "ours, torch bf16",
             "ours, ONNX fp32", "ours, ONNX int8, no recheck", "ours, ONNX int8 + fp32 recheck"]
    if args.skip_default_pipeline:
        names.pop(0)
    if not cpu_has_native_bf16():
        print("this CPU has no native bf16: skipping the bf16 path (--precision auto uses fp32 here)")
        names.remove("ours, torch bf16")
    results = {}
    ctx = mp.get_context("spawn")
    for name in names:
        queue: mp.Queue = ctx.Queue()
        process = ctx.Process(target=child, args=(name, model_dir, rows, queue))
        process.start()
        _, rate, peak = queue.get()
        process.join()
        results[name] = (rate, peak)
        print(f"  {name}: {rate:.1f} quotes/s, peak {peak:.0f} MB", flush=True)
    base = results.get("pipeline, default batch size", (float("nan"), 0))[0]
    print(f"\n{len(rows)} quotations; {gflop:.2f} GFLOP per quotation (mean); matmul fp32 {gflops:.0f} GFLOP/s, "
          f"bf16 {bf16_gflops:.0f} GFLOP/s -> compute limit {limits['fp32']:.0f} quotes/s in fp32, "
          f"{limits['bf16']:.0f} in bf16 (int8 is set against the fp32 limit)\n")
    print("| path | quotes/s | x default pipeline | % of compute limit | peak RSS (MB) |")
    print("|---|---|---|---|---|")
    for name, (rate, peak) in results.items():
        limit = limits["bf16" if "bf16" in name else "int8" if "int8" in name else "fp32"]
        print(f"| {name} | {rate:.1f} | {rate / base:.2f} | {100 * rate / limit:.0f} % | {peak:.0f} |")
    print()
    paths = {"torch fp32": {"precision": "fp32"}, "ONNX fp32": {"backend": "onnx"},
             "ONNX int8, no recheck,": {"backend": "onnx-int8", "recheck_margin": 0.0},
             "ONNX int8 + fp32 recheck (margin 0.2)": {"backend": "onnx-int8", "recheck_margin": 0.2}}
    if "ours, torch bf16" in results:
        paths["torch bf16"] = {"precision": "bf16"}
    stances = stances_on_test_split(model_dir, paths)
    for label in paths:
        if label.endswith("fp32") and "recheck" not in label:
            continue
        reference = stances["torch fp32" if label.startswith("torch") else "ONNX fp32"]
        agreement = float((stances[label] == reference).mean())
        print(f"{label} stance agrees with fp32 on {100 * agreement:.2f} % of the {len(reference)} "
              "test-split quotations")


if __name__ == "__main__":
    main()
