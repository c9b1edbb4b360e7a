"""Hand-made articles and stores, for tests of what reads the store (yours and ours).

Extraction is not involved: an article is sentences with the facts they state, its
mentions are found by the entities' surface forms, and the store is written with the
product's own mapping, exactly as ``kg build`` would write it::

    from kg_builder.models import Entity
    from kg_builder.testing import make_article, write_store

    ENTITIES = {"wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
                "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212")}
    doc = make_article("doc1", [("Russia invaded Ukraine.",
                                 [("wd:Q159", "invades", "wd:Q212", "positive", {})])],
                       entities=ENTITIES)
    write_store(tmp_path / "store", [doc], ENTITIES)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kg_builder.models import Article, ArticleResult, Assertion, Entity, Evidence, Mention, content_hash

__all__ = ["Fact", "make_article", "sorted_nquads", "write_store"]

#: (subject key, predicate, object key, polarity, extra): ``extra`` may set ``modality``
#: ("asserted"), ``confidence`` (0.9), ``rule`` ("test-rule"), ``speaker`` (an entity key)
#: and ``date`` (ISO).
Fact = tuple[str, str, str, str, dict[str, Any]]


def make_article(
    source: str,
    sentences: Sequence[tuple[str, Sequence[Fact]]],
    *,
    entities: Mapping[str, Entity],
    forms: Mapping[str, Sequence[str]] | None = None,
    lang: str = "en",
    published: str | None = "2024-03-01",
    title: str | None = None,
    url: str | None = None,
) -> ArticleResult:
    """An article of ``sentences``, each with the facts it states (its evidence).

    Mentions: every occurrence of an entity's surface forms (``forms`` by entity key;
    default, its label) in a sentence. PLOVER types come from the ontology's predicates.
    """
    from kg_builder.rdf.ontology import load_ontology

    predicates = load_ontology().predicates
    forms = forms if forms is not None else {key: (e.label,) for key, e in entities.items()}
    text = " ".join(sentence for sentence, _ in sentences)
    mentions: list[Mention] = []
    assertions: list[Assertion] = []
    offset = 0
    for sentence, facts in sentences:
        start = text.index(sentence, offset)
        end = offset = start + len(sentence)
        for key, names in forms.items():
            ent = entities[key]
            for name in names:
                for hit in re.finditer(re.escape(name), sentence):
                    mentions.append(
                        Mention(
                            name,
                            start + hit.start(),
                            start + hit.end(),
                            ent.type,
                            key,
                            ent.label,
                            ent.qid,
                            "dictionary",
                        )
                    )
        for subject, predicate, obj, polarity, extra in facts:
            assertions.append(
                Assertion(
                    subject,
                    predicate,
                    obj,
                    predicates[predicate].plover,
                    polarity,
                    extra.get("modality", "asserted"),
                    extra.get("confidence", 0.9),
                    Evidence(sentence, start, end),
                    extra.get("rule", "test-rule"),
                    "test-extractor",
                    "1.0",
                    speaker=extra.get("speaker"),
                    date=extra.get("date"),
                )
            )
    article = Article(
        id=content_hash(text),
        text=text,
        source=source,
        title=title if title is not None else f"Title of {source}",
        url=url,
        published=published,
        lang=lang,
    )
    return ArticleResult(article=article, mentions=tuple(mentions), assertions=tuple(assertions))


def write_store(
    path: Path,
    results: Sequence[ArticleResult],
    entities: Mapping[str, Entity],
    *,
    remove: Sequence[str] = (),
) -> Path:
    """Put (replace) the articles' graphs into the store at ``path`` and drop the ``remove``
    article ids; return ``path``."""
    from kg_builder.rdf.mapping import article_graph
    from kg_builder.rdf.store import GraphStore

    with GraphStore(path) as store:
        for article_id in remove:
            store.remove_article(article_id)
        for result in results:
            store.put_article(article_graph(result, dict(entities)))
    return path


def sorted_nquads(path: Path) -> list[str]:
    """The store at ``path`` as sorted N-Quads lines: two stores are the same when these are equal."""
    import io

    from kg_builder.rdf.store import GraphStore

    out = io.BytesIO()
    with GraphStore(path, read_only=True) as store:
        store.dump(out, "nq")
    return sorted(line for line in out.getvalue().decode("utf-8").splitlines() if line.strip())
