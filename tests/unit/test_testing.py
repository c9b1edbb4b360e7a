"""kg_builder.testing: hand-made articles go through the product's own mapping."""

from __future__ import annotations

from kg_builder.models import Entity
from kg_builder.rdf.read import relations, surface_forms
from kg_builder.rdf.store import GraphStore
from kg_builder.testing import make_article, write_store

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "wd:Q7747": Entity("wd:Q7747", "Vladimir Putin", "Person", "Q7747"),
}


def test_a_hand_made_article_is_stored_as_kg_build_would_store_it(tmp_path) -> None:
    doc = make_article(
        "doc1",
        [
            (
                "Moscow said Russia did not invade Ukraine.",
                [
                    (
                        "wd:Q159",
                        "invades",
                        "wd:Q212",
                        "negative",
                        {"speaker": "wd:Q7747", "date": "2024-02-24"},
                    ),
                ],
            ),
            ("Putin spoke later.", []),
        ],
        entities=ENTITIES,
        forms={"wd:Q159": ("Russia", "Moscow"), "wd:Q212": ("Ukraine",), "wd:Q7747": ("Putin",)},
        lang="en",
    )
    assert doc.article.text == "Moscow said Russia did not invade Ukraine. Putin spoke later."
    assert [(m.text, m.start) for m in doc.mentions][:2] == [("Russia", 12), ("Moscow", 0)]
    path = write_store(tmp_path / "store", [doc], ENTITIES)
    with GraphStore(path, read_only=True) as store:
        (rel,) = list(relations(store))
        forms = surface_forms(store)
    assert (rel.subject.label, rel.predicate, rel.object.label) == ("Russia", "invades", "Ukraine")
    assert (rel.plover, rel.polarity, rel.speaker.label, rel.date) == (
        "ASSAULT",
        "negative",
        "Vladimir Putin",
        "2024-02-24",
    )
    assert (rel.sentence, rel.start, rel.end, rel.doc) == (
        "Moscow said Russia did not invade Ukraine.",
        0,
        42,
        "doc1",
    )
    assert sorted(forms.values()) == [["Moscow", "Russia"], ["Putin"], ["Ukraine"]]
