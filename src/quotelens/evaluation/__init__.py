"""Evaluation harness: metrics, baselines, calibration, bootstrap, plots, reports and the model card."""

from quotelens.evaluation.report import EvaluationError, compare_reports, evaluate_model

__all__ = ["EvaluationError", "compare_reports", "evaluate_model"]
