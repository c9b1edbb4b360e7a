"""The curated queries (``cypher/queries``) and ``kg query`` against the real Neo4j server.

A small multilingual store is built by hand (four articles in en, fr, de), loaded once
into a wiped database for this module (the queries only read), and every query's
answer is checked against what the articles say.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from kg_builder import testing
from kg_builder.models import ArticleResult, Entity
from kg_builder.neo4j.connection import Neo4jSettings
from kg_builder.neo4j.loader import load_store, wipe_database
from kg_builder.neo4j.queries import bind_params, get_query, list_queries, run_query
from kg_builder.rdf.store import GraphStore
from kg_builder.testing import Fact

pytestmark = pytest.mark.neo4j

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "wd:Q30": Entity("wd:Q30", "United States", "Country", "Q30"),
    "wd:Q43": Entity("wd:Q43", "Turkey", "Country", "Q43"),
    "wd:Q7747": Entity("wd:Q7747", "Vladimir Putin", "Person", "Q7747"),
    "wd:Q3874799": Entity("wd:Q3874799", "Volodymyr Zelensky", "Person", "Q3874799"),
    "wd:Q39259": Entity("wd:Q39259", "Recep Tayyip Erdogan", "Person", "Q39259"),
    "Person:Dmytro Kuleba": Entity("Person:Dmytro Kuleba", "Dmytro Kuleba", "Person"),
    "wd:Q7184": Entity("wd:Q7184", "NATO", "Organization", "Q7184"),
}
FORMS = {
    "wd:Q159": ("Russia", "Russie", "Russland"),
    "wd:Q212": ("Ukraine",),
    "wd:Q30": ("Washington",),
    "wd:Q43": ("Turkey",),
    "wd:Q7747": ("Putin", "Poutine"),
    "wd:Q3874799": ("Zelensky",),
    "wd:Q39259": ("Erdogan",),
    "Person:Dmytro Kuleba": ("Kuleba",),
    "wd:Q7184": ("NATO", "OTAN"),
}
RU, UA, US, TR = "wd:Q159", "wd:Q212", "wd:Q30", "wd:Q43"
PUTIN, ZELENSKY, ERDOGAN, KULEBA, NATO = (
    "wd:Q7747",
    "wd:Q3874799",
    "wd:Q39259",
    "Person:Dmytro Kuleba",
    "wd:Q7184",
)


def make_article(
    source: str, lang: str, published: str, sentences: list[tuple[str, list[Fact]]]
) -> ArticleResult:
    """An article whose mentions are found by FORMS and whose assertions are given."""
    return testing.make_article(
        source,
        sentences,
        entities=ENTITIES,
        forms=FORMS,
        lang=lang,
        published=published,
        title=source.upper(),
    )


ARTICLES = [
    make_article(
        "a_en",
        "en",
        "2024-03-01",
        [
            ("Russia invaded Ukraine.", [(RU, "invades", UA, "positive", {"date": "2022-02-24"})]),
            ("Russia threatened Ukraine again.", [(RU, "threatens", UA, "positive", {})]),
            ("Putin did not meet Zelensky.", [(PUTIN, "meets", ZELENSKY, "negative", {})]),
            ("Putin criticized NATO.", [(PUTIN, "criticizes", NATO, "positive", {})]),
            ("Putin is the president of Russia.", [(PUTIN, "holdsRole", RU, "positive", {})]),
        ],
    ),
    make_article(
        "a_fr",
        "fr",
        "2024-03-02",
        [
            ("La Russie a envahi l'Ukraine.", [(RU, "invades", UA, "positive", {})]),
            (
                "L'Ukraine accuse la Russie, a dit Kuleba.",
                [(UA, "accuses", RU, "positive", {"speaker": KULEBA})],
            ),
            ("Washington soutient l'Ukraine.", [(US, "supports", UA, "positive", {})]),
            ("Poutine menace l'OTAN.", [(PUTIN, "threatens", NATO, "positive", {})]),
        ],
    ),
    make_article(
        "a_de",
        "de",
        "2024-03-03",
        [
            ("Russland hat die Ukraine angegriffen.", [(RU, "invades", UA, "positive", {})]),
            ("Washington hilft der Ukraine.", [(US, "aids", UA, "positive", {})]),
        ],
    ),
    make_article(
        "a_tr",
        "en",
        "2024-03-04",
        [
            ("Putin met Erdogan.", [(PUTIN, "meets", ERDOGAN, "positive", {"date": "2024-03-04"})]),
            ("Putin visited Turkey.", [(PUTIN, "visits", TR, "positive", {})]),
            ("Erdogan rejected the NATO demand.", [(ERDOGAN, "rejects", NATO, "positive", {})]),
        ],
    ),
]


@pytest.fixture(scope="module")
def loaded(
    neo4j_driver: neo4j.Driver,
    neo4j_settings: Neo4jSettings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The test database holding exactly ARTICLES (wiped first; the queries only read)."""
    path = testing.write_store(tmp_path_factory.mktemp("queries") / "store", ARTICLES, ENTITIES)
    with GraphStore(path, read_only=True) as store:
        load_store(store, neo4j_driver, database=neo4j_settings.database, wipe=True)
    yield neo4j_settings.database
    wipe_database(neo4j_driver, database=neo4j_settings.database)


