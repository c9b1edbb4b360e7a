"""kg analyze and kg viz over a hand-made store: filters, polarity and modality, outputs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import SKOS, URIRef

from kg_builder.analytics import QUAD_CLASS, QUAD_CLASSES, Filters, actor_graph, read_relations
from kg_builder.analytics.metrics import centrality_scores, community_sets
from kg_builder.cli import cli
from kg_builder.models import Entity
from kg_builder.rdf.store import GraphStore
from kg_builder.testing import make_article, write_store

RU, UA, BY, US, PL, PUTIN = "wd:Q159", "wd:Q212", "wd:Q184", "wd:Q30", "wd:Q36", "wd:Q7747"
ENTITIES = {
    RU: Entity(RU, "Russia", "Country", "Q159"),
    UA: Entity(UA, "Ukraine", "Country", "Q212"),
    BY: Entity(BY, "Belarus", "Country", "Q184"),
    US: Entity(US, "United States", "Country", "Q30"),
    PL: Entity(PL, "Poland", "Country", "Q36"),
    PUTIN: Entity(PUTIN, "Vladimir Putin", "Person", "Q7747"),
}
FORMS = {
    RU: ("Russia", "Moscow", "Russie"),
    UA: ("Ukraine",),
    BY: ("Belarus", "Minsk"),
    US: ("United States", "États-Unis"),
    PL: ("Poland", "Pologne"),
    PUTIN: ("Putin",),
}

NEGATED = "Russia did not attack Poland."
INTENDED = "Moscow wants to talk with Ukraine."
INVADED_AGAIN = "Russia invaded Ukraine again on 26 February."


def _articles():
    def art(source, published, sentences, lang="en"):
        return make_article(source, sentences, entities=ENTITIES, forms=FORMS, lang=lang, published=published)

    return [
        art(
            "a1",
            "2022-01-15",
            [
                ("Russia threatened Ukraine.", [(RU, "threatens", UA, "positive", {})]),
                ("Belarus supported Russia.", [(BY, "supports", RU, "positive", {})]),
                ("Belarus praised Russia.", [(BY, "praises", RU, "positive", {})]),
                (NEGATED, [(RU, "attacks", PL, "negative", {})]),
            ],
        ),
        art(
            "a2",
            "2022-02-24",
            [
                (
                    "Russia invaded Ukraine.",
                    [(RU, "invades", UA, "positive", {"date": "2022-02-24", "confidence": 0.95})],
                ),
                ("Russia bombed Ukraine.", [(RU, "bombs", UA, "positive", {})]),
                (INTENDED, [(RU, "talksWith", UA, "positive", {"modality": "intended"})]),
                ("Russia cooperates with Belarus.", [(RU, "cooperatesWith", BY, "positive", {})]),
            ],
        ),
        art(
            "a3",
            "2022-03-05",
            [
                ("Les États-Unis aident l'Ukraine.", [(US, "aids", UA, "positive", {})]),
                ("La Pologne soutient l'Ukraine.", [(PL, "supports", UA, "positive", {})]),
                (
                    "L'Ukraine a négocié avec la Russie.",
                    [(UA, "negotiatesWith", RU, "positive", {"date": "2022-03-01"})],
                ),
                ("L'Ukraine n'a pas attaqué la Russie.", [(UA, "attacks", RU, "negative", {})]),
                ("La Pologne s'allie aux États-Unis.", [(PL, "alliesWith", US, "positive", {})]),
            ],
            lang="fr",
        ),
        art(
            "a4",
            "2022-03-20",
            [
                ("The United States aided Ukraine.", [(US, "aids", UA, "positive", {})]),
                ("Poland supported Ukraine.", [(PL, "supports", UA, "positive", {})]),
                ("The United States allied with Poland.", [(US, "alliesWith", PL, "positive", {})]),
                ("Belarus supported Russia.", [(BY, "supports", RU, "positive", {})]),
                ("Putin is the president of Russia.", [(PUTIN, "holdsRole", RU, "positive", {})]),
                (INVADED_AGAIN, [(RU, "invades", UA, "positive", {"date": "2022-02-26"})]),
            ],
        ),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("analytics") / "store", _articles(), ENTITIES)


def kg(*args: str) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    print(result.output)
    return result


def selection(store: Path, **filters: object):
    with GraphStore(store, read_only=True) as s:
        return read_relations(s, Filters(**filters))


def edges(store: Path, **filters: object) -> dict[tuple[str, str], int]:
    graph = actor_graph(selection(store, **filters))
    return {(s, o): w for s, o, w in graph.edges(data="weight")}


# ----------------------------------------------------------------------------- PLOVER classes


def test_quad_classes_cover_every_plover_type_of_the_ontology() -> None:
    from kg_builder.rdf.ontology import load_ontology

    graph = load_ontology().graph
    scheme = URIRef("https://w3id.org/kg-builder/plover#scheme")
    types = {str(c).rsplit("#", 1)[1] for c in graph.subjects(SKOS.inScheme, scheme)}
    assert len(types) == 16
    assert set(QUAD_CLASS) == types
    assert {QUAD_CLASS[t] for t in types} == set(QUAD_CLASSES)
    assert QUAD_CLASS["ASSAULT"] == "material conflict" and QUAD_CLASS["AGREE"] == "verbal cooperation"


# ----------------------------------------------------------------------------- selection


def test_default_counts_only_positive_asserted_event_relations(store: Path) -> None:
    assert edges(store) == {
        (RU, UA): 4,  # threatens, invades, bombs, invades again; not the intended talk
        (BY, RU): 3,
        (RU, BY): 1,
        (UA, RU): 1,  # negotiates; not the negated attack
        (US, UA): 2,
        (PL, UA): 2,
        (PL, US): 1,
        (US, PL): 1,
    }


def test_include_flags_add_negated_unasserted_and_structural_relations(store: Path) -> None:
    base = edges(store)
    negated = edges(store, include_negated=True)
    assert negated[(RU, PL)] == 1 and negated[(UA, RU)] == 2
    assert {k: v for k, v in negated.items() if k != (RU, PL)} == {**base, (UA, RU): 2}
    assert edges(store, include_unasserted=True)[(RU, UA)] == 5
    assert (PUTIN, RU) not in base
    assert edges(store, include_structural=True)[(PUTIN, RU)] == 1


def test_dates_use_the_event_date_else_the_article_date(store: Path) -> None:
    from datetime import date

    # a4 was published on 20 March, but its invasion happened on 26 February (event date).
    march = selection(store, since=date(2022, 3, 1))
    assert INVADED_AGAIN not in {r.sentence for r in march.relations}
    assert {r.date_source for r in march.relations} == {"event", "article"}
    february = selection(store, since=date(2022, 2, 1), until=date(2022, 2, 28))
    assert {(r.sentence, r.date, r.date_source) for r in february.relations} == {
        ("Russia invaded Ukraine.", "2022-02-24", "event"),
        ("Russia bombed Ukraine.", "2022-02-24", "article"),
        ("Russia cooperates with Belarus.", "2022-02-24", "article"),
        (INVADED_AGAIN, "2022-02-26", "event"),
    }


def test_lang_plover_and_min_sources_filters(store: Path) -> None:
    assert {r.doc for r in selection(store, langs=("fr",)).relations} == {"a3"}
    assert {r.plover for r in selection(store, plover=("assault",)).relations} == {"ASSAULT"}
    # Pairs reported by at least two articles: Russia -> Ukraine (a1, a2, a4), Belarus -> Russia
    # (a1, a4), US -> Ukraine and Poland -> Ukraine (a3, a4).
    assert set(edges(store, min_sources=2)) == {(RU, UA), (BY, RU), (US, UA), (PL, UA)}


# ----------------------------------------------------------------------------- analyses


def test_centrality_weights_by_assertions_and_ignores_negated_by_default(store: Path) -> None:
    rows = {r["key"]: r for r in centrality_scores(actor_graph(selection(store)))}
    assert rows[RU]["degree"] == 4 + 3 + 1 + 1 and rows[RU]["out"] == 5 and rows[RU]["in"] == 4
    assert rows[PL]["partners"] == 2  # Ukraine and United States; not Russia (negated)
    assert rows[UA]["pagerank"] > rows[BY]["pagerank"]
    assert sum(r["pagerank"] for r in rows.values()) == pytest.approx(1.0)
    # Russia lies between the Belarus bloc and the rest: the only actor Belarus reaches through.
    assert rows[RU]["betweenness"] > 0 and rows[BY]["betweenness"] == 0
    wide = {r["key"]: r for r in centrality_scores(actor_graph(selection(store, include_negated=True)))}
    assert wide[PL]["partners"] == 3 and wide[RU]["degree"] == rows[RU]["degree"] + 2


def test_centrality_command_outputs_table_json_and_csv(store: Path) -> None:
    table = kg("analyze", "centrality", "--store", store)
    assert table.exit_code == 0 and "Russia" in table.output
    data = json.loads(kg("analyze", "centrality", "--store", store, "--format", "json").output)
    assert data["analysis"] == "centrality" and data["filters"]["include_negated"] is False
    assert [r["rank"] for r in data["actors"]] == list(range(1, 6))
    csv_out = kg("analyze", "centrality", "--store", store, "--format", "csv", "--top", "2").output
    lines = csv_out.strip().splitlines()
    assert lines[0] == "rank,label,key,type,degree,out,in,partners,pagerank,betweenness" and len(lines) == 3


def test_communities_split_the_two_blocs(store: Path) -> None:
    graph = actor_graph(selection(store))
    sets = community_sets(graph)
    assert sorted(map(sorted, sets)) == sorted([sorted([RU, BY]), sorted([UA, US, PL])])
    assert community_sets(graph) == sets  # seeded: the same every run
    data = json.loads(kg("analyze", "communities", "--store", store, "--format", "json").output)
    rows = {frozenset(r["keys"]): r for r in data["communities"]}
    bloc = rows[frozenset([RU, BY])]
    assert bloc["members"] == ["Russia", "Belarus"] and bloc["assertions"] == 4
    assert bloc["types"] == ["SUPPORT 3", "COOPERATE 1"]
    assert rows[frozenset([UA, US, PL])]["types"] == ["AID 2", "COOPERATE 2", "SUPPORT 2"]


def test_dyad_counts_classes_by_month_and_keeps_negated_and_intended_apart(store: Path) -> None:
    result = kg("analyze", "dyad", "russia", "Ukraine", "--store", store, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    months = [
        (
            r["month"],
            r["direction"],
            r["verbal cooperation"],
            r["verbal conflict"],
            r["material conflict"],
            r["negated"],
            r["unasserted"],
            r["balance"],
            r["running"],
        )
        for r in data["months"]
    ]
    assert months == [
        ("2022-01", "Russia → Ukraine", 0, 1, 0, 0, 0, -1, -1),
        ("2022-02", "Russia → Ukraine", 0, 0, 3, 0, 1, -3, -4),
        ("2022-03", "Ukraine → Russia", 1, 0, 0, 1, 0, 1, -3),
    ]
    listed = {r["sentence"]: r for r in data["assertions"]}
    assert len(listed) == 7
    assert listed[INTENDED]["counted"] is False and listed[INTENDED]["modality"] == "intended"
    assert listed["L'Ukraine n'a pas attaqué la Russie."]["counted"] is False


def test_dyad_month_rows_follow_the_since_filter(store: Path) -> None:
    result = kg("analyze", "dyad", RU, UA, "--store", store, "--since", "2022-03-01", "--format", "json")
    data = json.loads(result.output)
    assert [r["month"] for r in data["months"]] == ["2022-03"]


def test_path_follows_evidence_and_negated_relations_only_on_request(store: Path) -> None:
    result = kg("analyze", "path", "Pologne", "Belarus", "--store", store, "--format", "json")
    data = json.loads(result.output)
    hops = [(r["chain"], r["hop"], r["from"], r["to"]) for r in data["hops"]]
    assert hops == [
        (1, 1, "Poland", "Ukraine"),
        (1, 2, "Ukraine", "Russia"),
        (1, 3, "Russia", "Belarus"),
    ]
    second = data["hops"][1]
    # Best evidence of the pair: the highest-confidence assertion, in either direction.
    assert second["sentence"] == "Russia invaded Ukraine."
    assert second["relation"] == "Russia –invades→ Ukraine"
    assert second["support"] == 5
    wide = json.loads(
        kg("analyze", "path", PL, BY, "--store", store, "--include-negated", "--format", "json").output
    )
    assert [(r["from"], r["to"], r["sentence"]) for r in wide["hops"]][0] == ("Poland", "Russia", NEGATED)
    assert len(wide["hops"]) == 2 and wide["hops"][0]["polarity"] == "negative"


def test_path_without_connection_says_so(store: Path) -> None:
    result = kg("analyze", "path", "Putin", "Russia", "--store", store, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["hops"] == []
    linked = kg(
        "analyze", "path", "Putin", "Russia", "--store", store, "--include-structural", "--format", "json"
    )
    assert json.loads(linked.output)["hops"][0]["relation"] == "Vladimir Putin –holdsRole→ Russia"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("analyze", "dyad", "Atlantis", "Russia"), "unknown actor 'Atlantis'"),
        (("analyze", "path", "Russia", "Nowhere"), "unknown actor 'Nowhere'"),
        (("analyze", "centrality", "--plover", "HUG"), "unknown PLOVER type HUG"),
        (("analyze", "communities", "--since", "2022-05-01", "--until", "2022-01-01"), "is after"),
        (("viz", "-o", "x.pdf"), "unknown picture format .pdf"),
        (("viz", "-o", "x.png", "--around", "Mars"), "unknown actor 'Mars'"),
        (("viz", "-o", "x.png", "--community", "9"), "there are 2 communities"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(store: Path, tmp_path: Path, args, message) -> None:
    args = tuple(str(tmp_path / a) if a.startswith("x.") else a for a in args)
    result = kg(*args, "--store", store)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())  # no picture, not even a partial one


def test_actor_arguments_match_key_label_and_surface_form_in_any_case(store: Path) -> None:
    for spelling in ("wd:q159", "RUSSIA", "moscow", "Russie"):
        result = kg("analyze", "dyad", spelling, "ukraine", "--store", store, "--format", "json")
        data = json.loads(result.output)
        assert data["notes"][0].startswith("Russia (wd:Q159) and Ukraine (wd:Q212)")


# ----------------------------------------------------------------------------- pictures


def test_viz_writes_png_svg_and_self_contained_html(store: Path, tmp_path: Path) -> None:
    for name in ("g.png", "g.svg", "g.html"):
        result = kg("viz", "-o", tmp_path / name, "--store", store)
        assert result.exit_code == 0 and "5 actors and 8 ties (15 assertions)" in result.output
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = ET.parse(tmp_path / "g.svg").getroot()
    assert svg.tag.endswith("svg")
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    payload = page.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    data = json.loads(payload)
    labels = sorted(n["label"] for n in data["nodes"])
    assert labels == ["Belarus", "Poland", "Russia", "Ukraine", "United States"]
    assert any("“Russia invaded Ukraine.”" in line for tip in data["tips"] for _, line in tip)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html", "g.png", "g.svg"]


def test_viz_subgraphs_ego_community_and_dyad(store: Path, tmp_path: Path) -> None:
    ego = kg("viz", "-o", tmp_path / "ego.html", "--around", "Belarus", "--depth", "1", "--store", store)
    assert ego.exit_code == 0 and "2 actors" in ego.output
    ego2 = kg("viz", "-o", tmp_path / "ego2.svg", "--around", "Belarus", "--depth", "2", "--store", store)
    assert "3 actors" in ego2.output
    community = kg("viz", "-o", tmp_path / "c.png", "--community", "1", "--store", store)
    assert community.exit_code == 0 and "3 actors" in community.output
    for name in ("d.png", "d.html"):
        dyad = kg("viz", "-o", tmp_path / name, "--dyad", "Russia", "Ukraine", "--store", store)
        assert dyad.exit_code == 0 and "7 assertions" in dyad.output
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert INTENDED in page and "2022-02" in page


# ----------------------------------------------------------------------------- GraphML and GEXF


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_read_back_to_the_same_graph(store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    result = kg("export", "--store", store, "--format", fmt, "-o", out)
    assert result.exit_code == 0 and "exported 8 ties" in result.output
    expected = actor_graph(selection(store))
    read = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert read.is_directed()
    assert dict(read.nodes(data=True)) == dict(expected.nodes(data=True))
    got_edges = {}
    for s, o, data in read.edges(data=True):
        data = dict(data)
        data.pop("id", None)  # GEXF gives every edge an id
        data["weight"] = int(data["weight"])  # GEXF's edge weight is a float
        got_edges[(s, o)] = data
    assert got_edges == {(s, o): d for s, o, d in expected.edges(data=True)}
    assert got_edges[(RU, UA)]["sentence"] == "Russia invaded Ukraine."
