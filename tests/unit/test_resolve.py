"""Entity resolution across articles, languages, scripts and inflections."""

from __future__ import annotations

from kg_builder.actors import default_dictionary
from kg_builder.models import Article, ArticleResult, Mention
from kg_builder.rdf.read import EntityRecord
from kg_builder.resolve import Resolver, skeleton_tokens


def result(lang: str, *mentions: tuple[str, str]) -> ArticleResult:
    article = Article(id=f"{lang}{len(mentions)}", text="x", source="s", lang=lang)
    return ArticleResult(
        article=article,
        mentions=tuple(
            Mention(text=text, start=0, end=len(text), type=type_, key=f"{type_}:{text}", label=text)
            for text, type_ in mentions
        ),
    )


def resolve(*results: ArticleResult, known=()) -> dict:
    resolver = Resolver(actors=default_dictionary(), known=known)
    for r in results:
        resolver.add(r)
    return resolver.resolve()


def test_spelling_variants_share_a_skeleton() -> None:
    forms = ["Tokayev", "Tokaïev", "Tokajew", "Tokaev", "Токаев", "Toqaev"]
    assert len({skeleton_tokens(f) for f in forms}) == 1
    assert skeleton_tokens("Blinkenem", slavic=True) == skeleton_tokens("Blinken")


def test_surname_joins_the_full_name_across_articles() -> None:
    entities = resolve(result("it", ("Alnur Musaev", "Person")), result("en", ("Musaev", "Person")))
    assert entities["Person:Musaev"].key == entities["Person:Alnur Musaev"].key
    assert entities["Person:Musaev"].label == "Alnur Musaev"


def test_inflected_polish_name_joins() -> None:
    entities = resolve(
        result("pl", ("Anthonym Blinkenem", "Person")), result("en", ("Anthony Blinken", "Person"))
    )
    assert entities["Person:Anthonym Blinkenem"].key == entities["Person:Anthony Blinken"].key


def test_ner_type_disagreement_resolves_to_the_person() -> None:
    entities = resolve(result("en", ("Lisyansky", "Person")), result("fr", ("Lisyansky", "Location")))
    merged = entities["Location:Lisyansky"]
    assert merged.key == entities["Person:Lisyansky"].key and merged.type == "Person"


def test_organisation_short_name_is_not_a_longer_one() -> None:
    entities = resolve(result("en", ("Labour", "Organization"), ("Welsh Labour", "Organization")))
    assert entities["Organization:Labour"].key != entities["Organization:Welsh Labour"].key


def test_ambiguous_surname_stays_apart() -> None:
    entities = resolve(result("en", ("Mark Smith", "Person"), ("Anna Smith", "Person"), ("Smith", "Person")))
    keys = {entities[k].key for k in ("Person:Mark Smith", "Person:Anna Smith", "Person:Smith")}
    assert len(keys) == 3  # two candidates: no guess


def test_stored_entities_keep_their_keys() -> None:
    known = [EntityRecord("iri", "Person:Alnur Musaev", "Alnur Musaev", "Person", None)]
    entities = resolve(result("en", ("Musaev", "Person")), known=known)
    assert entities["Person:Musaev"].key == "Person:Alnur Musaev"


def test_spellings_differing_in_case_are_one_entity() -> None:
    # Keys differing only in case share one IRI: two entities there would give it two labels.
    entities = resolve(
        result("en", ("Covid-19", "Concept")),  # another type with the same tokens comes first
        result("en", ("Covid-19", "Location")),
        result("pl", ("COVID-19", "Location")),
        result("en", ("Covid-19", "Location"), ("covid-19", "Location")),
    )
    assert entities["Location:COVID-19"].key == entities["Location:Covid-19"].key
    assert entities["Location:covid-19"].key == entities["Location:Covid-19"].key
