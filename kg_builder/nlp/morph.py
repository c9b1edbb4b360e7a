"""Dictionary lemmas for the inflected languages: Morfeusz 2 (pl), pymorphy3 (ru, uk).

simplemma alone guesses a lemma from a frequency list; it leaves many verb
forms and rarer nouns unchanged (``napadła``, ``заявив``) or maps them to a
wrong word. The morphological dictionaries know every inflected form of their
words, but list every reading of an ambiguous form (Polish ``mają`` is
``mieć`` or ``maja``; Ukrainian ``Києві`` is ``київ`` or ``кий``) and carry no
usable frequencies for Polish and Ukrainian. So the two are combined:

1. the dictionary gives the candidate lemmas of a word;
2. if simplemma's lemma is one of them, it wins (it is the frequent reading);
3. otherwise the dictionary's best reading wins (pymorphy3's probability
   estimate for Russian, a part-of-speech preference for Polish and
   Ukrainian);
4. a word the dictionary does not know keeps simplemma's lemma, and so do
   abbreviations and acronyms (words under four letters or all capitals:
   ``tys``, ``ul``, ``JUI``), where the dictionaries' readings are rare words.

Two dictionary conventions are overridden because the extractor matches
lexical words: Polish negated forms (``niewypuszczonej``, ``nieprzekazywanie``)
have the positive verb as lemma in SGJP, which would turn "not released" into
"release", so they are left out; Russian and Ukrainian participles and
adverbial participles (``требовавших``, ``заявляючи``) keep simplemma's lemma,
because pymorphy3's infinitive made the lemma-window extractor read
participial phrases ("activists demanding X") as clauses: on 450 BSNLP
articles all 12 relations it added that way were wrong.

The dictionaries ship inside their PyPI packages (``morfeusz2`` with SGJP,
``pymorphy3-dicts-ru``, ``pymorphy3-dicts-uk``); a missing one is a
:class:`~kg_builder.errors.ModelMissingError` naming the package to install.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg_builder.errors import ModelMissingError
from kg_builder.nlp.startup import lemmatizer

#: Languages lemmatized with a morphological dictionary, and the packages it needs.
MORPH_PACKAGES: dict[str, tuple[str, ...]] = {
    "pl": ("morfeusz2",),
    "ru": ("pymorphy3", "pymorphy3_dicts_ru"),
    "uk": ("pymorphy3", "pymorphy3_dicts_uk"),
}

# pip names (the import names above use underscores).
_PIP_NAMES = {
    "morfeusz2": "morfeusz2==1.99.15",
    "pymorphy3": "pymorphy3==2.0.6",
    "pymorphy3_dicts_ru": "pymorphy3-dicts-ru==2.4.417150.4580142",
    "pymorphy3_dicts_uk": "pymorphy3-dicts-uk==2.4.1.1.1663094765",
}

# Readings preferred when simplemma's lemma is not among them: content words
# first, then the rest; a reading's rank is its position here.
_PL_TAG_ORDER = (
    "subst",
    "fin",
    "praet",
    "inf",
    "impt",
    "imps",
    "pcon",
    "pant",
    "ppas",
    "pact",
    "bedzie",
    "winien",
    "adj",
    "adv",
    "ger",
    "num",
    "prep",
    "conj",
    "comp",
    "qub",
    "ppron3",
    "ppron12",
    "siebie",
    "pred",
    "depr",
    "brev",
)
# pymorphy3 gives participles and adverbial participles the infinitive as
# lemma; the lemma-window extractor would then read "activists demanding X"
# as a clause. simplemma keeps most of them as adjectives.
_PARTICIPLES = frozenset({"PRTF", "PRTS", "GRND"})
_PYMORPHY_POS_ORDER = ("NOUN", "VERB", "INFN", "ADJF", "PRTF", "GRND", "ADJS", "PRTS", "ADVB", "NUMR")

Lemmatize = Callable[[str], str]


def _require(lang: str) -> None:
    missing = [m for m in MORPH_PACKAGES[lang] if importlib.util.find_spec(m) is None]
    if missing:
        pins = [_PIP_NAMES[m] for m in missing]
        names = ", ".join(p.split("==")[0] for p in pins)
        raise ModelMissingError(
            f"the {lang!r} lemmatizer needs the package(s) {names}, which are not installed; "
            f"run: pip install {' '.join(pins)}"
        )


def _skip(word: str) -> bool:
    return len(word) < 4 or word.isupper()


def _pick(candidates: list[tuple[str, int]], fallback: str) -> str:
    """simplemma's lemma if the dictionary offers it, else the best-ranked candidate."""
    key = fallback.casefold()
    for lemma, _rank in candidates:
        if lemma.casefold() == key:
            return lemma
    return min(candidates, key=lambda c: c[1])[0]


@cache
def morfeusz() -> Any:
    """The shared Morfeusz 2 instance (analysis and generation, SGJP dictionary)."""
    _require("pl")
    import morfeusz2

    return morfeusz2.Morfeusz(expand_tags=False, analyse=True, generate=True)


