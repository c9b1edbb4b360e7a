"""Reference: definite descriptions that stand for a country named before them.

"Mr Sunak then headed to Estonia where he signed a partnership with the country's
Prime Minister": *the country* is Estonia. A description from the list below takes
the key of the nearest country mentioned before it (at most ``_REACH`` characters
back), so it can be a relation argument; relations through it get a lower confidence
(the rules multiply by :data:`REFERENCE_CONFIDENCE`).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from kg_builder.extract.mentions import FoundMention
from kg_builder.extract.words import doc_words
from kg_builder.models import Mention

#: Confidence factor of a relation whose argument was resolved by reference.
REFERENCE_CONFIDENCE = 0.8
_REACH = 400

#: Word sequences (lower case) that refer back to a country.
_DESCRIPTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("the", "country"), ("this", "country"), ("that", "country"), ("the", "government")),
    "fr": (("le", "pays"), ("ce", "pays"), ("le", "gouvernement")),
    "de": (
        ("das", "land"),
        ("dem", "land"),
        ("des", "landes"),
        ("diesem", "land"),
        ("dieses", "land"),
        ("die", "regierung"),
        ("der", "regierung"),
    ),
    "es": (("el", "país"), ("este", "país"), ("ese", "país"), ("el", "gobierno")),
    "it": (("il", "paese"), ("questo", "paese"), ("quel", "paese"), ("il", "governo")),
    "pl": (("ten", "kraj"), ("tego", "kraju"), ("tym", "kraju"), ("temu", "krajowi")),
    "ru": (("эта", "страна"), ("этой", "страны"), ("этой", "стране"), ("эту", "страну")),
    "uk": (("ця", "країна"), ("цієї", "країни"), ("цій", "країні"), ("цю", "країну")),
}


def country_references(doc: Doc, found: Sequence[FoundMention], lang: str) -> list[FoundMention]:
    """Mentions for the definite descriptions of ``doc`` that follow a country mention.

    ``found`` are the article's mentions sorted by position; descriptions overlapping
    one of them are left alone.
    """
    phrases = _DESCRIPTIONS.get(lang, ())
    if not phrases:
        return []
    taken = {i for f in found for i in range(f.span.start, f.span.end)}
    countries = [f for f in found if f.mention.type == "Country"]
    out: list[FoundMention] = []
    lowers = doc_words(doc).lowers
    firsts = {phrase[0] for phrase in phrases}
    for i in range(len(doc)):
        if lowers[i] not in firsts:
            continue
        for phrase in phrases:
            end = i + len(phrase)
            if tuple(lowers[i:end]) != phrase or any(k in taken for k in range(i, end)):
                continue
            span = doc[i:end]
            antecedent = next(
                (
                    c
                    for c in reversed(countries)
                    if c.span.end <= i and span.start_char - c.mention.end <= _REACH
                ),
                None,
            )
            if antecedent is None:
                continue
            target = antecedent.mention
            out.append(
                FoundMention(
                    Mention(
                        text=span.text,
                        start=span.start_char,
                        end=span.end_char,
                        type=target.type,
                        key=target.key,
                        label=target.label,
                        qid=target.qid,
                        source=target.source,
                    ),
                    span,
                    "reference",
                )
            )
    return out


#: First-person phrases that stand for the speaker's country: "our country", "nasz kraj",
#: and the subject pronoun "we" (a minister's "we" is the government).
_OWN_COUNTRY: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("our", "country"), ("our", "nation"), ("we",)),
    "fr": (("notre", "pays"), ("notre", "nation"), ("nous",)),
    "de": (("unser", "land"), ("unserem", "land"), ("unseres", "landes"), ("wir",)),
    "es": (("nuestro", "país"), ("nuestra", "nación"), ("nosotros",)),
    "it": (("nostro", "paese"), ("nostra", "nazione"), ("noi",)),
    "pl": (
        ("nasz", "kraj"),
        ("naszego", "kraju"),
        ("naszemu", "krajowi"),
        ("naszym", "kraju"),
        ("naszym", "krajem"),
        ("nasze", "państwo"),
        ("naszego", "państwa"),
        ("naszym", "państwie"),
        ("my",),
    ),
    "ru": (("наша", "страна"), ("нашей", "страны"), ("нашей", "стране"), ("нашу", "страну"), ("мы",)),
    "uk": (("наша", "країна"), ("нашої", "країни"), ("нашій", "країні"), ("нашу", "країну"), ("ми",)),
}


def own_country_references(
    sent: Span, found: Sequence[FoundMention], country: Mention | None, lang: str
) -> list[FoundMention]:
    """ "our country", "we" in ``sent`` as ``country``: the speaker's (the caller knows whose).

    Phrases overlapping a mention in ``found`` are left alone.
    """
    phrases = _OWN_COUNTRY.get(lang, ())
    if country is None or not phrases:
        return []
    taken = {i for f in found for i in range(f.span.start, f.span.end)}
    lowers = doc_words(sent.doc).lowers[sent.start : sent.end]
    out: list[FoundMention] = []
    for i in range(len(lowers)):
        for phrase in phrases:
            end = i + len(phrase)
            start = sent.start + i
            if tuple(lowers[i:end]) != phrase or any(k in taken for k in range(start, sent.start + end)):
                continue
            span = sent.doc[start : sent.start + end]
            mention = Mention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                type=country.type,
                key=country.key,
                label=country.label,
                qid=country.qid,
                source=country.source,
            )
            out.append(FoundMention(mention, span, "reference"))
            break
    return out
