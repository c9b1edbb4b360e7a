"""scripts/convert_cameo_verbs.py: CAMEO verb dictionaries -> candidate lexicon triggers."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_script():  # noqa: ANN202 - a module object
    path = ROOT / "scripts" / "convert_cameo_verbs.py"
    spec = importlib.util.spec_from_file_location("convert_cameo_verbs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["convert_cameo_verbs"] = module
    spec.loader.exec_module(module)
    return module


cv = _load_script()

# A synthetic crosswalk and verb dictionary in the PLOVER / PETRARCH formats.
CROSSWALK = """\
# header
04: CONSULT
040: CONSULT, ,  # Consult
042: CONSULT, visit,   # Make a visit
05: SUPPORT
057: SUPPORT,  , diplomatic # Sign formal agreement
08: CONCEDE
080: CONCEDE,   ,  # Yield
08: RETREAT
084: RETREAT,   ,  # Return, release
0841: RETREAT, release,   legal # Return, release person(s)
11: ACCUSE
111: ACCUSE, disapprove,    # Criticize or denounce
"""

VERBS = """\
####### SYNONYM SETS #######
&CURRENCY
+DOLLAR

####### VERB PATTERNS #######

---  CRITICIZE   [111]  ---
CRITICIZE
BERATE {BERATES BERATED BERATING }
# COMMENTED OUT
+HIT_OUT  [111]
PONDER  [040]
- * PROPOSAL                                          [111]         # BERATE
- * (AT SUMMIT)                                       [111]         # BERATE

---  LOOK   [---]  ---
LOOK
SIGN  [057]
FREE  [0841]
- * AGREEMENT  [057]  # SIGN
- * AGREEMENTS  [057]  # SIGN
- &CURRENCY * AID  [040]  # LOOK

---  YIELD   [080]  ---
YIELD
SAY  [010]
ANNOUNCE  [020]

######## TRANSFORMATIONS ##########
- * NOTAVERB [111]
"""

PLOVER_OF = {
    "talksWith": "CONSULT",
    "signsAgreementWith": "AGREE",
    "concedesTo": "CONCEDE",
    "releases": "CONCEDE",
    "criticizes": "ACCUSE",
    "requests": "REQUEST",
}


@pytest.fixture
def crosswalk() -> dict[str, str]:
    return cv.read_crosswalk(CROSSWALK.splitlines())


def test_crosswalk_keeps_the_first_header_and_specific_codes(crosswalk) -> None:
    assert crosswalk["08"] == "CONCEDE"  # the repeated '08: RETREAT' header does not override it
    assert crosswalk["084"] == "RETREAT"
    assert crosswalk["0841"] == "RETREAT"


def test_read_verbs_takes_block_and_own_codes() -> None:
    got = {(v.words, v.code, v.kind) for v in cv.read_verbs(VERBS.splitlines())}
    assert (("criticize",), "111", "verb") in got
    assert (("berate",), "111", "verb") in got  # irregular forms in braces are no verbs
    assert (("hit", "out"), "111", "verb") in got
    assert (("ponder",), "040", "verb") in got  # its own code beats the block's
    assert (("berate", "proposal"), "111", "pattern") in got
    assert (("sign", "agreement"), "057", "pattern") in got
    words = {w for w, _code, _kind in got}
    assert ("look",) not in words  # a block without a code gives its plain verbs none
    assert not any("notaverb" in w for w in words)  # transformations are not verb patterns
    assert not any("aid" in w for w in words)  # only '- * NOUN' patterns, no subject slots
    assert not any("summit" in w or "at" in w for w in words)  # no prepositional phrases


def test_candidates_map_codes_to_predicates(crosswalk) -> None:
    verbs = list(cv.read_verbs(VERBS.splitlines()))
    cands = cv.candidates(
        verbs, lang="en", crosswalk=crosswalk, plover_of=PLOVER_OF, known={"criticize": {"criticizes"}}
    )
    by = {(c.lemma, c.predicate): c for c in cands}
    assert by[("berate", "criticizes")].plover == "ACCUSE"
    assert by[("berate", "criticizes")].plover_source == "crosswalk"
    assert by[("criticize", "criticizes")].in_lexicon == "criticizes"
    assert by[("berate", "criticizes")].in_lexicon == ""
    assert by[("ponder", "talksWith")].codes == ("040",)
    # the two 'agreement(s)' patterns are one singular candidate
    sign = by[("sign agreement", "signsAgreementWith")]
    assert sign.kind == "pattern" and sign.codes == ("057",)
    # CAMEO 057 is SUPPORT in the crosswalk; the project's predicate says AGREE: flagged
    assert sign.plover == "AGREE" and sign.plover_source == "conflict"
    assert by[("free", "releases")].plover_source == "conflict"  # 0841 RETREAT vs CONCEDE
    # 02 (appeal) is absent from the crosswalk, REQUEST by the project's own definition
    assert by[("announce", "requests")].plover_source == "project"
    # statements (010) have no predicate
    assert not any(c.lemma == "say" for c in cands)
    assert [c.lemma for c in cands] == sorted(c.lemma for c in cands)


def test_every_mapped_predicate_exists_in_the_shipped_ontology() -> None:
    shipped = json.loads((cv.LEXICON_DIR / "predicates.json").read_text(encoding="utf-8"))["predicates"]
    assert set(cv.PREDICATE_BY_CAMEO.values()) <= set(shipped)


def test_main_reports_missing_sources(tmp_path, capsys) -> None:
    assert cv.main(["--source", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "missing source file" in err and "CAMEO.2.0.txt" in err
    assert not (tmp_path / "out").exists()


def test_convert_writes_sorted_tsv_with_sources(tmp_path) -> None:
    src = tmp_path / "eventdata"
    for rel, text in [
        ("plover/CAMEO2PLOVER-2021.txt", CROSSWALK),
        ("petrarch2/CAMEO.2.0.txt", VERBS),
        ("universalpetrarch-es/verbpatterns_es_190128.txt", VERBS.replace("BERATE", "REPRENDER")),
    ]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    stats = cv.convert(src, out)
    first = (out / "en.tsv").read_text(encoding="utf-8")
    assert stats["en"]["candidates"] > 0
    assert "MIT licence" in first and "CC BY-SA 4.0" in first
    rows = [line.split("\t") for line in first.splitlines() if not line.startswith("#")]
    assert rows[0] == list(cv.COLUMNS)
    assert rows[1:] == sorted(rows[1:], key=lambda r: (r[0], r[2], r[6]))
    es_lemmas = {line.split("\t")[0] for line in (out / "es.tsv").read_text(encoding="utf-8").splitlines()}
    assert "reprender" in es_lemmas
    cv.convert(src, out)  # deterministic: a second run writes the same bytes
    assert (out / "en.tsv").read_text(encoding="utf-8") == first
