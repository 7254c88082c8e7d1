"""Baselines trained on the same train split and scored on the same examples as the model."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline

from quotelens.labels import STANCE2ID, STANCE_PRECEDENCE, TECHNIQUES

# Cue words of the label scheme (labels.md "cues"), widened by common synonyms; a stem matches a word start.
STANCE_LEXICON: dict[str, tuple[str, ...]] = {
    "threatening": ("will be forced", "retaliat", "will pay", "price", "consequence", "all options", "target",
                    "will respond", "sanction", "punish", "sue ", "litigat", "warn", "will not hesitate",
                    "strike back", "destroy", "we will take", "ultimatum", "reserve the right"),
    "accusatory": ("fail", "violat", "responsible for", "lie", "lied", "lying", "evil", "terroris", "blame",
                   "betray", "corrupt", "illegal", "crime", "criminal", "incompeten", "hypocri", "disgrace",
                   "cover-up", "cover up", "propaganda", "fraud", "abuse", "negligen", "reckless"),
    "defensive": ("in accordance", "self-defense", "self-defence", "nothing wrong", "our mission", "baseless",
                  "deny", "denied", "denies", "unfounded", "comply", "complied", "lawful", "legitimate",
                  "necessary", "followed", "justified", "false allegation", "we acted", "misleading claims"),
}


def lexicon_stance(text: str) -> int:
    lowered = " " + text.lower()
    hits = {stance: sum(1 for cue in cues if re.search(r"\W" + re.escape(cue), lowered))
            for stance, cues in STANCE_LEXICON.items()}
    best = max(hits.values())
    if best == 0:
        return STANCE2ID["neutral"]
    winners = [s for s in STANCE_PRECEDENCE if hits.get(s, 0) == best]
    return STANCE2ID[winners[0]]


def input_text(text: str, speaker: str, context: str) -> str:
    return f"{speaker} : {text} || {context}"


def majority(train_stance: np.ndarray, n: int) -> np.ndarray:
    label = Counter(train_stance.tolist()).most_common(1)[0][0]
    return np.full(n, label)


def tfidf_stance(train_x: list[str], train_y: np.ndarray, test_x: list[str]) -> np.ndarray:
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0))
    model.fit(train_x, train_y)
    return model.predict(test_x)


def tfidf_techniques(train_x: list[str], train_y: np.ndarray, test_x: list[str]) -> np.ndarray:
    present = train_y.sum(axis=0) > 0
    out = np.zeros((len(test_x), len(TECHNIQUES)), dtype=int)
    if not present.any():
        return out
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          OneVsRestClassifier(LogisticRegression(max_iter=2000, class_weight="balanced")))
    model.fit(train_x, train_y[:, present])
    out[:, present] = model.predict(test_x)
    return out
