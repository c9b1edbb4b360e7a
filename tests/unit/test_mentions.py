"""Mentions where no NER runs: capitalised runs, surnames, titles, places."""

from __future__ import annotations

import pytest

from kg_builder.actors import default_dictionary
from kg_builder.extract.mentions import find_mentions
from kg_builder.nlp import get_pipeline


@pytest.fixture(scope="module")
def actors():
    return default_dictionary()


def mentions(
    actors, lang: str, text: str, titles: frozenset[str] = frozenset()
) -> dict[str, tuple[str, str]]:
    doc = get_pipeline(lang)(text)
    found = find_mentions(doc, matches=actors.match(text, lang), has_ner=False, titles=titles)
    return {f.mention.text: (f.mention.type, f.mention.label) for f in found}


ITALIAN = "Marco Ferri riceve Lundqvist a Milano. Poi Ferri parte con Erik Lundqvist."


@pytest.mark.parametrize(
    ("lang", "text", "surface", "label"),
    [
        (
            "it",
            "Marco Ferri riceve Lundqvist a Milano. Poi Ferri parte con Erik Lundqvist.",
            "Ferri",
            "Marco Ferri",
        ),
        (
            "it",
            "Marco Ferri riceve Lundqvist a Milano. Poi Ferri parte con Erik Lundqvist.",
            "Lundqvist",
            "Erik Lundqvist",
        ),
        (
            "pl",
            "Jan Kowalczyk przyjechał. Spotkanie z Kowalczykiem trwało godzinę.",
            "Kowalczykiem",
            "Jan Kowalczyk",
        ),
    ],
)
def test_a_lone_surname_is_the_person_named_in_full(actors, lang, text, surface, label) -> None:
    found = mentions(actors, lang, text)
    assert found.get(surface) == ("Person", label), found


def test_title_and_dictionary_match_are_cut_from_a_name(actors) -> None:
    found = mentions(actors, "de", "Serbiens Präsident Marko Petrović reiste ab.", frozenset({"präsident"}))
    assert found.get("Marko Petrović") == ("Person", "Marko Petrović"), found


def test_sentence_initial_common_word_is_no_part_of_a_name(actors) -> None:
    found = mentions(actors, "pl", "Decyzja Komisji Europejskiej zapadła wczoraj.")
    assert not any(text.startswith("Decyzja") for text in found), found


def test_german_noun_phrases_are_no_names(actors) -> None:
    found = mentions(actors, "de", "Angesichts der Eskalation des Konflikts warnte er.")
    assert not any(kind == "Person" for kind, _ in found.values()), found


@pytest.mark.parametrize(
    ("lang", "text", "surface"),
    [
        ("en", "She urged the Egyptian government to act.", "Egyptian government"),
        ("fr", "Le gouvernement français a protesté.", "gouvernement français"),
        ("de", "Die russische Regierung schwieg.", "russische Regierung"),
    ],
)
def test_a_demonym_with_a_government_noun_is_the_country(actors, lang, text, surface) -> None:
    doc = get_pipeline(lang)(text)
    found = find_mentions(doc, matches=actors.match(text, lang), has_ner=lang in ("en", "fr"))
    by_text = {f.mention.text: f for f in found}
    assert surface in by_text and by_text[surface].mention.type == "Country", by_text
    assert by_text[surface].kind != "demonym"


@pytest.mark.parametrize(
    ("lang", "text", "name", "not_a_name"),
    [
        # Sentence-case institution names: head, lower-case words, a demonym, their country.
        (
            "it",
            "Parla l'ex capo del Comitato per la sicurezza nazionale della Georgia, Levan Abashidze.",
            "Comitato per la sicurezza nazionale della Georgia",
            "Georgia",
        ),
        ("it", "Il portavoce dell’Esercito nazionale libico ha parlato.", "Esercito nazionale libico", None),
        (
            "es",
            "El Ministerio de asuntos exteriores fue creado en 1990.",
            "Ministerio de asuntos exteriores",
            None,
        ),
        ("fr", "Le chef de l'Autorité palestinienne est arrivé.", "Autorité palestinienne", None),
        # A verb ends the name; a head alone is no name.
        ("it", "Il Consiglio di sicurezza ha deciso di non firmare.", "Consiglio di sicurezza", None),
        ("it", "Poi il Consiglio ha deciso.", None, "Consiglio ha deciso"),
    ],
)
def test_sentence_case_institution_names(actors, lang, text, name, not_a_name) -> None:
    doc = get_pipeline(lang)(text)
    found = find_mentions(doc, matches=actors.match(text, lang), has_ner=lang == "fr", lang=lang)
    names = {f.mention.text: f.mention.type for f in found}
    if name is not None:
        assert names.get(name) == "Organization", names
    if not_a_name is not None:
        assert not_a_name not in names, names


def test_a_preposition_after_an_opening_quote_is_no_part_of_a_name(actors) -> None:
    names = mentions(actors, "pl", "„W Tybindze jest dziś zimno”, powiedział Jan Kowalski.")
    assert not any(name.startswith("W ") for name in names), names


def test_a_number_ends_a_name_that_is_no_person(actors) -> None:
    names = mentions(actors, "pl", "Gazociąg Baltic Pipe 2 ma być gotowy pod koniec roku.")
    assert names.get("Baltic Pipe 2", ("",))[0] == "Organization", names
