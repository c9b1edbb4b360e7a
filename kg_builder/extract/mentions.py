"""Find entity mentions in a parsed article.

Three sources, in order of trust, never overlapping:

1. the actor dictionary (countries, capitals and metonyms, leaders,
   organisations, demonyms) - canonical keys straight away;
2. statistical NER where the language has a model (en, fr);
3. for languages without NER, runs of capitalised words that are not at the
   start of a sentence (or are long enough to be a name anywhere), typed by
   the role or organisation words around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg_builder.actors import ActorMatch
from kg_builder.models import Mention

# spaCy NER labels (OntoNotes for English, WikiNER for French) -> entity type.
NER_TYPES: dict[str, str] = {
    "PERSON": "Person",
    "PER": "Person",
    "ORG": "Organization",
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Facility",
    "NORP": "Group",
}

# Words that make an unknown capitalised name an organisation, in the
# supported languages (lower case, prefix match so inflections count).
_ORG_WORDS = (
    "ministry",
    "minist",
    "committee",
    "comit",
    "komitet",
    "комитет",
    "комітет",
    "institut",
    "instytut",
    "istitut",
    "instituto",
    "институт",
    "інститут",
    "union",
    "unia",
    "unione",
    "unión",
    "союз",
    "council",
    "conseil",
    "consiglio",
    "rada",
    "rat",
    "совет",
    "рада",
    "department",
    "departament",
    "dipartimento",
    "département",
    "agency",
    "agence",
    "agenzia",
    "agencja",
    "agentur",
    "agencia",
    "агентство",
    "tribunal",
    "tribunale",
    "trybunał",
    "court",
    "cour",
    "corte",
    "sąd",
    "gericht",
    "суд",
    "party",
    "parti",
    "partito",
    "partia",
    "partei",
    "partido",
    "партия",
    "партія",
    "bank",
    "banque",
    "banca",
    "banco",
    "банк",
    "organization",
    "organisation",
    "organizzazione",
    "organizacja",
    "organización",
    "организация",
    "організація",
    "strategies",
    "service",
    "servizio",
    "służb",
    "dienst",
    "служба",
    "forum",
    "fund",
    "fonds",
    "fondo",
    "fundusz",
    "фонд",
    "parliament",
    "parlement",
    "parlamento",
    "parlament",
    "парламент",
    "duma",
    "дума",
    "news",
    "times",
    "journal",
    "pravda",
    "corporation",
    "company",
    "group",
    "gruppo",
    "grupa",
    "gruppe",
    "grupo",
)
_ACRONYM = re.compile(r"^[A-ZА-ЯЁЄІЇ]{3,6}$")
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÞĀ-ſА-ЯЁЄІЇҐ][\w'’.-]*$")
_CONNECTORS = frozenset(
    {
        "of",
        "for",
        "the",
        "de",
        "du",
        "des",
        "d'",
        "d’",
        "la",
        "le",
        "l'",
        "l’",
        "di",
        "del",
        "della",
        "dell'",
        "dell’",
        "per",
        "e",
        "et",
        "and",
        "y",
        "und",
        "für",
        "der",
        "dla",
        "i",
    }
)


@dataclass(frozen=True, slots=True)
class FoundMention:
    """A mention with the token span it covers (for relation extraction)."""

    mention: Mention
    span: Span
    kind: str  # "name", "metonym", "demonym", "people", "acronym", "ner", "pattern"


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _overlaps(span: Span, taken: bytearray) -> bool:
    """True when a token of ``span`` is already part of a mention (linear in the span, not the doc)."""
    return any(taken[span.start : span.end])


def _take(span: Span, taken: bytearray) -> None:
    taken[span.start : span.end] = b"\x01" * (span.end - span.start)


def find_mentions(doc: Doc, *, matches: Sequence[ActorMatch], has_ner: bool) -> list[FoundMention]:
    """All mentions in ``doc``, sorted by position, without overlaps.

    ``matches`` are the actor dictionary's matches in ``doc.text``.
    """
    found: list[FoundMention] = []
    taken = bytearray(len(doc))  # one flag per token: part of a mention already
    for match in matches:
        span = _span(doc, match.start, match.end)
        if span is None or _overlaps(span, taken):
            continue
        entry = match.entry
        kind = match.kind if match.kind in ("demonym", "people") or not _is_modifier(span) else "modifier"
        found.append(
            FoundMention(
                Mention(
                    text=match.surface,
                    start=match.start,
                    end=match.end,
                    type=entry.type,
                    key=entry.key,
                    label=entry.label,
                    qid=entry.qid,
                    source="dictionary",
                ),
                span,
                kind,
            )
        )
        _take(span, taken)
    candidates: Iterable[tuple[Span, str]]
    if has_ner:
        candidates = ((ent, NER_TYPES[ent.label_]) for ent in doc.ents if ent.label_ in NER_TYPES)
    else:
        candidates = _capitalised_runs(doc)
    for span, type_ in candidates:
        span = _trim(span)
        if span is None or _overlaps(span, taken) or not _plausible(span):
            continue
        text = span.text
        if type_ != "Person" and any(t.lower_.startswith(_ORG_WORDS) for t in span):
            type_ = "Organization"
        # "its Asian neighbour": an adjective names no actor that could act or suffer.
        kind = (
            "modifier" if _is_modifier(span) or span.root.pos_ == "ADJ" else ("ner" if has_ner else "pattern")
        )
        found.append(
            FoundMention(
                Mention(
                    text=text,
                    start=span.start_char,
                    end=span.end_char,
                    type=type_,
                    key=f"{type_}:{text}",
                    label=text,
                    source="ner" if has_ner else "pattern",
                ),
                span,
                kind,
            )
        )
        _take(span, taken)
    for token in doc:
        # Acronyms the dictionary does not know ("LDNR", "KNB") name organisations or
        # entities; an all-capitals headline is no acronym list.
        if not _ACRONYM.match(token.text) or _overlaps(doc[token.i : token.i + 1], taken):
            continue
        sent = token.sent
        if sum(t.is_upper for t in sent) * 2 > len(sent):
            continue
        span = doc[token.i : token.i + 1]
        found.append(
            FoundMention(
                Mention(
                    text=token.text,
                    start=token.idx,
                    end=token.idx + len(token.text),
                    type="Organization",
                    key=f"Organization:{token.text}",
                    label=token.text,
                    source="pattern",
                ),
                span,
                "acronym",
            )
        )
        _take(span, taken)
    found.sort(key=lambda f: f.span.start)
    return found


def _is_modifier(span: Span) -> bool:
    """'its Asian neighbour', 'the Caspian oil terminals': a name modifying a noun is no actor."""
    root = span.root
    if root.dep_ == "amod":
        return True
    return root.dep_ == "compound" and root.head.i >= span.end and root.head.pos_ == "NOUN"


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and trailing punctuation or possessive 's."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in _CONNECTORS or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "s’", "s'")):
        end -= 1
    return doc[start:end] if end > start else None


def _plausible(span: Span) -> bool:
    """Reject NER noise: numbers, lowercase words, single letters, URLs."""
    text = span.text
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return "http" not in text and "@" not in text


def _capitalised_runs(doc: Doc) -> Iterable[tuple[Span, str]]:
    """Runs of capitalised tokens (with inner connectors) for languages without NER."""
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            token = doc[i]
            if not _NAME_TOKEN.match(token.text) or token.is_stop and token.i == sent.start:
                i += 1
                continue
            j = i + 1
            while j < sent.end:
                nxt = doc[j]
                if _NAME_TOKEN.match(nxt.text):
                    j += 1
                elif nxt.lower_ in _CONNECTORS and j + 1 < sent.end and _NAME_TOKEN.match(doc[j + 1].text):
                    j += 2
                else:
                    break
            span = doc[i:j]
            # A lone capitalised word is too often a sentence start, a title
            # word or a common noun in German; only multi-word runs are names.
            if len(span) >= 2:
                org = any(t.lower_.startswith(_ORG_WORDS) for t in span)
                yield span, "Organization" if org else "Person"
            i = j
