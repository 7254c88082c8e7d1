"""The label scheme: the single place where stance and technique names are spelled.

Follows the project's binding label specification (stance: one of four; techniques: the 14 classes
of the Propaganda Techniques Corpus, SemEval-2020 Task 11).
"""

from __future__ import annotations

STANCES: tuple[str, ...] = ("accusatory", "defensive", "threatening", "neutral")

# Order when two acts are equally strong (first wins).
STANCE_PRECEDENCE: tuple[str, ...] = ("threatening", "accusatory", "defensive", "neutral")

TECHNIQUES: tuple[str, ...] = (
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Exaggeration,Minimisation",
    "Doubt",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Slogans",
    "Appeal_to_Authority",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
    "Bandwagon,Reductio_ad_hitlerum",
)

KINDS: tuple[str, ...] = ("direct", "partial", "indirect")

STANCE2ID: dict[str, int] = {name: i for i, name in enumerate(STANCES)}
TECHNIQUE2ID: dict[str, int] = {name: i for i, name in enumerate(TECHNIQUES)}

# The PTC files spell one class with a British/American variant; map it to the scheme's name.
PTC_TECHNIQUE_ALIASES: dict[str, str] = {"Exaggeration,Minimization": "Exaggeration,Minimisation"}


def normalise_technique(name: str) -> str:
    """Map a technique name as found in a source file to the scheme's spelling, or raise."""
    name = PTC_TECHNIQUE_ALIASES.get(name, name)
    if name not in TECHNIQUE2ID:
        raise ValueError(f"unknown technique {name!r}; known: {', '.join(TECHNIQUES)}")
    return name


def check_stance(name: str) -> str:
    if name not in STANCE2ID:
        raise ValueError(f"unknown stance {name!r}; known: {', '.join(STANCES)}")
    return name
