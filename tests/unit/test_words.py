"""The per-Doc word lists of kg_builder.extract.words."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg_builder.actors import default_dictionary
from kg_builder.extract.lexicon import normalize_lemma
from kg_builder.extract.rules import RuleBasedExtractor
from kg_builder.extract.words import DocWords, doc_words, forget
from kg_builder.models import Article, content_hash
from kg_builder.nlp import get_pipeline, pipe_texts

TEXTS = {
    "en": "The U.S. President met   Putin in Moscow’s Kremlin.\n\nHe said: “No deal.”",
    "fr": "L'Ukraine a accusé la Russie d’avoir attaqué Kharkiv.",
    "pl": "Prezydent Andrzej Duda spotkał się z Putinem. Rosja zaatakowała Ukrainę.",
    "ru": "Путин встретился с Эрдоганом. Ещё одна встреча прошла в Москве.",
}


def _expected(doc: Doc) -> DocWords:
    return DocWords(
        text=doc.text,
        texts=[t.text for t in doc],
        lowers=[t.lower_ for t in doc],
        lemmas=[t.lemma_.lower() for t in doc],
        norm_lowers=[normalize_lemma(t.lower_) for t in doc],
        norm_lemmas=[normalize_lemma(t.lemma_) for t in doc],
        sents=list(doc.sents),
    )


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_words_are_the_tokens_strings(lang: str) -> None:
    doc = get_pipeline(lang)(TEXTS[lang])
    assert DocWords.of(doc) == _expected(doc)


def test_words_of_a_doc_joined_from_pieces() -> None:
    # pipe_texts joins the pieces of a long text with Doc.from_docs; the words follow.
    text = "Russia attacked Ukraine.\n" * 40
    (doc,) = pipe_texts(get_pipeline("en"), [text], piece_chars=200)
    assert doc.text == text
    assert DocWords.of(doc) == _expected(doc)


def test_words_of_an_empty_doc() -> None:
    words = DocWords.of(get_pipeline("pl")(""))
    assert (words.text, words.texts, words.lemmas, words.sents) == ("", [], [], [])


def test_words_are_read_once_and_forgotten() -> None:
    doc = get_pipeline("en")(TEXTS["en"])
    first = doc_words(doc)
    assert doc_words(doc) is first
    forget(doc)
    assert doc_words(doc) is not first
    forget(doc)
    assert not doc.user_data


def test_extraction_leaves_no_words_on_the_doc() -> None:
    text = TEXTS["en"]
    doc = get_pipeline("en")(text)
    extractor = RuleBasedExtractor(actors=default_dictionary())
    extractor.extract(doc, Article(id=content_hash(text), text=text, source="t", lang="en"))
    assert not doc.user_data