@cache
def pymorphy(lang: str) -> Any:
    """The shared pymorphy3 analyzer for ``ru`` or ``uk``."""
    _require(lang)
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _polish() -> Lemmatize:
    analyzer = morfeusz()
    last = len(_PL_TAG_ORDER)

    def lemmatize(word: str) -> str:
        fallback = lemmatizer().lemmatize(word, "pl")  # tries cached on disk (nlp/startup.py)
        if _skip(word):
            return fallback
        candidates: list[tuple[str, int]] = []
        for start, _end, (_orth, lemma, tag, _names, _quals) in analyzer.analyse(word):
            # Agglutinated forms come as several segments (podpisali|śmy): the
            # first one carries the word's lemma.
            if start != 0:
                continue
            pos = tag.split(":", 1)[0]
            if pos in ("ign", "interp", "aglt") or ":neg" in tag:
                continue
            order = _PL_TAG_ORDER.index(pos) if pos in _PL_TAG_ORDER else last
            # SGJP marks homonyms after a colon: napaść:Vp~dnę, Polska:Sf~i.
            candidates.append((lemma.split(":", 1)[0].replace("_", " "), order))
        return _pick(candidates, fallback) if candidates else fallback

    return lemmatize


def _pymorphy(lang: str) -> Lemmatize:
    analyzer = pymorphy(lang)
    last = len(_PYMORPHY_POS_ORDER)
    # Russian parses are ordered by an estimate of their probability from a
    # tagged corpus; Ukrainian ones are not, so they are ranked by POS.
    by_score = lang == "ru"

    def lemmatize(word: str) -> str:
        fallback = lemmatizer().lemmatize(word, lang)
        if _skip(word):
            return fallback
        candidates: list[tuple[str, int]] = []
        for i, parse in enumerate(analyzer.parse(word)):
            if not parse.is_known:
                continue
            pos = str(parse.tag.POS)
            if pos in _PARTICIPLES and (i == 0 or not by_score):
                return fallback
            rank = i if by_score else (_PYMORPHY_POS_ORDER.index(pos) if pos in _PYMORPHY_POS_ORDER else last)
            candidates.append((parse.normal_form, rank))
        return _pick(candidates, fallback) if candidates else fallback

    return lemmatize


@cache
def morph_lemmatizer(lang: str) -> Lemmatize:
    """The cached word -> lemma function for ``lang`` (one of :data:`MORPH_PACKAGES`).

    Raises :class:`ModelMissingError` when a dictionary package is missing.
    """
    _require(lang)
    base = _polish() if lang == "pl" else _pymorphy(lang)
    # News repeats its words: a bounded per-word cache makes the dictionary
    # lookup nearly free after the first article.
    return lru_cache(maxsize=200_000)(base)


@Language.component("kg_morph_lemmas")
def morph_lemmas(doc: Doc) -> Doc:
    """Fill ``token.lemma_`` from the language's morphological dictionary (see module doc)."""
    lemmatize = morph_lemmatizer(doc.lang_)
    for token in doc:
        if token.is_alpha:
            token.lemma_ = lemmatize(token.text)
        elif _APOSTROPHE_WORD.match(token.text):
            # "пом’якшили", "розвʼязала": the dictionaries spell the apostrophe straight. A word
            # that is a dictionary lemma itself keeps it ("прем'єр", not the premiere "прем'єра").
            straight = token.text.translate(_STRAIGHT)
            token.lemma_ = straight.lower() if _is_lemma(straight, doc.lang_) else lemmatize(straight)
        else:
            token.lemma_ = token.text
    return doc


def _is_lemma(word: str, lang: str) -> bool:
    if lang not in ("ru", "uk"):
        return False
    lower = word.lower()
    return any(p.is_known and p.normal_form == lower for p in pymorphy(lang).parse(word))


_STRAIGHT = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_APOSTROPHE_WORD = re.compile(r"^[^\W\d_]+['’ʼ‘][^\W\d_]+$")


def is_common_noun(word: str, lang: str) -> bool:
    """Is every dictionary reading of ``word`` a common noun (no given name, surname or
    patronymic)? "Frontu", "Ligi" are; "Jarosława", "Юрий", and unknown foreign names are not.
    Only for the languages with a morphological dictionary (pl, ru, uk); False elsewhere."""
    if lang == "pl":
        readings = [a[2] for a in morfeusz().analyse(word)]
        tags = [(r[2], r[3]) for r in readings]
        return bool(tags) and all(
            tag.startswith("subst") and not set(quals) & {"imię", "nazwisko"} for tag, quals in tags
        )
    if lang in ("ru", "uk"):
        parses = [p for p in pymorphy(lang).parse(word) if p.is_known]
        return bool(parses) and all(
            "NOUN" in p.tag and not {"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses
        )
    return False


_CASES = frozenset({"nom", "gen", "dat", "acc", "ins", "loc", "voc"})
#: pymorphy3's case grammemes, mapped onto the short names.
_PYMORPHY_CASES = {
    "nomn": "nom", "gent": "gen", "gen2": "gen", "datv": "dat", "accs": "acc",
    "ablt": "ins", "loct": "loc", "loc2": "loc", "voct": "voc",
}  # fmt: skip


@lru_cache(maxsize=100_000)
def noun_cases(word: str, lang: str) -> frozenset[str]:
    """The grammatical cases a noun or proper name form may be in ("Polska" → nom, "Polskę" → acc).

    Empty when the dictionary does not know the word as a noun (pl, ru, uk only).
    """
    if lang not in MORPH_PACKAGES:
        return frozenset()
    found: set[str] = set()
    if lang == "pl":
        for start, _end, (_orth, _lemma, tag, _names, _quals) in morfeusz().analyse(word):
            parts = tag.split(":")
            if start == 0 and parts[0] in ("subst", "depr"):
                for part in parts[1:]:
                    found.update(c for c in part.split(".") if c in _CASES)
        return frozenset(found)
    for parse in pymorphy(lang).parse(word):
        if parse.is_known and str(parse.tag.POS) == "NOUN" and parse.tag.case in _PYMORPHY_CASES:
            found.add(_PYMORPHY_CASES[parse.tag.case])
    return frozenset(found)
