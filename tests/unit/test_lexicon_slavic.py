"""Slavic lexicon breadth (issue 8, item 4): support-verb nominal events and aspect pairs.

Polish, Russian and Ukrainian have no parser here: arguments come from lemma
windows, so a nominal event ("удары по", "poparcie dla") only gets its agent
when the support verb is part of the trigger ("наносить удары по", "udzielić
poparcia"). Each sentence is written for this test (none is from a gold set)
and goes through the real pipeline (Morfeusz for pl, pymorphy3 for ru/uk).
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


def relations(extractor: RuleBasedExtractor, lang: str, text: str) -> set[tuple[str, str, str, str]]:
    article = Article(id=content_hash(text), text=text, source="t", lang=lang, published="2022-11-20")
    result = extractor.extract(get_pipeline(lang)(text), article)
    labels = {m.key: m.label for m in result.mentions}
    return {
        (labels.get(a.subject, a.subject), a.predicate, labels.get(a.object, a.object), a.polarity)
        for a in result.assertions
        if a.plover is not None
    }


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # Russian: support verbs in both aspects, nominal events with their preposition.
        ("ru", "Франция оказывает поддержку Молдавии.", ("France", "supports", "Moldova")),
        ("ru", "Израиль наносит удары по Ливану.", ("Israel", "attacks", "Lebanon")),
        ("ru", "Турция выдвинула требования к Швеции.", ("Turkey", "demandsFrom", "Sweden")),
        ("ru", "Китай предостерег Японию.", ("China", "warns", "Japan")),
        ("ru", "Вашингтон снимает санкции с Венесуэлы.", ("United States", "liftsSanctionsOn", "Venezuela")),
        ("ru", "Индия наладила отношения с Китаем.", ("India", "cooperatesWith", "China")),
        ("ru", "Армения провела переговоры с Азербайджаном.", ("Armenia", "negotiatesWith", "Azerbaijan")),
        ("ru", "Россия возложила вину на Грузию.", ("Russia", "blames", "Georgia")),
        # Polish: Morfeusz lemmas, verbal nouns lemmatized to their verb.
        ("pl", "Chiny wywierają nacisk na Tajwan.", ("China", "pressures", "Taiwan")),
        ("pl", "Niemcy udzielają poparcia Litwie.", ("Germany", "supports", "Lithuania")),
        ("pl", "Rosja rozpętała wojnę z Gruzją.", ("Russia", "fightsWith", "Georgia")),
        ("pl", "Serbia osiągnęła porozumienie z Kosowem.", ("Serbia", "agreesWith", "Kosovo")),
        ("pl", "Unia Europejska rozszerzyła sankcje wobec Iranu.", ("European Union", "sanctions", "Iran")),
        ("pl", "Litwa wyraziła solidarność z Łotwą.", ("Lithuania", "supports", "Latvia")),
        ("pl", "Japonia udziela pomocy Turcji.", ("Japan", "aids", "Turkey")),
        # Ukrainian, including the straight apostrophe that pymorphy3 does not lemmatize.
        ("uk", "Польща надала підтримку Україні.", ("Poland", "supports", "Ukraine")),
        ("uk", "Росія розв'язала агресію проти Грузії.", ("Russia", "attacks", "Georgia")),
        ("uk", "Росія розвʼязала агресію проти Грузії.", ("Russia", "attacks", "Georgia")),
        ("uk", "Ізраїль завдає ударів по Газі.", ("Israel", "attacks", "Gaza Strip")),
        ("uk", "Туреччина досягла домовленості з Грецією.", ("Turkey", "agreesWith", "Greece")),
        ("uk", "Литва відкликала посла з Ізраїлю.", ("Lithuania", "cutsTiesWith", "Israel")),
        ("uk", "Франція відправила війська до Румунії.", ("France", "deploysTo", "Romania")),
        ("uk", "Пекін застеріг Вашингтон.", ("China", "warns", "United States")),
    ],
)
def test_new_slavic_triggers(extractor, lang, text, expected) -> None:
    found = relations(extractor, lang, text)
    assert (*expected, "positive") in found, found


@pytest.mark.parametrize(
    ("lang", "text", "relation"),
    [
        ("ru", "Израиль не наносил ударов по Ливану.", ("Israel", "attacks", "Lebanon")),
        ("pl", "Niemcy nie udzieliły poparcia Litwie.", ("Germany", "supports", "Lithuania")),
        ("uk", "Польща не надала підтримки Угорщині.", ("Poland", "supports", "Hungary")),
    ],
)
def test_negated_support_verb_events(extractor, lang, text, relation) -> None:
    """Negation before the support verb negates the whole nominal event."""
    found = relations(extractor, lang, text)
    assert (*relation, "negative") in found, found
    assert (*relation, "positive") not in found, found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # A person leaving a post or a country is no RETREAT: "покинуть" is not a trigger.
        ("ru", "Джонсон покинул пост главы МИД Великобритании."),
        # Talking *about* someone is no CONSULT with them: "обговорювати" is not a trigger.
        ("uk", "Польща обговорює Росію."),
        # A bill "returned to" a chamber is no appeal: imperfective "zwracać" is not a trigger.
        ("pl", "Ustawa była zwracana do Sejmu przez Senat."),
    ],
)
def test_ambiguous_words_left_out(extractor, lang, text) -> None:
    assert relations(extractor, lang, text) == set()
