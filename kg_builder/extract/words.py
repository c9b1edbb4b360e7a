"""A parsed article's words as plain strings, read from the Doc once.

Every ``doc[i]`` or ``for t in span`` makes a new spaCy ``Token`` object, and the
rules read the lower-case forms and lemmas of each sentence several times (trigger
scan, speaker cues, structural relations, references). :func:`doc_words` reads them
once per Doc into lists indexed by token position; ``doc.sents`` is computed once too.
The cache lives in ``doc.user_data`` until :func:`forget` drops it at the end of
extraction.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Span

from kg_builder.extract.lexicon import normalize_lemma

_KEY = "kg_builder.words"


@dataclass(frozen=True, slots=True)
class DocWords:
    """Token strings of one Doc, indexed by token position."""

    text: str  # doc.text, a property that joins every token each time it is read
    texts: list[str]
    lowers: list[str]  # token.lower_
    lemmas: list[str]  # token.lemma_.lower()
    norm_lowers: list[str]  # normalize_lemma(token.lower_)
    norm_lemmas: list[str]  # normalize_lemma(token.lemma_)
    sents: list[Span]  # doc.sents

    @classmethod
    def of(cls, doc: Doc) -> DocWords:
        # The strings by their hashes, column by column: no Token object per position.
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LOWER, LEMMA]).T.tolist() if len(doc) else [[], [], []]
        texts, lowers, lemmas = ([strings[h] for h in column] for column in columns)
        lemmas = [lemma.lower() for lemma in lemmas]
        return cls(
            text=doc.text,
            texts=texts,
            lowers=lowers,
            lemmas=lemmas,
            norm_lowers=[normalize_lemma(w) for w in lowers],
            norm_lemmas=[normalize_lemma(w) for w in lemmas],
            sents=list(doc.sents),
        )


def doc_words(doc: Doc) -> DocWords:
    """The words of ``doc``, read on first use."""
    words = doc.user_data.get(_KEY)
    if words is None:
        words = doc.user_data[_KEY] = DocWords.of(doc)
    return words


def forget(doc: Doc) -> None:
    """Drop the cached words (they hold Spans, so the Doc would refer to itself)."""
    doc.user_data.pop(_KEY, None)
