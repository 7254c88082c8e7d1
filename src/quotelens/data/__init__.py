"""Corpus format, validation, importers and dataset building."""

from quotelens.data.build import build_dataset, format_label_table, label_counts, load_sources, save_dataset
from quotelens.data.corpus import Corpus, Problem, load_corpus, load_standoff

__all__ = [
    "Corpus",
    "Problem",
    "build_dataset",
    "format_label_table",
    "label_counts",
    "load_corpus",
    "load_sources",
    "load_standoff",
    "save_dataset",
]
