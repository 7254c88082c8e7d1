"""A self-contained HTML page: articles with their quotations highlighted by stance, and a summary of
who accuses, defends and threatens. Article text is untrusted, so every piece of it is escaped."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from typing import Any

from quotelens.labels import STANCES
from quotelens.records import Article

COLOURS = {"accusatory": "#f4a6a6", "defensive": "#a6c8f4", "threatening": "#f4c26b", "neutral": "#d9d9d9"}

STYLE = """
body { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto; color: #222; line-height: 1.55; }
h1, h2, h3, table, .legend, .tags { font-family: system-ui, sans-serif; }
.legend span, mark { padding: 0 .2em; border-radius: .2em; }
mark { cursor: help; }
.tags { font-size: .72em; color: #444; vertical-align: super; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9em; }
td, th { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
article { border-top: 1px solid #bbb; margin-top: 2rem; white-space: pre-wrap; }
"""


def _legend() -> str:
    return '<p class="legend">' + " ".join(
        f'<span style="background:{COLOURS[s]}">{s}</span>' for s in STANCES) + "</p>"


def _tooltip(row: dict[str, Any]) -> str:
    probs = ", ".join(f"{k} {v:.2f}" for k, v in row["stance_scores"].items())
    techniques = ", ".join(row["techniques"]) or "none"
    return f"speaker: {row.get('speaker') or 'unknown'}\nstance: {probs}\ntechniques: {techniques}"


def highlight_article(article: Article, rows: list[dict[str, Any]]) -> str:
    """The article text with each quotation wrapped in a <mark>; overlapping spans are skipped."""
    parts, cursor = [], 0
    for row in sorted((r for r in rows if r.get("start") is not None), key=lambda r: r["start"]):
        start, end = row["start"], row["end"]
        if start < cursor:
            continue
        parts.append(escape(article.text[cursor:start]))
        label = escape(row.get("speaker") or "?")
        if row["techniques"]:
            label += "; " + escape(", ".join(row["techniques"]))
        tags = f' <span class="tags">[{label}]</span>'
        parts.append(f'<mark style="background:{COLOURS.get(row["stance"], "#eee")}" '
                     f'title="{escape(_tooltip(row))}">{escape(article.text[start:end])}</mark>{tags}')
        cursor = end
    parts.append(escape(article.text[cursor:]))
    title = escape(article.title or article.id)
    return f"<article><h3>{title}</h3>{''.join(parts)}</article>"


def speaker_summary(rows: list[dict[str, Any]]) -> str:
    """Per speaker: how many quotations of each stance, and the techniques they use most."""
    stances: dict[str, Counter] = defaultdict(Counter)
    techniques: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        speaker = row.get("speaker") or "(unattributed)"
        stances[speaker][row["stance"]] += 1
        techniques[speaker].update(row["techniques"])
    header = "<tr><th>speaker</th>" + "".join(f"<th>{s}</th>" for s in STANCES) + "<th>top techniques</th></tr>"
    body = []
    for speaker, counts in sorted(stances.items(), key=lambda kv: -sum(kv[1].values())):
        cells = "".join(f"<td>{counts.get(s, 0)}</td>" for s in STANCES)
        top = ", ".join(f"{t} ({n})" for t, n in techniques[speaker].most_common(3))
        body.append(f"<tr><td>{escape(speaker)}</td>{cells}<td>{escape(top)}</td></tr>")
    return f"<table>{header}{''.join(body)}</table>"


def quote_table(rows: list[dict[str, Any]]) -> str:
    body = "".join(
        f'<tr><td style="background:{COLOURS.get(r["stance"], "#eee")}">{escape(r["stance"])}</td>'
        f'<td>{escape(r.get("speaker") or "")}</td><td>{escape(r["text"])}</td>'
        f'<td>{escape(", ".join(r["techniques"]))}</td></tr>' for r in rows)
    return f"<table><tr><th>stance</th><th>speaker</th><th>quotation</th><th>techniques</th></tr>{body}</table>"


def render_report(articles: list[tuple[Article, list[dict[str, Any]]]], quote_rows: list[dict[str, Any]],
                  model_name: str) -> str:
    all_rows = [r for _, rows in articles for r in rows] + quote_rows
    sections = [f"<h1>QuoteLens report</h1><p>Model: {escape(model_name)}. {len(all_rows)} quotations"
                f"{f' in {len(articles)} articles' if articles else ''}. Hover a quotation for its speaker, "
                f"stance probabilities and techniques; the speaker and techniques also follow it in brackets."
                f"</p>", _legend()]
    if articles:
        sections += [highlight_article(article, rows) for article, rows in articles]
    if quote_rows:
        sections += ["<h2>Quotations</h2>", quote_table(quote_rows)]
    sections += ["<h2>Who says what</h2><p>Quotations per speaker (as written in the articles) and stance, "
                 "with each speaker's most frequent techniques.</p>", speaker_summary(all_rows)]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>QuoteLens report</title>'
            f"<style>{STYLE}</style></head><body>{''.join(sections)}</body></html>")