def q(driver: neo4j.Driver, db: str, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_query(driver, name, params, db)


# ---------------------------------------------------------------------------- every query


@pytest.mark.parametrize("curated", list_queries(), ids=lambda c: c.name)
def test_every_curated_query_runs(neo4j_driver, loaded, curated) -> None:
    values = {
        "actor": {"speaker_claims": "Dmytro Kuleba", "dyad": "Russia"}.get(curated.name, "Vladimir Putin"),
        "target": "Ukraine",
        "doc": "a_en",
    }
    params = {p.name: values[p.name] for p in curated.params if p.required}
    rows = run_query(neo4j_driver, curated.name, params, loaded)
    assert rows, f"{curated.name} returned nothing on the test graph"
    json.dumps(rows)  # plain, serializable values only


# ---------------------------------------------------------------------------- answers


def test_assertions_by_sources_counts_articles_and_languages(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "assertions_by_sources")
    top = rows[0]
    assert (top["subject"], top["predicate"], top["object"], top["plover"]) == (
        "Russia",
        "invades",
        "Ukraine",
        "ASSAULT",
    )
    assert (top["sources"], top["language_count"]) == (3, 3)
    assert sorted(top["languages"]) == ["de", "en", "fr"]
    assert sorted(top["docs"]) == ["a_de", "a_en", "a_fr"]
    assert all(r["sources"] == 1 for r in rows[1:])
    assert len(rows) == 12  # 14 assertions, the invasion reported three times
    assert [r["subject"] for r in q(neo4j_driver, loaded, "assertions_by_sources", min_sources="2")] == [
        "Russia"
    ]


def test_hostile_dyads(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "hostile_dyads")
    pairs = [(r["aggressor"], r["target"], r["sources"], r["assertions"]) for r in rows]
    assert pairs[:2] == [("Russia", "Ukraine", 3, 4), ("Vladimir Putin", "NATO", 2, 2)]
    assert set(pairs[2:]) == {("Recep Tayyip Erdogan", "NATO", 1, 1), ("Ukraine", "Russia", 1, 1)}
    assert sorted(rows[0]["plover_types"]) == ["ASSAULT", "THREATEN"]
    assert sorted(rows[1]["languages"]) == ["en", "fr"]
    assert len(q(neo4j_driver, loaded, "hostile_dyads", min_sources=2)) == 2


def test_cooperative_dyads_ignore_direction_and_negated_meetings(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "cooperative_dyads")
    pairs = {frozenset((r["actor_a"], r["actor_b"])): r for r in rows}
    us_ua = pairs[frozenset(("United States", "Ukraine"))]
    assert (us_ua["sources"], sorted(us_ua["predicates"])) == (2, ["aids", "supports"])
    assert rows[0] is not None and {rows[0]["actor_a"], rows[0]["actor_b"]} == {
        "United States",
        "Ukraine",
    }
    assert set(pairs) == {
        frozenset(("United States", "Ukraine")),
        frozenset(("Vladimir Putin", "Recep Tayyip Erdogan")),
        frozenset(("Vladimir Putin", "Turkey")),
    }


def test_opposition_and_actor_resolution(neo4j_driver, loaded) -> None:
    everyone = q(neo4j_driver, loaded, "opposition")
    assert {(r["source"], r["target"]) for r in everyone} == {
        ("Ukraine", "Russia"),
        ("Vladimir Putin", "NATO"),
        ("Recep Tayyip Erdogan", "NATO"),
    }
    # by surface form, any case; by key; by QID; by uri
    for actor in (
        "otan",
        "NATO",
        "wd:Q7184",
        "q7184",
        "https://w3id.org/kg-builder/id/entity/wd-q7184",
    ):
        rows = q(neo4j_driver, loaded, "opposition", actor=actor)
        assert {r["source"] for r in rows} == {"Vladimir Putin", "Recep Tayyip Erdogan"}, actor
    assert q(neo4j_driver, loaded, "opposition", actor="nobody at all") == []


def test_negated_claims_and_meetings(neo4j_driver, loaded) -> None:
    negated = q(neo4j_driver, loaded, "negated_claims")
    assert [(r["subject"], r["predicate"], r["object"]) for r in negated] == [
        ("Vladimir Putin", "meets", "Volodymyr Zelensky")
    ]
    assert negated[0]["sentence"] == "Putin did not meet Zelensky."
    meetings = q(neo4j_driver, loaded, "meetings")
    assert [(r["actor"], r["predicate"], r["counterpart"], r["date"]) for r in meetings] == [
        ("Vladimir Putin", "meets", "Recep Tayyip Erdogan", "2024-03-04"),
        ("Vladimir Putin", "visits", "Turkey", "2024-03-04"),
    ]
    assert len(q(neo4j_driver, loaded, "meetings", actor="erdogan")) == 1


def test_actor_timeline_is_ordered_by_date(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "actor_timeline", actor="POUTINE")
    assert [(r["date"], r["predicate"], r["target"]) for r in rows] == [
        ("2024-03-01", "meets", "Volodymyr Zelensky"),
        ("2024-03-01", "criticizes", "NATO"),
        ("2024-03-01", "holdsRole", "Russia"),
        ("2024-03-02", "threatens", "NATO"),
        ("2024-03-04", "meets", "Recep Tayyip Erdogan"),
        ("2024-03-04", "visits", "Turkey"),
    ]
    assert rows[0]["polarity"] == "negative"
    assert len(q(neo4j_driver, loaded, "actor_timeline", actor="putin", limit="2")) == 2
    invasion = q(neo4j_driver, loaded, "actor_timeline", actor="Russia")[0]
    assert (invasion["date"], invasion["predicate"]) == ("2022-02-24", "invades")  # event date


def test_actors_by_languages(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "actors_by_languages")
    assert [(r["actor"], r["languages"], r["language_codes"]) for r in rows[:2]] == [
        ("Russia", 3, ["de", "en", "fr"]),
        ("Ukraine", 3, ["de", "en", "fr"]),
    ]
    putin = next(r for r in rows if r["actor"] == "Vladimir Putin")
    assert (putin["languages"], putin["articles"], putin["assertions"]) == (2, 3, 6)


def test_assertion_evidence_lists_every_sentence(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "assertion_evidence", actor="Russia", target="ukraine")
    assert [(r["predicate"], r["sources"]) for r in rows] == [("invades", 3), ("threatens", 1)]
    evidence = rows[0]["evidence"]
    assert [(e["doc"], e["lang"], e["sentence"]) for e in evidence] == [
        ("a_de", "de", "Russland hat die Ukraine angegriffen."),
        ("a_en", "en", "Russia invaded Ukraine."),
        ("a_fr", "fr", "La Russie a envahi l'Ukraine."),
    ]
    assert evidence[1]["start"] == 0 and evidence[1]["end"] == len("Russia invaded Ukraine.")
    assert len(q(neo4j_driver, loaded, "assertion_evidence", actor="Russia")) == 2


def test_who_assaults_roles_mentions_speakers(neo4j_driver, loaded) -> None:
    assaults = q(neo4j_driver, loaded, "who_assaults", target="Q212")
    assert [(r["attacker"], r["predicates"], r["sources"]) for r in assaults] == [("Russia", ["invades"], 3)]
    assert q(neo4j_driver, loaded, "who_assaults", target="Russia") == []

    roles = q(neo4j_driver, loaded, "roles", actor="putin")
    assert [(r["holder"], r["predicate"], r["organization"], r["sources"]) for r in roles] == [
        ("Vladimir Putin", "holdsRole", "Russia", 1)
    ]

    mentions = q(neo4j_driver, loaded, "entity_mentions", actor="Poutine")
    assert [(r["doc"], r["lang"], r["forms"]) for r in mentions] == [
        ("a_en", "en", ["Putin"]),
        ("a_fr", "fr", ["Poutine"]),
        ("a_tr", "en", ["Putin"]),
    ]

    claims = q(neo4j_driver, loaded, "speaker_claims", actor="kuleba")
    assert [(r["speaker"], r["subject"], r["predicate"], r["object"]) for r in claims] == [
        ("Dmytro Kuleba", "Ukraine", "accuses", "Russia")
    ]


def test_article_assertions_in_text_order(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "article_assertions", doc="a_fr")
    assert [(r["subject"], r["predicate"], r["object"]) for r in rows] == [
        ("Russia", "invades", "Ukraine"),
        ("Ukraine", "accuses", "Russia"),
        ("United States", "supports", "Ukraine"),
        ("Vladimir Putin", "threatens", "NATO"),
    ]
    assert rows[1]["speaker"] == "Dmytro Kuleba"
    by_hash = q(neo4j_driver, loaded, "article_assertions", doc=ARTICLES[1].article.id)
    assert by_hash == rows


def test_shortest_path(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "shortest_path", actor="Erdogan", target="Ukraine")
    assert len(rows) == 1
    assert rows[0]["hops"] == 3
    assert rows[0]["chain"] == ["Recep Tayyip Erdogan", "Vladimir Putin", "Russia", "Ukraine"]
    assert rows[0]["steps"][0] == "Vladimir Putin meets Recep Tayyip Erdogan [a_tr]"
    # Zelensky is only linked by a negated meeting.
    assert q(neo4j_driver, loaded, "shortest_path", actor="Zelensky", target="Putin") == []
    negated = q(
        neo4j_driver,
        loaded,
        "shortest_path",
        actor="Zelensky",
        target="Putin",
        include_negated="true",
    )
    assert negated[0]["steps"] == ["Vladimir Putin NOT meets Volodymyr Zelensky [a_en]"]


def _chains(rows: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    return {tuple(row["chain"]) for row in rows}


def test_graph_queries_return_paths_browser_can_draw(neo4j_driver, loaded) -> None:
    def paths(name: str, **params: Any) -> list[Any]:
        with neo4j_driver.session(database=loaded) as session:
            return [
                record["p"]
                for record in session.run(get_query(name).text, bind_params(get_query(name), params))
            ]

    # Every graph query hands Browser real paths (nodes and relationships), not tables.
    for name, params in (
        ("ego_network", {"actor": "Putin"}),
        ("evidence_path", {"actor": "Erdogan", "target": "Ukraine"}),
        ("community", {"actor": "Putin"}),
        ("dyad", {"actor": "Russia", "target": "Ukraine"}),
    ):
        found = paths(name, **params)
        assert found and all(isinstance(p, neo4j.graph.Path) and len(p) >= 1 for p in found), name


def test_ego_network_walks_two_steps_over_positive_assertions(neo4j_driver, loaded) -> None:
    chains = _chains(q(neo4j_driver, loaded, "ego_network", actor="Zelensky"))
    assert chains == set()  # his only link, a meeting with Putin, is negated
    chains = _chains(q(neo4j_driver, loaded, "ego_network", actor="Erdogan"))
    assert ("Recep Tayyip Erdogan", "Vladimir Putin") in chains
    assert ("Recep Tayyip Erdogan", "NATO") in chains
    assert ("Recep Tayyip Erdogan", "Vladimir Putin", "Russia") in chains  # two steps
    assert max(len(c) for c in chains) == 3
    assert not any("Volodymyr Zelensky" in c for c in chains)


def test_community_follows_cooperation_only(neo4j_driver, loaded) -> None:
    members = {
        name for chain in _chains(q(neo4j_driver, loaded, "community", actor="Putin")) for name in chain
    }
    # Putin met Erdogan and visited Turkey; his hostile links (NATO, Russia's war) are not cooperation.
    assert members == {"Vladimir Putin", "Recep Tayyip Erdogan", "Turkey"}
    ukraine = {n for c in _chains(q(neo4j_driver, loaded, "community", actor="Ukraine")) for n in c}
    assert ukraine == {"Ukraine", "United States"}  # supports and aids, not the invasion


def test_dyad_lists_both_directions_with_negations_in_date_order(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "dyad", actor="Russia", target="Ukraine")
    assert [(r["subject"], r["predicate"], r["doc"]) for r in rows] == [
        ("Russia", "invades", "a_en"),  # event date 2022-02-24
        ("Russia", "threatens", "a_en"),
        ("Russia", "invades", "a_fr"),  # same article: text order
        ("Ukraine", "accuses", "a_fr"),
        ("Russia", "invades", "a_de"),
    ]
    negated = q(neo4j_driver, loaded, "dyad", actor="Putin", target="Zelensky")
    assert [(r["predicate"], r["polarity"]) for r in negated] == [("meets", "negative")]


def test_evidence_path_carries_the_sentences(neo4j_driver, loaded) -> None:
    rows = q(neo4j_driver, loaded, "evidence_path", actor="Erdogan", target="Ukraine")
    assert [r["hops"] for r in rows] == [3] * len(rows) and rows
    assert rows[0]["evidence"][0] == "Vladimir Putin meets Recep Tayyip Erdogan [a_tr]: Putin met Erdogan."
    assert q(neo4j_driver, loaded, "evidence_path", actor="Zelensky", target="Putin") == []


def test_top_actors_and_plover_summary(neo4j_driver, loaded) -> None:
    top = q(neo4j_driver, loaded, "top_actors", limit=2)
    assert [(r["actor"], r["assertions"], r["as_subject"], r["as_object"]) for r in top] == [
        ("Ukraine", 7, 1, 6),
        ("Russia", 6, 4, 2),
    ]
    summary = {r["type"]: r for r in q(neo4j_driver, loaded, "plover_summary")}
    assert (summary["ASSAULT"]["assertions"], summary["ASSAULT"]["sources"]) == (3, 3)
    assert summary["CONSULT"]["negated"] == 1
    assert summary["holdsRole"]["assertions"] == 1
    assert sum(r["assertions"] for r in summary.values()) == 14


# ---------------------------------------------------------------------------- kg query


def test_cli_query_json_csv_table(kg, loaded, neo4j_settings) -> None:
    result = kg(["query", "hostile_dyads", "--param", "limit=1", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["aggressor"], r["target"], r["sources"]) for r in rows] == [("Russia", "Ukraine", 3)]

    result = kg(
        ["query", "assertion_evidence", "-p", "actor=russia", "-p", "target=Ukraine", "--format", "csv"]
    )
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["predicate"], r["sources"]) for r in table] == [("invades", "3"), ("threatens", "1")]
    assert json.loads(table[0]["evidence"])[0]["doc"] == "a_de"

    result = kg(["query", "who_assaults", "--param", "target=ukraine"])
    assert result.exit_code == 0
    assert "Russia" in result.stdout and "invades" in result.stdout


