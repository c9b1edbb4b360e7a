#!/usr/bin/env python3
"""Convert the open event-data actor dictionaries into kg_builder's actor data files.

Sources (facts only are converted; no source file is copied as it is):

* PETRARCH2 dictionaries, openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf
  (``petrarch2/data/dictionaries/``), MIT licence, Copyright (c) 2014 Open Event Data:
  ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
  ``Phoenix.MilNonState.actors.txt``, ``Phoenix.agents.txt``.
* UniversalPetrarch Spanish dictionaries, openeventdata/UniversalPetrarch
  @ 067552d83956f552d355256bf200e89ec9fdb7dc (``UniversalPetrarch/data/dictionaries/spanish/``),
  MIT licence, Copyright (c) 2016 Open Event Data Alliance: ``actors_unified_181220.txt``,
  ``agents_181220.txt``.

Outputs (in ``kg_builder/actors/data/``, each with a header naming sources and licence):

* ``eventdata-people.jsonl``: political actors with dated roles. A CAMEO ``GOV`` code says
  "in government", not which office, so a role from ``roles.json`` is given only when the
  entry's own aliases name exactly one office (``PRESIDENT_KARZAI``, ``FOREIGN_MINISTER_X``);
  that office is then dated by the entry's ``<country>GOV`` tenures. Tenures ending before
  1990 are dropped; open-ended tenures are closed at the last date the source file knows
  (the file is not maintained, and "still in office" would be a guess).
* ``eventdata-organizations.jsonl``: IGOs, NGOs and armed non-state groups, with Spanish names
  where a Spanish record shares a name with an English one.
* ``agents.json``: role and sector nouns (English, Spanish) with their CAMEO sector code and
  the entity type a capitalised name headed by them most likely has (``army`` -> Organization,
  ``rebels`` -> Group).

Precision filters: names that are common words in any supported language (wordfreq), names
claimed by two different entries, one- and two-letter names, aliases that the hand-made
dictionary already matches (the hand-made entry wins), people and bodies known only before 1990.

Re-run after changing the filters or the sources::

    python scripts/convert_eventdata.py --source ../shared/data/eventdata

It needs ``pycountry`` and ``wordfreq`` (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg_builder.actors.tabari import Code, Record, read_agents, read_tabari, tabari_date, words  # noqa: E402

__all__ = ["Code", "Record", "convert", "main", "read_agents", "read_tabari", "tabari_date", "words"]

DATA_DIR = ROOT / "kg_builder" / "actors" / "data"

SOURCES = {
    "petrarch2": (
        "openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf "
        "(petrarch2/data/dictionaries/), MIT licence, Copyright (c) 2014 Open Event Data"
    ),
    "universalpetrarch-es": (
        "openeventdata/UniversalPetrarch @ 067552d83956f552d355256bf200e89ec9fdb7dc "
        "(UniversalPetrarch/data/dictionaries/spanish/), MIT licence, "
        "Copyright (c) 2016 Open Event Data Alliance"
    ),
}

#: Tenures (and people) that ended before this day are dropped.
MIN_END = "1990-01-01"
#: A single-word name is dropped when its Zipf frequency in any supported language reaches this.
COMMON_ZIPF = 3.5
LANGS = ("en", "fr", "it", "es", "de", "pl", "ru", "uk")

# --- names -------------------------------------------------------------------------

_LOWER_WORDS = frozenset(
    "of the and for in on to at by a an de del della di du des la le les los las y e et "
    "und der die das für von al el bin ibn".split()
)
_ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")


def title_word(word: str, *, first: bool) -> str:
    """Case one upper-case word for display and matching (``MCCAIN`` -> ``Mccain``)."""
    low = word.lower()
    if not first and low in _LOWER_WORDS:
        return low
    if _ROMAN.match(word):
        return word
    parts = re.split(r"([-'’.])", low)
    return "".join(p[:1].upper() + p[1:] if p and p[0].isalpha() else p for p in parts)


def display(tokens: Sequence[str]) -> str:
    """Title-case a token list into a name."""
    return " ".join(title_word(t, first=i == 0) for i, t in enumerate(tokens))


class CommonWords:
    """Says whether a word is common in any supported language (wordfreq Zipf scale)."""

    def __init__(self, threshold: float = COMMON_ZIPF, extra: Iterable[str] = ()) -> None:
        from wordfreq import zipf_frequency

        self._zipf = zipf_frequency
        self._threshold = threshold
        self._extra = {w.casefold() for w in extra}
        self._cache: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        key = word.casefold()
        hit = self._cache.get(key)
        if hit is None:
            hit = key in self._extra or any(self._zipf(key, lang) >= self._threshold for lang in LANGS)
            self._cache[key] = hit
        return hit


# --- roles from alias prefixes ------------------------------------------------------

#: English role phrases as they appear before names in the dictionary -> roles.json key.
ROLE_PHRASES: dict[tuple[str, ...], str] = {
    ("PRESIDENT",): "president",
    ("VICE", "PRESIDENT"): "vice_president",
    ("VICE-PRESIDENT",): "vice_president",
    ("PRIME", "MINISTER"): "prime_minister",
    ("PREMIER",): "prime_minister",
    ("CHANCELLOR",): "chancellor",
    ("FOREIGN", "MINISTER"): "foreign_minister",
    ("FOREIGN", "SECRETARY"): "foreign_minister",
    ("SECRETARY", "OF", "STATE"): "foreign_minister",
    ("DEFENSE", "MINISTER"): "defence_minister",
    ("DEFENCE", "MINISTER"): "defence_minister",
    ("DEFENSE", "SECRETARY"): "defence_minister",
    ("DEFENCE", "SECRETARY"): "defence_minister",
    ("KING",): "monarch",
    ("QUEEN",): "monarch",
    ("SUPREME", "LEADER"): "supreme_leader",
}
#: Words that may precede a role phrase or a name and are not part of the name.
TITLE_WORDS = frozenset(
    """MR MR. MRS MRS. MS MS. DR DR. SIR GEN GEN. GENERAL LT COL COL. MAJOR ADMIRAL MARSHAL
    SENATOR SEN SEN. GOVERNOR GOV GOV. REP REP. CONGRESSMAN CONGRESSWOMAN MAYOR JUDGE JUSTICE
    PRESIDENT PRESIDENT-ELECT VICE VICE-PRESIDENT PRIME MINISTER PREMIER CHANCELLOR FOREIGN
    DEFENSE DEFENCE SECRETARY SECRETARY-GENERAL STATE OF KING QUEEN PRINCE PRINCESS EMIR SHEIKH
    SHEIK SUPREME LEADER ACTING FORMER EX EX-PRESIDENT INTERIOR FINANCE DEPUTY AMBASSADOR
    CHAIRMAN SPEAKER US U.S. UK U.K. AMERICAN BRITISH UNITED STATES UN U.N. THE""".split()
)
#: A role phrase after one of these words is not the person's office (former, deputy...).
_NOT_OFFICE = frozenset({"FORMER", "EX", "DEPUTY", "ACTING", "VICE", "LATE"})
#: Alias words that make the alias name something else than the person.
_NOT_PERSON = frozenset(
    {"ADMINISTRATION", "GOVERNMENT", "CABINET", "REGIME", "CAMP", "SUPPORTERS", "FAMILY", "ERA", "WIFE"}
)


def alias_role(tokens: Sequence[str]) -> tuple[str | None, int]:
    """The office named before the name in ``tokens`` and where the name starts.

    ``PRESIDENT_BARACK_OBAMA`` -> (``president``, 1); ``US_PRESIDENT_OBAMA`` ->
    (``president``, 2); ``FORMER_PRESIDENT_X`` -> (None, 2); ``BARACK_OBAMA`` -> (None, 0).
    """
    i = 0
    role: str | None = None
    n = len(tokens)
    while i < n:
        for phrase, key in sorted(ROLE_PHRASES.items(), key=lambda kv: -len(kv[0])):
            k = len(phrase)
            if tuple(tokens[i : i + k]) == phrase:
                prev = tokens[i - 1] if i else ""
                role = None if prev in _NOT_OFFICE or role is not None else key
                i += k
                break
        else:
            if tokens[i] in TITLE_WORDS or tokens[i].endswith("-ELECT"):
                if tokens[i].endswith("-ELECT") or tokens[i] in ("FORMER", "EX", "EX-PRESIDENT"):
                    role = None
                i += 1
                continue
            break
    return role, i


#: The dictionary's own notes on a tenure line ("[DEUGOV 19981027-20051122] # Chancellor of
#: Germany") -> roles.json key. A tenure with any other note held another office.
TENURE_NOTES: dict[str, str] = {
    "president": "president",
    "president of germany": "president",
    "prime minister": "prime_minister",
    "pm": "prime_minister",
    "chancellor": "chancellor",
    "chancellor of germany": "chancellor",
    "foreign minister": "foreign_minister",
    "secretary of state": "foreign_minister",
    "sec state": "foreign_minister",
    "sec def": "defence_minister",
    "supreme leader": "supreme_leader",
}
_IGNORED_NOTES = re.compile(r"^(?:countryinfo\.txt|check start date|add dates\?|)$")


def note_role(note: str) -> str | None | bool:
    """Role named by a tenure note; None for another office; True when the note says nothing."""
    text = re.sub(r"\s+pt\.?\s*\d+$", "", note.strip().lower()).strip()
    if _IGNORED_NOTES.match(text):
        return True
    return TENURE_NOTES.get(text)


# --- conversion ------------------------------------------------------------------


@dataclass
class Person:
    """A person being converted."""

    label: str
    country: str
    names: list[str]
    tenures: list[Code]
    roles: set[str]
    where: str


def alpha2(cameo: str) -> str | None:
    """ISO alpha-2 code for a CAMEO country code (ISO alpha-3 for almost all countries)."""
    import pycountry

    special = {"KSV": "XK", "ROM": "RO", "ZAR": "CD", "TMP": "TL"}
    if cameo in special:
        return special[cameo]
    country = pycountry.countries.get(alpha_3=cameo)
    return country.alpha_2 if country is not None else None


def _country_of(codes: Sequence[Code]) -> str | None:
    countries = Counter(c.code[:3] for c in codes if len(c.code) >= 6 and c.code[:3] != "IGO")
    return countries.most_common(1)[0][0] if countries else None


def _recent(code: Code) -> bool:
    if code.end is not None:
        return code.end >= MIN_END
    return code.start is None or code.start >= MIN_END


_ORG_HEADS = frozenset(
    """ORGANIZATION ORGANISATION UNION COUNCIL BANK FUND AGENCY COMMITTEE COMMISSION COURT ARMY
    FRONT BRIGADE BRIGADES MOVEMENT PARTY GROUP LEAGUE ASSOCIATION FEDERATION FORCES FORCE
    TRIBUNAL OFFICE PROGRAMME PROGRAM INSTITUTE FOUNDATION SOCIETY NETWORK ALLIANCE CORPORATION
    COMPANY SECRETARIAT MISSION ASSEMBLY PARLIAMENT CELLS CELL FACTION CENTRE CENTER CONFERENCE
    COMMUNITY BOARD AUTHORITY SERVICE WATCH INTERNATIONAL MILITIA MILITIAS COMMAND GUARD GUARDS
    BATTALION REGIMENT JIHAD HEZBOLLAH HIZBALLAH TALIBAN MUJAHIDEEN CONGRESS COALITION ORDER
    CROSS CRESCENT TRUST INITIATIVE PANEL BUREAU DIRECTORATE CORPS""".split()
)
_ORG_SKIP = frozenset({"ENVOY", "MONITOR", "PEACEKEEPER", "PEACEKEEPERS", "OFFICIAL", "OFFICIALS", "BODIES"})


@dataclass
class Org:
    """An organisation or group being converted."""

    label: str
    type: str
    names: list[str]
    acronyms: list[str]
    es_names: list[str]
    where: str
    codes: frozenset[str] = frozenset()


def _is_acronym(tokens: Sequence[str]) -> bool:
    return len(tokens) == 1 and 3 <= len(tokens[0].replace(".", "")) <= 6 and tokens[0].isalpha()


def org_names(phrase: str) -> tuple[list[str], list[str]]:
    """Display names and acronyms of one organisation phrase (``X_(ABC)_`` -> X, ABC)."""
    names, acronyms = [], []
    for inner in re.findall(r"\(([A-Z.\-]{2,8})\)", phrase):
        acronyms.append(inner.replace(".", ""))
    phrase = re.sub(r"\([^)]*\)", " ", phrase)
    tokens = words(phrase)
    while tokens and tokens[0] == "THE":
        tokens = tokens[1:]
    if not tokens:
        return names, acronyms
    if _is_acronym(tokens):
        acronyms.append(tokens[0])
    else:
        names.append(display(tokens))
    return names, acronyms


def is_org_record(rec: Record) -> bool:
    """True when the record names an organisation or group, not a person or a role phrase."""
    phrases = [rec.name, *rec.aliases]
    toks = [set(words(re.sub(r"\([^)]*\)", " ", p))) for p in phrases]
    if any(t & _ORG_SKIP for t in toks):
        return False
    if any(t & _ORG_HEADS for t in toks):
        return True
    return _is_acronym(words(rec.name)) and not any(c.start or c.end for c in rec.codes)


def _org_type(rec: Record) -> str:
    codes = {c.code for c in rec.codes}
    armed = any(re.search(r"(REB|UAF|INS|SEP)", c) for c in codes) or any(c.startswith("IMG") for c in codes)
    return "Group" if armed and not any(c.startswith(("IGO", "NGO")) for c in codes) else "Organization"


def convert_people(records: Iterable[Record], *, common: CommonWords, source: str) -> list[Person]:
    """People with a recent tenure from a countries dictionary (see the module docstring)."""
    out: list[Person] = []
    for rec in records:
        codes = [c for c in rec.codes if len(c.code) >= 6 and c.code[:3].isalpha()]
        dated = [c for c in codes if c.start or c.end]
        person_like = "countryinfo" in rec.comment.lower() or bool(dated)
        if not person_like or not codes:
            continue
        if not any(_recent(c) for c in codes):
            continue
        country = _country_of(codes)
        if country is None:
            continue
        names: list[str] = []
        roles: set[str] = set()
        for phrase in [rec.name, *rec.aliases]:
            tokens = words(phrase)
            if not tokens or any(t in _NOT_PERSON for t in tokens):
                continue
            role, start = alias_role(tokens)
            if role is not None:
                roles.add(role)
            rest = tokens[start:]
            if not rest or any(t in TITLE_WORDS and t not in ("OF", "THE") for t in rest):
                continue
            name = display(rest)
            if name not in names:
                names.append(name)
        if not names:
            continue
        first_tokens = words(rec.name)
        label_role, label_start = alias_role(first_tokens)
        label = display(first_tokens[label_start:]) if first_tokens[label_start:] else names[0]
        if label not in names:
            names.insert(0, label)
        tenures = [c for c in codes if c.code[:3] == country and _recent(c)]
        out.append(Person(label, country, names, tenures, roles, f"{source}:{rec.line}"))
    return out


def convert_orgs(records: Iterable[Record], *, source: str) -> list[Org]:
    """Organisations and groups of an international or non-state dictionary."""
    out: list[Org] = []
    for rec in records:
        if not is_org_record(rec):
            continue
        if rec.codes and not any(_recent(c) for c in rec.codes):
            continue
        names: list[str] = []
        acronyms: list[str] = []
        for phrase in [rec.name, *rec.aliases]:
            n, a = org_names(phrase)
            names.extend(x for x in n if x not in names)
            acronyms.extend(x for x in a if x not in acronyms)
        if not names and not acronyms:
            continue
        label = names[0] if names else acronyms[0]
        codes = frozenset(c.code for c in rec.codes)
        out.append(Org(label, _org_type(rec), names, acronyms, [], f"{source}:{rec.line}", codes))
    return out


def add_spanish_names(orgs: list[Org], records: Iterable[Record]) -> int:
    """Add Spanish names to organisations that share a name and a CAMEO code with a Spanish record.

    Only names of two words or more link records (acronyms and single words are too
    often shared by unrelated bodies).
    """
    by_name: dict[str, Org] = {}
    for org in orgs:
        for n in org.names:
            if len(n.split()) >= 2:
                by_name.setdefault(_fold(n), org)
    added = 0
    for rec in records:
        phrases = [rec.name, *rec.aliases]
        found: set[int] = set()
        target = None
        es_names: list[str] = []
        codes = {c.code for c in rec.codes}
        for phrase in phrases:
            n, _acronyms = org_names(phrase)
            for x in n:
                hit = by_name.get(_fold(x))
                if hit is not None and hit.codes & codes:
                    found.add(id(hit))
                    target = hit
            es_names.extend(n)
        if target is None or len(found) != 1:
            continue
        for n in es_names:
            if _fold(n) not in {_fold(x) for x in target.names} and n not in target.es_names:
                target.es_names.append(n)
                added += 1
    return added


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[\W_]+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


# --- agents ------------------------------------------------------------------------

#: CAMEO sector code -> entity type for a capitalised name headed by one of its nouns.
AGENT_TYPES: dict[str, str] = {
    **dict.fromkeys("REB UAF INS SEP".split(), "Group"),
    **dict.fromkeys(
        "OPP PTY GOV MIL COP SPY JUD LEG MED BUS NGO IGO EDU HLH LAB".split(),
        "Organization",
    ),
}
_PERSON_SUFFIXES = tuple(
    """ER OR IST MAN MEN WOMAN WOMEN PERSON ANT ENT IAN ARY OFFICIAL OFFICER AGENT CHIEF
    HEAD LEADER MEMBER MINISTER SECRETARY GUARD SOLDIER DEPUTY
    ERO ERA ISTA ANTE ENTE ADOR ADORA OFICIAL MINISTRO MINISTRA JEFE JEFA SOLDADO AGENTE""".split()
)


#: Person titles the agents dictionaries file under a sector (a name ending in them is a person:
#: "Stephen King", "Martin Luther King").
_TITLES = frozenset(
    """king queen prince princess emperor empress sultan emir sheikh sheik shah tsar czar
    judge justice colonel general major captain lieutenant sergeant corporal admiral marshal
    commander commandant bishop archbishop cardinal priest pope imam mullah ayatollah rabbi
    pastor chief lord lady baron duke count knight sir dame monk nun president chancellor
    governor mayor senator speaker ambassador consul envoy doctor professor nurse
    rey reina príncipe princesa emperador sultán emir jeque juez jueza coronel general mayor
    capitán teniente sargento almirante mariscal comandante obispo arzobispo cardenal
    sacerdote papa imán mulá ayatolá rabino pastor jefe señor señora conde duque barón
    presidente presidenta canciller gobernador gobernadora alcalde alcaldesa senador senadora
    embajador embajadora cónsul enviado doctor doctora profesor profesora monja monje""".split()
)


def convert_agents(lines: Iterable[str]) -> dict[str, dict[str, str]]:
    """Collective nouns (not person nouns) -> sector code, for typing unknown names."""
    out: dict[str, str] = {}
    ambiguous: set[str] = set()
    for forms, code in read_agents(lines):
        sector = code[:3]
        if sector not in AGENT_TYPES:
            continue
        for form in forms:
            last = form.split()[-1]
            if last.upper().endswith(_PERSON_SUFFIXES) or last in _TITLES or len(form) < 4:
                continue
            if form in out and out[form] != sector:
                ambiguous.add(form)
            out.setdefault(form, sector)
    return {k: v for k, v in sorted(out.items()) if k not in ambiguous}


# --- assembling the output ---------------------------------------------------------


class Known:
    """The hand-made dictionary: which texts it already matches (it wins on overlap)."""

    def __init__(self) -> None:
        from kg_builder.actors.dictionary import ActorDictionary
        from kg_builder.actors.loader import BUILTIN_FILES

        hand = [DATA_DIR / n for n in BUILTIN_FILES if not n.startswith(("eventdata-", "agents"))]
        self.actors = ActorDictionary._build(hand, [])
        self.role_words = {
            _fold(a.text) for r in self.actors.roles.values() for a in r.words if a.lang in ("en", "*")
        }

    def covers(self, text: str, lang: str = "en") -> str | None:
        """The type of the hand-made entry matching all of ``text``, if any."""
        for m in self.actors.match(text, lang):
            if m.start == 0 and m.end == len(text):
                return m.entry.type
        return None


def _ok_name(name: str, common: CommonWords, *, acronym: bool = False, person: bool = False) -> bool:
    """Whether a name is specific enough to be matched anywhere (see the module docstring).

    Personal names of two words or more are kept even when each word is common
    (*John Kerry*); a one-word name must not be a common word in any language.
    """
    toks = [t for t in re.split(r"[\s\-'’.]+", name) if t]
    letters = sum(c.isalpha() for c in name)
    if letters < 3 or not toks:
        return False
    if acronym:
        return not common(name)
    if len(toks) == 1:
        return len(name) >= 4 and not common(name)
    if person:
        return max(len(t) for t in toks) >= 3
    significant = [t for t in toks if t.lower() not in _LOWER_WORDS]
    if len(significant) >= 3:
        return True  # "Reef Liberation Front": common words, a specific name
    # "Anarchist Faction", "Security Council": too generic unless one word is rare.
    return any(not common(t) for t in significant)


#: Open-ended tenures that started this many years before the source's last date are not
#: trusted (the file is not maintained: a president of 2004 may have left in 2010).
OPEN_TRUST_YEARS = 5


def dated_roles(p: Person, iso: str, cap: str, stats: Counter[str]) -> list[dict[str, Any]]:
    """The person's tenures that can be given an office from roles.json (see module docstring).

    A tenure's own note decides when it has one. Otherwise the office the aliases name
    is used, only when they name exactly one and the person has exactly one such tenure.
    """
    gov = [c for c in p.tenures if c.code in (p.country + "GOV", p.country + "GOVMIL") and (c.start or c.end)]
    out: list[dict[str, Any]] = []
    plain = []
    for c in gov:
        role = note_role(c.note)
        if role is True:
            plain.append(c)
        elif role is not None:
            out.append(_tenure(role, iso, c, cap, stats))
    if len(p.roles) == 1 and len(plain) == 1:
        (role,) = p.roles
        c = plain[0]
        if c.code == p.country + "GOV" or role == "defence_minister":
            out.append(_tenure(role, iso, c, cap, stats))
    elif len(p.roles) > 1 and plain:
        stats["roles_skipped_several_offices"] += 1
    elif len(p.roles) == 1 and len(plain) > 1:
        stats["roles_skipped_several_tenures"] += 1
    good = []
    for t in out:
        if t is not None and t not in good:
            good.append(t)
    return sorted(good, key=lambda t: t["from"] or "")


def _tenure(role: str, iso: str, c: Code, cap: str, stats: Counter[str]) -> dict[str, Any] | None:
    if c.end is not None:
        if c.start is not None and c.start > c.end:
            stats["tenures_dropped_end_before_start"] += 1
            return None
        return {"role": role, "of": iso, "from": c.start, "to": c.end}
    if c.start is None or int(c.start[:4]) < int(cap[:4]) - OPEN_TRUST_YEARS:
        stats["open_tenures_dropped_stale"] += 1
        return None
    return {
        "role": role,
        "of": iso,
        "from": c.start,
        "to": cap,
        "note": "open-ended in the source; closed at its last known date",
    }


def build_people(
    people: list[Person], *, known: Known | None, common: CommonWords, cap: str
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """JSON entries for people, merged by label within a country, filtered."""
    stats: Counter[str] = Counter()
    merged: dict[tuple[str, str], Person] = {}
    for p in people:
        key = (_fold(p.label), p.country)
        old = merged.get(key)
        if old is None:
            merged[key] = p
            continue
        stats["merged_duplicate_records"] += 1
        old.names.extend(n for n in p.names if n not in old.names)
        old.tenures.extend(p.tenures)
        old.roles |= p.roles
    labels = Counter(_fold(p.label) for p in merged.values())
    owners: dict[str, set[str]] = defaultdict(set)
    for p in merged.values():
        for n in p.names:
            owners[_fold(n)].add(_fold(p.label) + "|" + p.country)
    out = []
    for p in sorted(merged.values(), key=lambda x: (x.country, x.label)):
        if labels[_fold(p.label)] > 1:
            stats["dropped_same_name_other_country"] += 1
            continue
        if not _ok_name(p.label, common, person=True) or len(words(p.label)) < 2:
            stats["dropped_label_common_or_short"] += 1
            continue
        if known is not None and known.covers(p.label) is not None:
            stats["dropped_known_to_hand_made"] += 1
            continue
        iso = alpha2(p.country)
        if iso is None:
            stats["dropped_unknown_country_code"] += 1
            continue
        names = []
        for n in p.names:
            if len(owners[_fold(n)]) > 1 and _fold(n) != _fold(p.label):
                stats["aliases_dropped_shared"] += 1
                continue
            if not _ok_name(n, common, person=True):
                stats["aliases_dropped_common"] += 1
                continue
            if known is not None and n != p.label and known.covers(n) is not None:
                stats["aliases_dropped_known"] += 1
                continue
            names.append(n)
        entry: dict[str, Any] = {"type": "Person", "label": p.label}
        rest = [n for n in names if n != p.label]
        if rest:
            entry["names"] = {"*": rest}
            # A lone surname ("Mansour") is dropped by the matcher next to another
            # capitalised word: "Mortada Mansour" is someone else.
            single = [n for n in rest if len(n.split()) == 1]
            if single:
                entry["ambiguous"] = single
        tenures = dated_roles(p, iso, cap, stats)
        if tenures:
            entry["roles"] = tenures
            stats["people_with_dated_roles"] += 1
            stats["role_tenures"] += len(tenures)
        entry["note"] = f"CAMEO {p.country}; {p.where}"
        out.append(entry)
        stats["people"] += 1
    return out, stats


def build_orgs(
    orgs: list[Org], *, known: Known | None, common: CommonWords
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """JSON entries for organisations and groups, merged and filtered."""
    stats: Counter[str] = Counter()
    merged: dict[str, Org] = {}
    for o in orgs:
        k = _fold(o.label)
        if k in merged:
            old = merged[k]
            old.names.extend(n for n in o.names if n not in old.names)
            old.acronyms.extend(a for a in o.acronyms if a not in old.acronyms)
            stats["merged_duplicate_records"] += 1
        else:
            merged[k] = o
    owners: dict[str, set[str]] = defaultdict(set)
    for k, o in merged.items():
        for n in o.names + o.acronyms + o.es_names:
            owners[_fold(n)].add(k)
    out = []
    used_keys: set[str] = set()
    for _k, o in sorted(merged.items()):
        if known is not None and known.covers(o.label) is not None:
            stats["dropped_known_to_hand_made"] += 1
            continue

        def keep(n: str, lang: str, *, acronym: bool = False) -> bool:
            if len(owners[_fold(n)]) > 1:
                stats["aliases_dropped_shared"] += 1
                return False
            if not _ok_name(n, common, acronym=acronym):
                stats["aliases_dropped_common"] += 1
                return False
            if known is not None and (known.covers(n, lang) is not None or _fold(n) in known.role_words):
                stats["aliases_dropped_known"] += 1
                return False
            return True

        names = [n for n in o.names if keep(n, "en")]
        # Three-letter acronyms of little-known bodies collide too often ("ERG").
        acronyms = [a for a in o.acronyms if len(a) >= 4 and keep(a, "en", acronym=True)]
        es = [n for n in o.es_names if keep(n, "es")]
        if not names and not acronyms:
            stats["dropped_no_usable_name"] += 1
            continue
        label = names[0] if names else acronyms[0]
        slug = re.sub(r"[^a-z0-9]+", "-", _fold(label)).strip("-")
        key = f"{'group' if o.type == 'Group' else 'org'}:ed-{slug}"
        if not slug or key in used_keys:
            stats["dropped_key_clash"] += 1
            continue
        used_keys.add(key)
        entry: dict[str, Any] = {"key": key, "type": o.type, "label": label}
        en = [n for n in names if n != label]
        if en:
            entry["names"] = {"en": en, **({"es": es} if es else {})}
        elif es:
            entry["names"] = {"es": es}
        if acronyms and label not in acronyms:
            entry["acronyms"] = {"*": acronyms}
        elif len(acronyms) > 1:
            entry["acronyms"] = {"*": acronyms[1:]}
        entry["note"] = o.where
        out.append(entry)
        stats[o.type] += 1
        stats["spanish_names"] += len(es)
    return out, stats


def last_date(records: Iterable[Record]) -> str:
    """The latest date any record of the file mentions."""
    return max((d for r in records for c in r.codes for d in (c.start, c.end) if d), default="2014-01-30")


def _header(what: str, files: Sequence[str], stats: Counter[str]) -> list[str]:
    lines = [
        f"# {what}",
        "# GENERATED by scripts/convert_eventdata.py; do not edit (hand-made entries go in the other files).",
        "# Converted from (facts only, filtered and re-encoded):",
    ]
    for f in files:
        lines.append(f"#   {f}")
    lines += [f"#   {key}: {value}" for key, value in SOURCES.items()]
    lines.append("# Both MIT licence; the copyright and permission notices are reproduced in README.md")
    lines.append("# (section 'Actor dictionary', 'Event-data actors').")
    lines.append("# Counts: " + ", ".join(f"{k}={v}" for k, v in sorted(stats.items())))
    lines.append("# Format: README.md, section 'Actor dictionary'.")
    return lines


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def convert(source: Path, out_dir: Path, *, check_known: bool = True) -> dict[str, Counter[str]]:
    """Convert every source file under ``source`` into ``out_dir``; return counts per output."""
    common = CommonWords()
    known = Known() if check_known else None
    p2 = source / "petrarch2"
    es = source / "universalpetrarch-es"
    countries = list(read_tabari(_read(p2 / "Phoenix.Countries.actors.txt")))
    cap = last_date(countries)
    people = convert_people(countries, common=common, source="Phoenix.Countries.actors.txt")
    intl = list(read_tabari(_read(p2 / "Phoenix.International.actors.txt")))
    people += convert_people(
        [r for r in intl if not is_org_record(r)], common=common, source="Phoenix.International.actors.txt"
    )
    people_json, people_stats = build_people(people, known=known, common=common, cap=cap)
    orgs = convert_orgs(intl, source="Phoenix.International.actors.txt")
    armed = read_tabari(_read(p2 / "Phoenix.MilNonState.actors.txt"))
    orgs += convert_orgs(armed, source="Phoenix.MilNonState.actors.txt")
    es_added = add_spanish_names(orgs, read_tabari(_read(es / "actors_unified_181220.txt")))
    orgs_json, org_stats = build_orgs(orgs, known=known, common=common)
    org_stats["spanish_records_matched_names"] = es_added
    agents = {
        "en": convert_agents(_read(p2 / "Phoenix.agents.txt")),
        "es": convert_agents(_read(es / "agents_181220.txt")),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_jsonl(
        out_dir / "eventdata-people.jsonl",
        _header(
            "Political actors with dated roles, from the event-data dictionaries.",
            ["petrarch2/Phoenix.Countries.actors.txt", "petrarch2/Phoenix.International.actors.txt"],
            people_stats,
        )
        + [f"# Open-ended tenures are closed at {cap}, the last date in the source."],
        people_json,
    )
    _write_jsonl(
        out_dir / "eventdata-organizations.jsonl",
        _header(
            "International organisations, NGOs and armed non-state groups, from the event-data dictionaries.",
            [
                "petrarch2/Phoenix.International.actors.txt",
                "petrarch2/Phoenix.MilNonState.actors.txt",
                "universalpetrarch-es/actors_unified_181220.txt (Spanish names)",
            ],
            org_stats,
        ),
        orgs_json,
    )
    agent_stats = Counter({f"{lang}_nouns": len(v) for lang, v in agents.items()})
    header = _header(
        "Collective agent nouns -> CAMEO sector, for typing names the dictionary does not know.",
        ["petrarch2/Phoenix.agents.txt", "universalpetrarch-es/agents_181220.txt"],
        agent_stats,
    )
    payload = {
        "_comment": [line.lstrip("# ") for line in header],
        "types": AGENT_TYPES,
        "nouns": agents,
    }
    (out_dir / "agents.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )
    return {"people": people_stats, "organizations": org_stats, "agents": agent_stats}


def _write_jsonl(path: Path, header: list[str], entries: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for line in header:
            fh.write(line + "\n")
        for e in entries:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``convert_eventdata.py --source DIR [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "eventdata")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    missing = [
        str(args.source / p)
        for p in (
            "petrarch2/Phoenix.Countries.actors.txt",
            "petrarch2/Phoenix.International.actors.txt",
            "petrarch2/Phoenix.MilNonState.actors.txt",
            "petrarch2/Phoenix.agents.txt",
            "universalpetrarch-es/actors_unified_181220.txt",
            "universalpetrarch-es/agents_181220.txt",
        )
        if not (args.source / p).is_file()
    ]
    if missing:
        print(f"convert_eventdata: missing source file(s): {', '.join(missing)}", file=sys.stderr)
        return 2
    stats = convert(args.source, args.out)
    for name, counts in stats.items():
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
