"""The scorer follows the matching rules of GUIDE.md."""

from __future__ import annotations

import json

import pytest

from kg_builder.errors import EvaluationError
from kg_builder.eval import evaluate, load_gold
from kg_builder.models import (
    Article,
    ArticleResult,
    Assertion,
    Entity,
    Evidence,
    Mention,
    content_hash,
)
from kg_builder.rdf.mapping import article_graph
from kg_builder.rdf.store import GraphStore

TEXT = "Kremlin attacked Kyiv. Tokajew met Putin. Tokayev is president of Kazakhstan."
ENTITIES = {
    "ru": Entity("ru", "Russia", "Country"),
    "ua": Entity("ua", "Ukraine", "Country"),
    "tok": Entity("tok", "Kassym-Jomart Tokayev", "Person"),
    "put": Entity("put", "Vladimir Putin", "Person"),
    "kz": Entity("kz", "Kazakhstan", "Country"),
}


def write_gold(tmp_path, relations):
    gold = tmp_path / "gold"
    gold.mkdir()
    entities = [
        {"id": "russia", "label": "Russia", "type": "Country", "aliases": ["Kremlin"]},
        {"id": "ukraine", "label": "Ukraine", "type": "Country", "aliases": ["Kyiv"]},
        {
            "id": "tokayev",
            "label": "Kassym-Jomart Tokayev",
            "type": "Person",
            "aliases": ["Tokayev", "Tokajew"],
        },
        {"id": "putin", "label": "Vladimir Putin", "type": "Person", "aliases": ["Putin"]},
        {"id": "kazakhstan", "label": "Kazakhstan", "type": "Country", "aliases": []},
    ]
    (gold / "entities.jsonl").write_text("\n".join(json.dumps(e) for e in entities))
    (gold / "relations.jsonl").write_text("\n".join(json.dumps(r) for r in relations))
    return gold


def gold_rel(s, o, plover, polarity="positive", predicate="x"):
    return {
        "doc": "d1",
        "subject": s,
        "object": o,
        "predicate": predicate,
        "plover": plover,
        "polarity": polarity,
        "modality": "asserted",
        "evidence": "",
    }


def store_with(tmp_path, assertions, mentions):
    article = Article(id=content_hash(TEXT), text=TEXT, source="d1", lang="en")
    result = ArticleResult(
        article=article,
        mentions=tuple(Mention(t, 0, len(t), ENTITIES[k].type, k, ENTITIES[k].label) for t, k in mentions),
        assertions=tuple(
            Assertion(s, p, o, pl, pol, "asserted", 0.9, Evidence("x", 0, 1), "r", "e", "1")
            for s, p, o, pl, pol in assertions
        ),
    )
    store = GraphStore(tmp_path / "store")
    store.put_article(article_graph(result, ENTITIES))
    return store


MENTIONS = [
    ("Kremlin", "ru"),
    ("Kyiv", "ua"),
    ("Tokajew", "tok"),
    ("Tokayev", "tok"),
    ("Putin", "put"),
    ("Kazakhstan", "kz"),
]


def test_matching_rules(tmp_path) -> None:
    gold = load_gold(
        write_gold(
            tmp_path,
            [
                gold_rel("russia", "ukraine", ["ASSAULT"]),
                gold_rel("putin", "tokayev", ["CONSULT"]),  # symmetric: either direction matches
                gold_rel("tokayev", "kazakhstan", [], predicate="holdsRole"),
                gold_rel("russia", "kazakhstan", ["THREATEN"]),  # never found
            ],
        )
    )
    store = store_with(
        tmp_path,
        [
            ("ru", "attacks", "ua", "ASSAULT", "positive"),
            ("ru", "invades", "ua", "ASSAULT", "positive"),  # a gold relation matches once only
            ("tok", "meets", "put", "CONSULT", "positive"),
            ("tok", "holdsRole", "kz", None, "positive"),
            ("ua", "attacks", "ru", "ASSAULT", "negative"),  # wrong polarity and direction
        ],
        MENTIONS,
    )
    report = evaluate(store, gold)
    assert report.overall.system == 5
    assert report.overall.matched_system == 3
    assert report.overall.gold == 4
    assert report.overall.matched_gold == 3
    assert report.overall.precision == pytest.approx(0.6)
    assert report.overall.recall == pytest.approx(0.75)
    assert report.by_lang["en"].f1 == pytest.approx(report.overall.f1)
    assert [m["object"] for m in report.missed] == ["Kazakhstan"]
    # Every gold alias found sits under one system entity: perfect clustering.
    assert report.bcubed_f1 == pytest.approx(1.0)


def test_split_entity_lowers_bcubed(tmp_path) -> None:
    gold = load_gold(write_gold(tmp_path, [gold_rel("russia", "ukraine", ["ASSAULT"])]))
    ENTITIES["tok2"] = Entity("tok2", "Tokajew", "Person")
    try:
        store = store_with(tmp_path, [], [("Tokayev", "tok"), ("Tokajew", "tok2"), ("Putin", "put")])
        report = evaluate(store, gold)
    finally:
        del ENTITIES["tok2"]
    assert report.bcubed_precision == pytest.approx(1.0)
    assert report.bcubed_recall < 1.0


def test_malformed_gold_names_file_and_line(tmp_path) -> None:
    gold = write_gold(tmp_path, [gold_rel("russia", "ukraine", ["ASSAULT"])])
    with (gold / "relations.jsonl").open("a") as handle:
        handle.write("\n{not json\n")
    with pytest.raises(EvaluationError, match=r"relations.jsonl:2"):
        load_gold(gold)


def test_unknown_entity_in_gold_relation(tmp_path) -> None:
    gold = write_gold(tmp_path, [gold_rel("russia", "atlantis", ["ASSAULT"])])
    with pytest.raises(EvaluationError, match="atlantis"):
        load_gold(gold)
