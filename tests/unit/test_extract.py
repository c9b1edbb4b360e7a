"""The rule-based extractor on short sentences in every supported language.

None of these sentences is from the sample articles: they check the general
machinery (voice, coordination, nominalisation, negation, modality, roles).
"""

from __future__ import annotations

import pytest

from kg_builder.actors import default_dictionary
from kg_builder.extract.rules import RuleBasedExtractor
from kg_builder.models import Article, content_hash
from kg_builder.nlp import get_pipeline


@pytest.fixture(scope="module")
def extractor() -> RuleBasedExtractor:
    return RuleBasedExtractor(actors=default_dictionary())


def triples(extractor, lang: str, text: str, published: str | None = None) -> set[tuple]:
    article = Article(id=content_hash(text), text=text, source="t", lang=lang, published=published)
    result = extractor.extract(get_pipeline(lang)(text), article)
    labels = {m.key: m.label for m in result.mentions}
    return {
        (
            labels.get(a.subject, a.subject),
            a.predicate,
            labels.get(a.object, a.object),
            a.polarity,
            a.modality,
        )
        for a in result.assertions
    }


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Moscow attacked Georgia and Ukraine.",
            {("Russia", "attacks", "Georgia"), ("Russia", "attacks", "Ukraine")},
        ),
        ("en", "Ukraine was attacked by Russia.", {("Russia", "attacks", "Ukraine")}),
        ("en", "The Russian invasion of Ukraine began in 2022.", {("Russia", "invades", "Ukraine")}),
        ("fr", "La Pologne a critiqué la Hongrie.", {("Poland", "criticizes", "Hungary")}),
        ("it", "L'Italia ha condannato l'invasione russa dell'Ucraina.", {("Russia", "invades", "Ukraine")}),
        ("pl", "Polska skrytykowała Węgry.", {("Poland", "criticizes", "Hungary")}),
        ("de", "Russland hat die Ukraine angegriffen.", {("Russia", "attacks", "Ukraine")}),
        ("es", "Rusia invadió Ucrania.", {("Russia", "invades", "Ukraine")}),
        (
            "ru",
            "Путин встретился с Токаевым в Астане.",
            {("Vladimir Putin", "meets", "Kassym-Jomart Tokayev")},
        ),
        ("uk", "Зеленський зустрівся з Байденом.", {("Volodymyr Zelensky", "meets", "Joe Biden")}),
    ],
)
def test_relations_in_every_language(extractor, lang, text, expected) -> None:
    found = {t[:3] for t in triples(extractor, lang, text)}
    assert expected <= found, found


@pytest.mark.parametrize(
    ("lang", "text", "relation", "polarity", "modality"),
    [
        ("en", "Russia attacked Ukraine.", ("Russia", "attacks", "Ukraine"), "positive", "asserted"),
        ("en", "Russia did not attack Ukraine.", ("Russia", "attacks", "Ukraine"), "negative", "asserted"),
        (
            "en",
            "Kazakhstan will not recognize Crimea.",
            ("Kazakhstan", "recognizes", "Crimea"),
            "negative",
            "asserted",
        ),
        ("en", "Russia wants to annex Crimea.", ("Russia", "annexes", "Crimea"), "positive", "intended"),
        ("en", "Russia plans to invade Georgia.", ("Russia", "invades", "Georgia"), "positive", "intended"),
        ("en", "Russia may attack Ukraine.", ("Russia", "attacks", "Ukraine"), "positive", "possible"),
        ("en", "Russia could invade Georgia.", ("Russia", "invades", "Georgia"), "positive", "possible"),
        (
            "fr",
            "La Russie pourrait attaquer l'Ukraine.",
            ("Russia", "attacks", "Ukraine"),
            "positive",
            "possible",
        ),
        (
            "de",
            "Russland will die Ukraine angreifen.",
            ("Russia", "attacks", "Ukraine"),
            "positive",
            "intended",
        ),
        ("pl", "Kazachstan nie uznał Krymu.", ("Kazakhstan", "recognizes", "Crimea"), "negative", "asserted"),
    ],
)
def test_negation_and_modality(extractor, lang, text, relation, polarity, modality) -> None:
    """Each relation comes out once, with exactly this polarity and modality."""
    found = triples(extractor, lang, text)
    variants = {t[3:] for t in found if t[:3] == relation}
    assert variants == {(polarity, modality)}, found


def test_requested_modality(extractor) -> None:
    """ "X urged Y to sanction Z": the urging is asserted, the sanction only requested."""
    found = triples(extractor, "en", "Poland urged Germany to sanction Russia.")
    assert ("Poland", "urges", "Germany", "positive", "asserted") in found, found
    sanctions = {(t[2], t[3], t[4]) for t in found if t[1] == "sanctions"}
    assert sanctions == {("Russia", "positive", "requested")}, found


def test_overlong_names_are_dropped_at_extraction(extractor) -> None:
    """A run of capitalised words longer than MAX_NAME_CHARS is no name (issue 11, item 13)."""
    from kg_builder.extract.mentions import MAX_NAME_CHARS

    run = " ".join(["Xylofon"] * 40)  # 319 characters, one capitalised run
    assert len(run) > MAX_NAME_CHARS
    text = f"Russland hat die Ukraine angegriffen. Gestern sprach {run} mit Olaf Scholz lange."
    article = Article(id=content_hash(text), text=text, source="t", lang="de")
    result = extractor.extract(get_pipeline("de")(text), article)
    assert result.mentions and all(len(m.label) <= MAX_NAME_CHARS for m in result.mentions)
    labels = {m.label for m in result.mentions}
    assert {"Russia", "Ukraine"} <= labels and "Olaf Scholz" in labels, labels
    assert not any("Xylofon" in m.text for m in result.mentions)


def test_role_phrase_stands_for_the_office_holder(extractor) -> None:
    found = triples(extractor, "fr", "Le président de la France, Emmanuel Macron, a rencontré Xi Jinping.")
    assert ("Emmanuel Macron", "holdsRole", "France") in {t[:3] for t in found}
    assert ("Emmanuel Macron", "meets", "Xi Jinping") in {t[:3] for t in found}


def test_event_date_uses_the_article_date(extractor) -> None:
    text = "Putin visited Astana on 9 November."
    article = Article(id=content_hash(text), text=text, source="t", lang="en", published="2023-11-10")
    result = extractor.extract(get_pipeline("en")(text), article)
    assert {a.date for a in result.assertions} == {"2023-11-09"}
