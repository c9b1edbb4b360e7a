"""Articles longer than spaCy's max_length are parsed in pieces, with offsets still right."""

from __future__ import annotations

import pytest

from kg_builder.actors import default_dictionary
from kg_builder.models import Article, content_hash
from kg_builder.nlp import get_pipeline, pipe_texts, split_pieces
from kg_builder.pipeline import BuildReport, extract_articles
from kg_builder.registry import extractors

PARAGRAPHS = [
    "Russia attacked Ukraine near Kharkiv on Monday, the ministry in Kyiv said.",
    "France accused China of dumping steel in Europe.",
    "NATO condemned the strikes and Germany sent air defence systems to Ukraine.",
    "Poland and Lithuania signed a border agreement in Warsaw.",
]


def long_article(paragraphs: int) -> Article:
    text = "\n".join(PARAGRAPHS[i % len(PARAGRAPHS)].replace("Monday", f"day {i}") for i in range(paragraphs))
    return Article(id=content_hash(text), text=text, source="long", lang="en", key="file:/long.txt")


@pytest.mark.parametrize("limit", [1, 7, 50, 1000])
def test_pieces_concatenate_to_the_text(limit: int) -> None:
    text = "First paragraph here.\nSecond one, a little longer.\n" + "x" * 120 + " tail words\nEnd."
    pieces = split_pieces(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)


def test_cuts_fall_after_paragraph_breaks() -> None:
    text = "\n".join(["a" * 30] * 10)
    pieces = split_pieces(text, 100)
    assert all(p.endswith("\n") for p in pieces[:-1])


def test_article_over_max_length_gives_the_same_result_with_right_offsets(monkeypatch) -> None:
    article = long_article(400)  # about 24,000 characters
    extractor = extractors.get("rule-based").factory(actors=default_dictionary())

    def run() -> tuple:
        [result] = extract_articles(iter([article]), extractor=extractor, report=BuildReport())
        return result

    whole = run()
    nlp = get_pipeline("en")
    # spaCy refuses a text over max_length (error E088); the article is 3 times that.
    monkeypatch.setattr(nlp, "max_length", 8_000)
    with pytest.raises(ValueError, match="E088"):
        nlp(article.text)
    pieces = run()

    assert len(split_pieces(article.text, 8_000)) >= 3
    for mention in pieces.mentions:
        assert article.text[mention.start : mention.end] == mention.text
    for assertion in pieces.assertions:
        evidence = assertion.evidence
        assert article.text[evidence.start : evidence.end] == evidence.text
    assert pieces.mentions == whole.mentions
    assert pieces.assertions == whole.assertions
    # The last paragraphs (in the last piece) produced mentions too.
    assert max(m.start for m in pieces.mentions) > len(article.text) - 200


def test_pipe_texts_keeps_one_doc_per_text_in_order() -> None:
    nlp = get_pipeline("it")
    texts = ["Roma e Parigi.", "a\n" * 40, "Berlino."]
    docs = list(pipe_texts(nlp, texts, piece_chars=10))
    assert [d.text for d in docs] == texts
