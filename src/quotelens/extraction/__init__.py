"""Find quotations in news text: direct and partial quotes in marks, and reported speech, with speakers."""

from __future__ import annotations

from .extractor import QuoteExtractor, extract_quotations

__all__ = ["QuoteExtractor", "extract_quotations"]
