"""Fast tests of the quotation extractor and its scoring, on small hand-written fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotelens.extraction import QuoteExtractor, extract_quotations
from quotelens.extraction.scoring import format_scores, load_gold, same_speaker, score_extraction
from quotelens.records import Article, Quotation


def only(quotes: list[Quotation], kind: str | None = None) -> list[Quotation]:
    return [q for q in quotes if kind is None or q.kind == kind]


def find(quotes: list[Quotation], fragment: str) -> Quotation:
    matches = [q for q in quotes if fragment in q.text]
    assert matches, f"no quotation holds {fragment!r}: {[q.text for q in quotes]}"
    return matches[0]


def test_curly_quote_with_attribution_after_has_exact_span_and_speaker() -> None:
    text = "“We will not retreat from Raqqa,” the Pentagon said on Monday."
    quotes = extract_quotations(text, "a1")
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.text == "We will not retreat from Raqqa," and text[quote.start : quote.end] == quote.text
    assert quote.kind == "direct" and quote.speaker == "the Pentagon" and quote.cue == "said"
    assert text[quote.speaker_start : quote.speaker_end] == "the Pentagon"
    assert quote.quote_id == "a1-q001" and quote.article_id == "a1"


def test_straight_quotes_and_attribution_before_with_colon() -> None:
    text = 'Keith Vaz, chairman of the committee, said: "This is the right decision."'
    quote = extract_quotations(text)[0]
    assert quote.text == "This is the right decision." and quote.kind == "direct"
    assert quote.speaker == "Keith Vaz"


def test_interrupted_quote_gives_two_direct_quotations_with_one_speaker() -> None:
    text = "“The fees are fair,” Hrytsenko said, “and they are lower than on the Rhine.”"
    quotes = extract_quotations(text)
    assert [q.text for q in quotes] == ["The fees are fair,", "and they are lower than on the Rhine."]
    assert all(q.kind == "direct" and q.speaker == "Hrytsenko" for q in quotes)


def test_quote_continued_over_paragraphs_is_one_quotation() -> None:
    text = (
        "Rakhimov made clear that the inspection would go on. “If the violations are confirmed, "
        "the company will pay.\n\n“Let everyone hear this: the wealth belongs to the people.”"
    )
    quotes = only(extract_quotations(text), "direct")
    assert len(quotes) == 1
    assert quotes[0].text.startswith("If the violations") and quotes[0].text.endswith("to the people.")
    assert "\n\n“Let" in quotes[0].text
    assert quotes[0].speaker == "Rakhimov"


def test_quote_running_over_lines_without_reopening_mark() -> None:
    text = 'Vaz said: "I welcome the ban.\nThis is the right decision."\nThe march went ahead.'
    quotes = extract_quotations(text)
    assert quotes[0].text == "I welcome the ban.\nThis is the right decision."


def test_pronoun_speaker_resolves_to_nearest_named_mention() -> None:
    text = (
        "A spokesman for the rebel group, Lawrence Kanyamuhanga, spoke to journalists on Tuesday.\n\n"
        "“We do not make war on our own people,” he said."
    )
    quote = only(extract_quotations(text), "direct")[0]
    assert quote.speaker is not None and "Lawrence Kanyamuhanga" in quote.speaker
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker


def test_she_skips_a_male_mention() -> None:
    text = (
        "Ms. Hrytsenko spoke first. Mr. Stoenescu left the room.\n\n“We followed every procedure,” she said."
    )
    assert extract_quotations(text)[0].speaker == "Ms. Hrytsenko"


def test_titled_speaker_and_organisation_in_a_statement() -> None:
    text = (
        "Russia's deputy foreign minister Sergei Ryabkov said it was a “continuation of America's line”.\n\n"
        "“The attack reveals the evil intentions of the US”, the Syrian regime said in a statement."
    )
    quotes = extract_quotations(text)
    partial = find(quotes, "continuation")
    assert partial.kind == "partial" and partial.speaker == "Russia's deputy foreign minister Sergei Ryabkov"
    assert find(quotes, "evil intentions").speaker == "the Syrian regime"


def test_speaker_named_in_the_sentence_before() -> None:
    text = "Ryabkov continued. “It is, if you like, help to those terrorists.”"
    quote = extract_quotations(text)[0]
    assert quote.speaker == "Ryabkov" and quote.kind == "direct"


def test_indirect_speech_after_speech_verbs() -> None:
    text = (
        "Russia warned it would track coalition aircraft as potential targets. "
        "Army spokesman Colonel Jean-Pierre Mbuyi said the shells had been fired from rebel positions. "
        "The commission denied involvement in the raid. "
        "Both sides have since accused each other of violating it."
    )
    quotes = only(extract_quotations(text), "indirect")
    texts = {q.text: q.speaker for q in quotes}
    assert texts["it would track coalition aircraft as potential targets"] == "Russia"
    assert (
        texts["the shells had been fired from rebel positions"] == "Army spokesman Colonel Jean-Pierre Mbuyi"
    )
    assert texts["involvement in the raid"] == "The commission"
    assert texts["each other of violating it"] == "Both sides"


def test_indirect_clause_before_attribution_and_according_to() -> None:
    text = (
        "A preliminary hearing has been set for Nov. 18, the court clerk's office said.\n"
        "About 600 infections are recorded every year, according to a UN estimate.\n"
        "According to the ministry, the road will reopen on Friday."
    )
    quotes = only(extract_quotations(text), "indirect")
    texts = {q.text: q.speaker for q in quotes}
    assert texts["A preliminary hearing has been set for Nov. 18"] == "the court clerk's office"
    assert texts["About 600 infections are recorded every year"] == "a UN estimate"
    assert texts["the road will reopen on Friday"] == "the ministry"


def test_coordinated_verbs_split_the_reported_speech() -> None:
    text = "Kanyamuhanga denied its fighters had fired on the town and said army artillery had fallen short."
    quotes = only(extract_quotations(text), "indirect")
    assert [q.text for q in quotes] == [
        "its fighters had fired on the town",
        "army artillery had fallen short",
    ]
    assert quotes[1].speaker == "Kanyamuhanga"


def test_scare_quotes_titles_and_nicknames_are_not_quotations() -> None:
    text = (
        "The drug lord Joaquín “El Chapo” Guzmán was moved. The so-called “peace plan” failed. "
        "The government has called its campaign “Operation Clear Horizon” since spring. "
        "Critics mocked the “reforms” in parliament."
    )
    assert only(extract_quotations(text, indirect=False)) == []


def test_reported_speech_can_be_switched_off() -> None:
    text = "The ministry said the road would reopen on Friday."
    assert only(extract_quotations(text), "indirect")
    assert extract_quotations(text, indirect=False) == []


def test_transcript_label_lines_are_direct_quotations() -> None:
    text = (
        "ANCHOR: What did the minister say?\n\n"
        "TRANSPORT MINISTER CLAIRE DUNMORE: We followed every procedure in the agreement.\n\n"
        "REPORTER: She also said the fees would stay."
    )
    quotes = extract_quotations(text)
    direct = only(quotes, "direct")
    assert [q.text for q in direct] == ["We followed every procedure in the agreement."]
    assert direct[0].speaker == "TRANSPORT MINISTER CLAIRE DUNMORE"
    assert only(quotes, "indirect")[0].speaker == "TRANSPORT MINISTER CLAIRE DUNMORE"


def test_offsets_ids_and_context_are_consistent() -> None:
    text = (
        ("Filler sentence here. " * 40)
        + "“Every target was approved,” Hamdani said. "
        + ("More filler. " * 60)
    )
    quotes = QuoteExtractor().extract(Article(id="x", text=text))
    assert quotes and all(text[q.start : q.end] == q.text for q in quotes)
    assert [q.quote_id for q in quotes] == [f"x-q{n:03d}" for n in range(1, len(quotes) + 1)]
    assert all(q.context and q.text in q.context and len(q.context) <= 600 for q in quotes)


def test_unbalanced_marks_and_empty_text_do_not_raise() -> None:
    assert extract_quotations("") == []
    quotes = extract_quotations('He said "this never closes.\n\nNext paragraph.')
    assert all(q.kind != "direct" for q in quotes)


# ---------------------------------------------------------------- scoring


def quote(
    start: int, end: int, kind: str = "direct", speaker: str | None = "X", article: str = "a"
) -> Quotation:
    return Quotation(article, f"{article}-{start}", "t" * (end - start), start, end, kind, speaker)


def test_scoring_exact_and_overlap_matching_is_one_to_one() -> None:
    gold = [quote(0, 10), quote(20, 30, "indirect")]
    predicted = [quote(0, 10), quote(0, 5), quote(22, 31, "indirect")]
    scores = score_extraction(gold, predicted)
    assert scores["exact"]["all"]["recall"] == pytest.approx(0.5)
    assert scores["exact"]["all"]["precision"] == pytest.approx(1 / 3)
    assert scores["overlap"]["all"]["recall"] == pytest.approx(1.0)
    assert scores["overlap"]["all"]["precision"] == pytest.approx(2 / 3)
    assert scores["overlap"]["indirect"]["f1"] == pytest.approx(1.0)
    assert scores["exact"]["direct"]["recall"] == pytest.approx(1.0)
    assert "speaker accuracy" in format_scores(scores)


def test_scoring_ignores_kind_when_matching_and_separates_articles() -> None:
    scores = score_extraction([quote(0, 10, "direct")], [quote(0, 10, "partial"), quote(0, 10, article="b")])
    assert scores["exact"]["all"]["recall"] == 1.0
    assert scores["exact"]["direct"]["recall"] == 1.0 and scores["exact"]["partial"]["precision"] == 1.0
    assert scores["exact"]["all"]["precision"] == 0.5


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Russia's deputy foreign minister Sergei Ryabkov", "Ryabkov", True),
        ("the Pentagon", "The Pentagon.", True),
        ("U.S. Central Command", "The U.S. Central Command", True),
        ("a SDF spokesman", "SDF spokesman", True),
        ("the Syrian regime", "the Pentagon", False),
        ("Ingrid Solberg", None, False),
    ],
)
def test_same_speaker(gold: str, predicted: str | None, same: bool) -> None:
    assert same_speaker(gold, predicted) is same


def test_speaker_accuracy_counts_only_gold_speakers(tmp_path: Path) -> None:
    gold = [quote(0, 10, speaker="Ryabkov"), quote(20, 30, speaker=None)]
    predicted = [quote(0, 10, speaker="Sergei Ryabkov"), quote(20, 30, speaker="someone")]
    assert score_extraction(gold, predicted)["speaker"]["all"] == {"accuracy": 1.0, "judged": 1, "right": 1}


def test_load_gold_skips_malformed_lines(tmp_path: Path) -> None:
    good = {
        "id": "g1",
        "title": "t",
        "text": "“We will win,” Mbuyi said.",
        "quotes": [{"id": "g1-1", "start": 1, "end": 13, "kind": "direct", "speaker": "Mbuyi"}],
    }
    bad_span = dict(good, id="g2", quotes=[{"start": 5, "end": 500, "kind": "direct"}])
    path = tmp_path / "part-x.jsonl"
    path.write_text(json.dumps(good) + "\n{broken\n" + json.dumps(bad_span) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning):
        articles, gold = load_gold([tmp_path])
    assert [a.id for a in articles] == ["g1"]
    assert gold[0].text == "We will win," and gold[0].speaker == "Mbuyi"