def test_cli_query_list(kg, neo4j_settings) -> None:
    result = kg(["query", "--list"], NEO4J_URI="bolt://127.0.0.1:9")
    assert result.exit_code == 0  # no server needed
    for curated in list_queries():
        assert curated.name in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nope"], r"unknown query 'nope'; available: .*hostile_dyads"),
        (["query"], r"name a query to run; available: "),
        (["query", "actor_timeline"], r"needs --param for: actor \(string\)"),
        (
            ["query", "hostile_dyads", "-p", "limit=many"],
            r"limit of query 'hostile_dyads' must be int",
        ),
        (["query", "hostile_dyads", "-p", "colour=red"], r"has no parameter colour"),
        (["query", "hostile_dyads", "-p", "limit"], r"is not KEY=VALUE"),
    ],
)
def test_cli_query_errors_exit_2_before_connecting(kg, neo4j_settings, args, message) -> None:
    # An unreachable server: the query and its parameters are checked first.
    result = kg(args, NEO4J_URI="bolt://127.0.0.1:9")
    assert result.exit_code == 2
    assert re.search(message, " ".join(result.stderr.split())), result.stderr


def test_cli_query_unreachable_and_wrong_password(kg, neo4j_settings) -> None:
    result = kg(["query", "plover_summary"], NEO4J_URI="bolt://127.0.0.1:9")
    assert result.exit_code == 2 and "No Neo4j server answers" in result.stderr
    secret = "wrong-Secret-0815"
    result = kg(["query", "plover_summary"], NEO4J_PASSWORD=secret)
    assert result.exit_code == 2 and "refused the credentials" in result.stderr
    assert secret not in result.output


def test_cli_prints_graph_paths_as_chains_and_json_keeps_them_whole(kg, loaded) -> None:
    result = kg(["query", "ego_network", "--param", "actor=Erdogan", "--format", "csv"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "p,hops,chain"
    assert any(
        line.startswith("Recep Tayyip Erdogan <-meets- Vladimir Putin -holdsRole-> Russia,2,")
        for line in lines
    )
    as_json = kg(
        [
            "query",
            "evidence_path",
            "--param",
            "actor=Erdogan",
            "--param",
            "target=Ukraine",
            "--format",
            "json",
        ]
    )
    path = json.loads(as_json.output)[0]["p"]
    assert [n["label"] for n in path["nodes"]][0] == "Recep Tayyip Erdogan"
    first = path["relationships"][0]
    assert (first["type"], first["predicate"], first["sentence"]) == ("MEETS", "meets", "Putin met Erdogan.")
    assert (first["from"], first["to"]) == (path["nodes"][1]["uri"], path["nodes"][0]["uri"])
