"""What Neo4j cannot hold, found per article before a load writes anything.

Neo4j 5 refuses, halfway through a load, a property value too large for the index behind
it ("Property value is too large to index"). The loader checks every value that has such an
index first and names the article it comes from, so that ``kg load`` can refuse with the
article's name (nothing written) or, with ``--skip-bad``, load everything else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["RANGE_INDEX_LIMIT", "TEXT_INDEX_LIMIT", "BadArticle", "describe", "find_unloadable"]

#: Largest value (UTF-8 bytes) a Neo4j 5 RANGE index holds (it backs the uri constraints).
RANGE_INDEX_LIMIT = 8000
#: Largest value a TEXT index holds (Entity.key, Entity.label, Article.doc).
TEXT_INDEX_LIMIT = 32000


@dataclass(frozen=True)
class BadArticle:
    """An article of the store that Neo4j cannot hold, and why."""

    uri: str
    doc: str
    reason: str

    def __str__(self) -> str:
        return f"{_short(self.doc, 100)}: {self.reason}"


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[:size] + "..."


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _entity_problem(iri: str, key: str, label: str) -> str | None:
    if _size(iri) > RANGE_INDEX_LIMIT:
        return (
            f"the IRI of entity {_short(key)!r} is {_size(iri):,} bytes long; Neo4j's uri uniqueness "
            f"constraint indexes at most {RANGE_INDEX_LIMIT:,} bytes"
        )
    for name, value in (("key", key), ("label", label)):
        if _size(value) > TEXT_INDEX_LIMIT:
            return (
                f"the {name} of entity {_short(key)!r} is {_size(value):,} bytes long; Neo4j's text "
                f"index on Entity.{name} holds at most {TEXT_INDEX_LIMIT:,} bytes"
            )
    return None


def find_unloadable(
    article_meta: Iterable[Mapping[str, Any]],
    ents: Mapping[str, Any],
    forms: Iterable[tuple[str, str]],
) -> tuple[list[BadArticle], dict[str, str]]:
    """The articles Neo4j cannot hold, and the entities that make them so (IRI -> reason).

    ``article_meta``: rows of :func:`kg_builder.rdf.read.articles`; ``ents``: entity records
    by IRI; ``forms``: the (article graph, entity IRI) pairs of the store's mentions. An
    article is bad when its source name is too long for the text index on ``Article.doc``
    or when it mentions a bad entity (key or label too long for their text indexes, IRI too
    long for the uri constraint).
    """
    bad_entities = {
        iri: problem
        for iri, ent in ents.items()
        if (problem := _entity_problem(iri, ent.key, ent.label)) is not None
    }
    docs = {row["g"]: row["doc"] for row in article_meta}
    reasons: dict[str, list[str]] = defaultdict(list)
    for graph, doc in docs.items():
        if _size(doc) > TEXT_INDEX_LIMIT:
            reasons[graph].append(
                f"its source name is {_size(doc):,} bytes long; Neo4j's text index on Article.doc "
                f"holds at most {TEXT_INDEX_LIMIT:,} bytes"
            )
    for graph, entity in sorted(set(forms)):
        if entity in bad_entities and graph in docs:
            reasons[graph].append(bad_entities[entity])
    bad = [BadArticle(graph, docs[graph], "; ".join(why)) for graph, why in sorted(reasons.items())]
    return bad, bad_entities


def describe(bad: list[BadArticle], *, limit: int = 3) -> str:
    """The first few bad articles as one line, with how many more there are."""
    shown = " | ".join(str(b) for b in bad[:limit])
    more = f" (and {len(bad) - limit} more)" if len(bad) > limit else ""
    return shown + more
