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
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg_builder.actors import NOT_AN_ENTITY, ActorMatch, name_type
from kg_builder.extract.words import doc_words
from kg_builder.models import Mention
from kg_builder.nlp.morph import is_common_noun
from kg_builder.nlp.startup import is_known

#: Longest name (characters) a mention found by NER, capitalisation or a concept pattern
#: may have. Longer spans are dropped, not truncated: a 200-character "name" is NER noise
#: (a run-on heading, a blob of capitalised tokens), and cutting it would invent a name.
#: It also keeps entity keys, labels and IRIs far below Neo4j's index limits.
MAX_NAME_CHARS = 200

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
ORG_WORDS = (
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


#: Prepositions of place: a capital after one is a place, not its government.
LOCATIVES = frozenset("in at à a en dans nel nella in im nach w we na в во у на".split())


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _overlaps(span: Span, taken: bytearray) -> bool:
    """True when a token of ``span`` is already part of a mention (linear in the span, not the doc)."""
    return any(taken[span.start : span.end])


def _take(span: Span, taken: bytearray) -> None:
    taken[span.start : span.end] = b"\x01" * (span.end - span.start)


def find_mentions(
    doc: Doc,
    *,
    matches: Sequence[ActorMatch],
    has_ner: bool,
    titles: frozenset[str] = frozenset(),
    lang: str | None = None,
) -> list[FoundMention]:
    """All mentions in ``doc``, sorted by position, without overlaps.

    ``matches`` are the actor dictionary's matches in ``doc.text``; ``titles`` are
    lemmas of role nouns ("präsident", "premier"), which are no part of a name.
    """
    lang = lang or doc.lang_
    found: list[FoundMention] = []
    taken = bytearray(len(doc))  # one flag per token: part of a mention already
    for match in matches:
        span = _span(doc, match.start, match.end)
        if span is None or _overlaps(span, taken):
            continue
        entry = match.entry
        if entry.type == "Person" and match.kind == "name":
            span = _with_given_names(span, entry.label, taken)
        kind = match.kind if match.kind in ("demonym", "people") or not _is_modifier(span) else "modifier"
        if (
            kind == "metonym"
            and span.start > 0
            and doc[span.start - 1].lower_ in LOCATIVES
            and not _directional(match, lang)
        ):
            kind = "modifier"  # "a Roma", "in Moscow", "w Brukseli": where it happened, not who acted
        found.append(
            FoundMention(
                Mention(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
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
    found.extend(_sentence_case_organisations(doc, found, taken, lang))
    candidates: Iterable[tuple[Span, str]]
    if has_ner:
        candidates = ((ent, NER_TYPES[ent.label_]) for ent in doc.ents if ent.label_ in NER_TYPES)
    else:
        candidates = _capitalised_runs(doc)
    for span, type_ in candidates:
        if not has_ner:
            span = _untaken_tail(span, taken, titles)
        span = _trim(span) if span is not None else None
        if span is None or _overlaps(span, taken) or not _plausible(span):
            continue
        hinted = name_type([t.text for t in span], lang)
        if hinted == NOT_AN_ENTITY:
            continue  # "État", "Monsieur", "Montag und Dienstag"
        if hinted is not None:
            type_ = hinted  # "Labour", "Frente Polisario": organisations, not persons
        elif type_ != "Person" and any(t.lower_.startswith(ORG_WORDS) for t in span):
            type_ = "Organization"
        elif type_ == "Person" and not has_ner and is_common_noun(span[0].text, lang):
            type_ = "Organization"  # "Frontu Narodowego", "Ligi Północnej": a common noun heads it
        # "its Asian neighbour": an adjective names no actor that could act or suffer.
        kind = (
            "modifier" if _is_modifier(span) or span.root.pos_ == "ADJ" else ("ner" if has_ner else "pattern")
        )
        found.append(FoundMention(name_mention(span, type_, "ner" if has_ner else "pattern"), span, kind))
        _take(span, taken)
    if not has_ner:
        found.extend(_surnames(doc, found, taken))
    for i, text in enumerate(doc_words(doc).texts):
        # Acronyms the dictionary does not know ("LDNR", "KNB") name organisations or
        # entities; an all-capitals headline is no acronym list.
        if not _ACRONYM.match(text) or taken[i]:
            continue
        token = doc[i]
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
    return [_governments(doc, f) for f in found]


#: Nouns for a state's government: with a demonym ("the Egyptian government", "le
#: gouvernement malien", "die russische Regierung") they name the country as an actor.
GOVERNMENT_NOUNS = frozenset(
    """
    government authorities administration regime officials
    gouvernement autorités administration régime responsables
    regierung behörden administration regime
    gobierno autoridades administración régimen
    governo autorità amministrazione regime
    rząd rządu rządem władze administracja reżim
    правительство власти администрация режим
    уряд влада адміністрація режим
    """.split()
)


#: Heads of institution names that French, Italian and Spanish write in sentence case:
#: "Comitato per la sicurezza nazionale del Kazakistan", "Conseil de sécurité nationale".
_INSTITUTION_HEADS = {
    "fr": frozenset(
        "comité conseil ministère gouvernement armée commission autorité agence service institut "
        "université parti cour tribunal banque fonds communauté assemblée direction garde front".split()
    ),
    "it": frozenset(
        "comitato consiglio ministero governo esercito commissione autorità agenzia servizio istituto "
        "università partito corte tribunale banca fondo comunità assemblea direzione guardia fronte".split()
    ),
    "es": frozenset(
        "comité consejo ministerio gobierno ejército comisión autoridad agencia servicio instituto "
        "universidad partido corte tribunal banco fondo comunidad asamblea dirección guardia frente".split()
    ),
}
#: Lower-case words inside such a name: prepositions, articles and conjunctions.
_NAME_LINKS = frozenset(
    "de des du d' d’ la le l' l’ di del della dello dei delle per e et y para pour".split()
)


def _sentence_case_organisations(
    doc: Doc, found: list[FoundMention], taken: bytearray, lang: str
) -> list[FoundMention]:
    """Institution names in sentence case, which neither capitalisation nor NER delimit: a
    capitalised head, lower-case words, and the country they belong to ("del Kazakistan").

    Returns the new names; the mentions a name absorbs are taken out of ``found`` and
    their tokens freed in ``taken``.
    """
    heads = _INSTITUTION_HEADS.get(lang)
    if not heads:
        return []
    by_start = {f.span.start: f for f in found}
    out: list[FoundMention] = []
    for i, lower in enumerate(doc_words(doc).lowers):
        if lower not in heads or taken[i]:
            continue
        token = doc[i]
        if not token.text[:1].isupper() or token.is_sent_start:
            continue
        j = token.i + 1
        inner: list[FoundMention] = []  # "palestinienne", "del Kazakistan": mentions the name absorbs
        linked = False
        while j < len(doc) and j - token.i <= 8 and not doc[j].is_sent_start:
            word = doc[j]
            f = by_start.get(j)
            if f is not None and (
                f.kind == "demonym" or f.mention.type == "Country" and doc[j - 1].lower_ in _NAME_LINKS
            ):
                inner.append(f)
                j = f.span.end
                if f.kind != "demonym":
                    break  # the country ends the name
                continue
            if word.lower_ in _NAME_LINKS:
                j += 1
                continue
            if (
                taken[j]
                or not word.is_alpha
                or not word.text.islower()
                # short function words ("che", "qui", "que"); spaCy's Italian list has "nazionale"
                or (word.is_stop and len(word) <= 5)
                or _verb_like(word, lang)
            ):
                break
            linked = linked or doc[j - 1].lower_ in _NAME_LINKS
            j += 1
        while j > token.i + 1 and doc[j - 1].lower_ in _NAME_LINKS:
            j -= 1
        if j - token.i < 2 or not (linked or inner):
            continue  # "Consiglio ha deciso", "Comitato centrale": too little to be sure of a name
        span = doc[token.i : j]
        for f in inner:
            if f.span.end <= j:
                found.remove(f)
                taken[f.span.start : f.span.end] = bytes(len(f.span))
        out.append(FoundMention(name_mention(span, "Organization", "pattern"), span, "pattern"))
        _take(span, taken)
    return out


_INFINITIVE_ENDINGS = {"it": ("are", "ere", "ire", "rre"), "es": ("ar", "er", "ir")}


def _verb_like(token: Token, lang: str) -> bool:
    """A verb or participle: by its tag where there is one, else by a lemma that is an infinitive."""
    if token.pos_:
        return token.pos_ in ("VERB", "AUX")
    lemma = token.lemma_.lower()
    return lemma != token.lower_ and lemma.endswith(_INFINITIVE_ENDINGS.get(lang, ("\0",)))


def name_mention(span: Span, type_: str, source: str) -> Mention:
    """A mention of a name no dictionary knows: keyed by its type and text."""
    return Mention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        type=type_,
        key=f"{type_}:{span.text}",
        label=span.text,
        source=source,
    )


def _governments(doc: Doc, f: FoundMention) -> FoundMention:
    """A demonym beside a government noun is the country acting: one mention over both words."""
    if f.kind != "demonym" or f.mention.type != "Country":
        return f
    start, end = f.span.start, f.span.end
    if end < len(doc) and doc[end].lower_ in GOVERNMENT_NOUNS:
        end += 1
    elif start > 0 and doc[start - 1].lower_ in GOVERNMENT_NOUNS:
        start -= 1  # "le gouvernement français"
    else:
        return f
    span = doc[start:end]
    return FoundMention(
        replace(f.mention, text=span.text, start=span.start_char, end=span.end_char), span, "name"
    )


def _untaken_tail(span: Span, taken: bytearray, titles: frozenset[str]) -> Span | None:
    """The part of a capitalised run after any dictionary match and title inside it.

    "Czech Jan Novotný" (a genitive country, then a name), "Präsident Marko Petrović".
    """
    # After the last token already part of a mention; a mention running past the
    # span's end leaves nothing (the tail would be shorter than two tokens).
    last = taken.rfind(1, span.start, span.end)
    start = span.start if last < 0 else last + 1
    doc = span.doc
    while start < span.end and _is_title(doc[start], titles):
        start += 1
    return doc[start : span.end] if span.end - start >= 2 else None


def _is_title(token, titles: frozenset[str]) -> bool:
    """A role noun, also a German compound ending in one ("Interimspräsidenten")."""
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma in titles or lower in titles:
        return True
    return token.lang_ == "de" and any(
        len(t) >= 6 and len(lemma) > len(t) and lemma.endswith(t) for t in titles
    )


def _common_word(token, rest: int) -> bool:
    """A sentence-initial inflected word ("Budowie"), or a known word before a name of ``rest`` words.

    "Wcześniej Komisja Europejska", but "Marco Ferri" stays a name though "marco" is a word.
    """
    lang = token.doc.lang_
    if token.lemma_.lower() != token.lower_:
        return True
    if rest < 2:
        return False
    try:
        return is_known(token.lower_, lang)
    except ValueError:  # a language simplemma does not cover
        return False


#: Case endings a surname takes in Polish, Russian and Ukrainian ("Trumpa", "Путина", "Меркель").
_SURNAME_ENDINGS = frozenset(
    "a owi em iem ie u y ego emu ą ę а у ю е ом ым ого ому ой ей ові им ім ою ої і".split()
)


def _surnames(doc: Doc, found: list[FoundMention], taken: bytearray) -> list[FoundMention]:
    """A lone capitalised word that is the surname of a person named in full elsewhere in the text.

    "Conte riceve Haftar" after (or before) "Giuseppe Conte", "Khalifa Haftar"; inflected
    surnames in the Slavic languages ("Trumpa" for "Donald Trump"). The mention takes the
    full name's key, so the two resolve together.
    """
    people: dict[str, Mention] = {}
    for f in found:
        words = f.mention.text.split()
        if f.mention.type == "Person" and len(words) >= 2 and len(words[-1]) >= 3:
            people.setdefault(words[-1], f.mention)
    if not people:
        return []
    slavic = doc.lang_ in ("pl", "ru", "uk")
    out: list[FoundMention] = []
    for token in doc:
        text = token.text
        if not _NAME_TOKEN.match(text) or _overlaps(doc[token.i : token.i + 1], taken):
            continue
        person = people.get(text)
        if person is None and slavic:
            person = next(
                (
                    m
                    for name, m in people.items()
                    if text.startswith(name) and text[len(name) :] in _SURNAME_ENDINGS
                ),
                None,
            )
        if person is None:
            continue
        out.append(
            FoundMention(
                Mention(
                    text=text,
                    start=token.idx,
                    end=token.idx + len(text),
                    type="Person",
                    key=person.key,
                    label=person.label,
                    qid=person.qid,
                    source=person.source,
                ),
                doc[token.i : token.i + 1],
                "pattern",
            )
        )
        taken[token.i] = 1
    return out


def _directional(match: ActorMatch, lang: str) -> bool:
    """'напала на Киев', 'wjechali do Kijowa'? A Slavic capital in its base form after "на", "в",
    "w" is a direction (accusative), not a place (locative "на Киеве", "w Kijowie")."""
    if lang not in ("pl", "ru", "uk"):
        return False
    names = match.entry.names(lang, kinds=("metonym",))  # the first is the nominative; others may be listed
    return bool(names) and match.surface == names[0]


def _with_given_names(span: Span, label: str, taken: bytearray) -> Span:
    """'Jeanem Claudem Junckerem': the inflected given names before a dictionary surname.

    A capitalised word joins the mention only when it starts like one of the person's own
    given names, so "Hunter Biden" never becomes Joe Biden.
    """
    given = [w.lower()[:4] for w in re.split(r"[\s-]+", label)[:-1] if len(w) >= 3]
    doc, start = span.doc, span.start
    while (
        start > span.sent.start
        and not taken[start - 1]
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].is_alpha
        and doc[start - 1].lower_[:4] in given
    ):
        start -= 1
    return doc[start : span.end]


def _is_modifier(span: Span) -> bool:
    """'its Asian neighbour', 'the Caspian oil terminals': a name modifying a noun is no actor."""
    root = span.root
    if root.dep_ == "amod":
        return True
    if root.dep_ != "compound" or root.head.i < span.end or root.head.pos_ != "NOUN":
        return False
    # "Boris Johnson - prime minister at the time -": a dash or comma sets the name apart.
    return not any(t.is_punct for t in span.doc[span.end : root.head.i])


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
    """Reject NER noise: numbers, lowercase words, single letters, URLs, run-on spans."""
    text = span.text
    if len(text) < 2 or len(text) > MAX_NAME_CHARS or not any(ch.isalpha() for ch in text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return "http" not in text and "@" not in text


def _capitalised_runs(doc: Doc) -> Iterable[tuple[Span, str]]:
    """Runs of capitalised tokens (with inner connectors) for languages without NER."""
    words = doc_words(doc)
    texts, lowers = words.texts, words.lowers
    for sent in words.sents:
        i = sent.start
        while i < sent.end:
            if not _NAME_TOKEN.match(texts[i]) or i == sent.start and doc[i].is_stop:
                i += 1
                continue
            token = doc[i]
            j = i + 1
            while j < sent.end:
                if _NAME_TOKEN.match(texts[j]):
                    j += 1
                elif lowers[j] in _CONNECTORS and j + 1 < sent.end and _NAME_TOKEN.match(texts[j + 1]):
                    j += 2
                else:
                    break
            k = i
            # A sentence-initial common word ("Wcześniej Komisja", "Budowie Nord Stream") or a
            # leading acronym ("MSZ Jacek Czaputowicz") is no part of the name that follows.
            # (An opening quote or dash before it still leaves it first: „W Europie jest …".)
            first = all(t.is_punct for t in doc[sent.start : k])
            if first and j - k >= 2 and (token.is_stop or _common_word(token, j - k - 1)):
                k += 1
            if j - k >= 3 and doc[k].text.isupper():
                k += 1
            span = doc[k:j]
            # German capitalises every noun: "Angesichts der Eskalation des Konflikts" is no name.
            german_phrase = doc.lang_ == "de" and any(t.lower_ in _CONNECTORS for t in span)
            # A lone capitalised word is too often a sentence start, a title
            # word or a common noun in German; only multi-word runs are names.
            if len(span) >= 2 and not german_phrase:
                org = any(t.lower_.startswith(ORG_WORDS) for t in span)
                if j < sent.end and doc[j].is_digit and len(doc[j]) <= 2:
                    # "Nord Stream 2", "Mińsk 2": a number ends the name, and no person's.
                    span, org = doc[k : j + 1], True
                yield span, "Organization" if org else "Person"
            i = j
