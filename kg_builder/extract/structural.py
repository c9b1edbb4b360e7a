"""Structural relations stated by the text: ``holdsRole``, ``memberOf``, ``partOf``.

One pass over a sentence's mentions and the lexicon's role nouns and structural
cues (``roles``, ``membership``, ``part_of`` in ``data/lexicon/<lang>.json``):

- **holdsRole**: a role noun next to a person ("Interior Minister Nancy Faeser",
  "Willy Ngoma, porte-parole du M23", "Serbiens Präsident Aleksandar Vucic",
  "il presidente del Consiglio europeo, Charles Michel"). The organisation or
  country is the one the role phrase names (before the noun, as a genitive or
  prepositional complement after it, or as a demonym adjective); failing that,
  the actor dictionary's tenure of that person on the article's date. A
  capitalised name right after a role noun is a person even where no NER runs.
- **memberOf**: "NATO member Poland", "X is a member of Y", "X joined Y",
  including listed members ("Denmark, Estonia and Finland").
- **partOf**: "Sharm el-Sheikh in Egypt", "the capital of Nicaragua, Managua",
  "the Ukrainian city of Lviv".

Everything here is about language (role nouns, prepositions, cases, word order),
never about particular actors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from kg_builder.extract.lexicon import Roles
from kg_builder.extract.mentions import ORG_WORDS, FoundMention, name_mention
from kg_builder.extract.words import doc_words
from kg_builder.models import Mention
from kg_builder.nlp.morph import is_common_noun

#: Words that may stand between a role noun and its organisation ("president of the").
GENITIVE_WORDS = frozenset(
    "of the de du des la le l' l’ d' d’ di del della dello dei degli dell' dell’ von der des dem "
    "den de los las el al a au aux à".split()
)
#: Articles in the languages that have them.
DETERMINERS = frozenset(
    "the a an le la les l' l’ il lo gli i el los las der die das den dem des un une".split()
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NAME = re.compile(r"^[A-ZÀ-ÞĀ-ſА-ЯЁЄІЇҐ][\w'’.-]*$")
#: Places lie "in" a country.
_IN_PREPS = frozenset("in en dans w we в у nel nella a im in der".split())
_ACTOR_TYPES = frozenset({"Country", "Organization", "Group"})
#: "the mayor of Istanbul", "Lviv Mayor Andriy Sadovyi": an office may belong to a place.
_OFFICE_TYPES = _ACTOR_TYPES | {"Location"}
#: "Special Envoy for Venezuela, Elliott Abrams": what an office is about, not whose it is.
_TOPIC_PREPS = frozenset("for für pour per para ds. по з".split())
_PLACE_TYPES = frozenset({"Location", "Facility"})
_MAX_NAME_TOKENS = 3
#: What follows the person a definitional sentence is about: "X is …", "X to …", "X – …".
_DEFINING = frozenset("is was – — - est était è era es fue ist war to jest był była это – є був була".split())


@dataclass(frozen=True, slots=True)
class Structural:
    """One structural relation found in a sentence."""

    subject: Mention
    predicate: str
    object: Mention
    rule: str


class SentenceView:
    """Token-indexed access to a sentence's mentions and lemmas."""

    def __init__(self, span: Span, mentions: Sequence[FoundMention]) -> None:
        self.span = span
        self.doc: Doc = span.doc
        self.mentions = sorted(mentions, key=lambda f: f.span.start)
        self.at: dict[int, FoundMention] = {}
        for f in self.mentions:
            for i in range(f.span.start, f.span.end):
                self.at[i] = f
        words = doc_words(self.doc)
        self.lemmas = words.norm_lemmas[span.start : span.end]
        self.lowers = words.norm_lowers[span.start : span.end]
        # German compounds: "NATO-Generalsekretär", "EU-Chefdiplomat" end in a role noun.
        self.tails = [w.rsplit("-", 1)[-1] for w in self.lowers]

    def ending_at(self, i: int) -> FoundMention | None:
        """The mention whose last token is ``i``."""
        f = self.at.get(i)
        return f if f is not None and f.span.end - 1 == i else None

    def starting_at(self, i: int) -> FoundMention | None:
        f = self.at.get(i)
        return f if f is not None and f.span.start == i else None

    def word(self, i: int) -> str:
        return self.lowers[i - self.span.start] if self.span.start <= i < self.span.end else ""


def _is_person(f: FoundMention | None) -> bool:
    return f is not None and f.mention.type == "Person" and f.kind not in ("demonym", "people", "role")


#: Verbs that list an organisation's members after them ("consists of", "est composée de").
_COMPOSED_OF: dict[str, tuple[tuple[str, str | None], ...]] = {
    "en": (("consist", "of"), ("comprise", None), ("compose", "of"), ("include", None)),
    "fr": (("composer", "de"), ("comprendre", None), ("regrouper", None), ("réunir", None)),
    "de": (("bestehen", "aus"), ("umfassen", None), ("gehören", None)),
    "es": (("componer", "por"), ("integrar", None), ("agrupar", None), ("incluir", None)),
    "it": (("comporre", "da"), ("comprendere", None), ("riunire", None), ("includere", None)),
    "pl": (("składać", "z"), ("obejmować", None), ("zrzeszać", None)),
    "ru": (("состоять", "из"), ("входить", None), ("объединять", None), ("включать", None)),
    "uk": (("складатися", "з"), ("об'єднувати", None), ("включати", None)),
}
#: Relative pronouns that open a clause about the noun before them.
_RELATIVES = frozenset(
    "which której którego których która który которую которой который которые якої якого які яка "
    "cui dont cual cuales".split()
)
_LIST_WORDS = frozenset(", - – — : and et und y e i и і та oraz or ou oder o".split())


def _listed(view: SentenceView, start: int) -> list[FoundMention]:
    """Countries and organisations listed from ``start``: a few words may lead ("seven countries -")."""
    out: list[FoundMention] = []
    j, lead = start, 0
    while j < view.span.end:
        f = view.starting_at(j)
        if f is not None and f.mention.type in ("Country", "Organization") and f.kind != "demonym":
            out.append(f)
            j = f.span.end
            continue
        w = view.word(j)
        if w in _LIST_WORDS or w in DETERMINERS or w.isdigit():
            j += 1
        elif not out and lead < 3 and w.isalpha() and w == view.doc[j].text:
            lead += 1
            j += 1
        else:
            break
    return out if len(out) >= 2 else []


def _describes(token) -> bool:
    """A lowercase word that may belong to a role phrase: noun, adjective, preposition, determiner."""
    if not token.is_alpha or not token.text.islower():
        return False
    return not token.pos_ or token.pos_ in ("NOUN", "ADJ", "ADP", "DET")


def _is_place(f: FoundMention) -> bool:
    """A place, or a capital named for its country ("Managua", which stands for Nicaragua)."""
    return f.mention.type in _PLACE_TYPES or (
        f.mention.type == "Country" and f.kind in ("metonym", "modifier")
    )


def _is_actor(f: FoundMention | None) -> bool:
    return f is not None and f.mention.type in _ACTOR_TYPES


def _is_office(f: FoundMention | None) -> bool:
    """Whose office a role phrase names: an actor or a place (never a mere modifier)."""
    return f is not None and f.mention.type in _OFFICE_TYPES and f.kind != "modifier"


class StructuralPass:
    """Finds the structural relations of one sentence (see module docstring)."""

    def __init__(self, roles: Roles, tenure_of: Callable[[str], str | None]) -> None:
        self.roles = roles
        self.tenure_of = tenure_of
        # German writes roles as compounds ("Sicherheitsberater", "Außenamtssprecher"): a word
        # that ends in a role noun is one. Other languages have no such productive compounding.
        self.suffixes = (
            tuple(sorted((k for k in roles if " " not in k and len(k) >= 6), key=len, reverse=True))
            if roles.lang == "de"
            else ()
        )
        #: Role phrases with the person they name, found by the last :meth:`holds_role`.
        self.phrases: list[FoundMention] = []
        self._role_spans: dict[tuple[int, int], list[tuple[int, int]]] = {}

    # ------------------------------------------------------------ holdsRole

    def role_spans(self, view: SentenceView) -> list[tuple[int, int]]:
        """(start, end) token indices of role nouns in the sentence, longest match first.

        The same sentence is asked twice (new names, then holdsRole): the answer is kept.
        """
        key = (view.span.start, view.span.end)
        if key not in self._role_spans:
            self._role_spans = {key: list(self._find_role_spans(view))}
        return self._role_spans[key]

    def _find_role_spans(self, view: SentenceView) -> Iterator[tuple[int, int]]:
        s = view.span.start
        i = 0
        n = len(view.lemmas)
        while i < n:
            found = (
                self.roles.match_at(view.lemmas, i)
                or self.roles.match_at(view.lowers, i)
                or (self.roles.match_at(view.tails, i) if view.tails[i] != view.lowers[i] else [])
            )
            if not found and self.suffixes and view.tails[i].isalpha():
                word = view.tails[i]
                if any(word.endswith(x) and len(word) > len(x) for x in self.suffixes):
                    yield s + i, s + i + 1
                i += 1
                continue
            if not found:
                i += 1
                continue
            end = max(m.end for m in found)
            yield s + i, s + end
            i = end

    def new_names(self, view: SentenceView, known: frozenset[str] = frozenset()) -> list[FoundMention]:
        """Capitalised names right after a role noun that no other pass found: persons.

        ``known`` holds the surnames of persons found elsewhere in the article.
        """
        out: list[FoundMention] = []
        for _, end in self.role_spans(view):
            j = end
            while j < view.span.end and j - end < _MAX_NAME_TOKENS and j not in view.at:
                tok = view.doc[j]
                if not _NAME.match(tok.text) or tok.is_stop:
                    break
                j += 1
            if j == end or (j < view.span.end and j in view.at and view.at[j].mention.type == "Person"):
                continue
            span = view.doc[end:j]
            text = span.text
            if any(t.lower_.startswith(ORG_WORDS) for t in span):
                continue
            if len(span) < 2 and text not in known:
                continue  # "віце-президент Європейської комісії": a lone capitalised word is often a genitive
            # "przewodnicząca Frontu Narodowego", "lider Ligi Północnej": a common noun heads an
            # organisation's name, not a person's.
            type_ = "Organization" if is_common_noun(span[0].text, self.roles.lang) else "Person"
            out.append(FoundMention(name_mention(span, type_, "pattern"), span, "pattern"))
        return out

    def holds_role(self, view: SentenceView) -> Iterator[Structural]:
        self.phrases = []
        for start, end in self.role_spans(view):
            # "Sergei Menyailo, representative in Siberia, Aleksandr Bortnikov, …": in a list the
            # role after a comma describes the name before it.
            person = self._person_before(view, start) or self._person_after(view, end)
            defined = None
            if person is None:
                # "Marine Le Pen to francuska polityk, przewodnicząca Frontu Narodowego": a
                # sentence that defines its first person lists that person's offices.
                person = defined = self._defined_person(view, start)
            if person is None:
                continue
            org = self._org_before(view, start) or self._org_after(view, end, person)
            if defined is not None and org is None:
                continue  # only an office the phrase names, never a guess from the dictionary
            # The whole phrase stands for the person as a relation argument: "met his Latvian
            # counterpart Krisjanis Karins", "z sekretarzem stanu USA Mikem Pompeo".
            if person.span.start >= end:
                first = org.span.start if org is not None and org.span.start < start else start
                self.phrases.append(FoundMention(person.mention, view.doc[first : person.span.end], "role"))
            if org is None:
                key = self.tenure_of(person.mention.key)
                if key is not None:
                    tenure = Mention(text=key, start=-1, end=-1, type="Country", key=key, label=key)
                    yield Structural(person.mention, "holdsRole", tenure, "role:tenure")
            elif org.mention.key != person.mention.key:
                yield Structural(person.mention, "holdsRole", org.mention, "role:phrase")

    def bracketed_holders(self, view: SentenceView) -> Iterator[Structural]:
        """ "i colleghi di Egitto (Sameh Shoukry), Francia (Jean-Yves Le Drian)": a person named in
        brackets right after a country or organisation speaks for it."""
        for person in view.mentions:
            start, end = person.span.start, person.span.end
            if not _is_person(person) or view.word(start - 1) != "(" or view.word(end) != ")":
                continue
            office = view.ending_at(start - 2)
            if not _is_actor(office) or office.kind == "demonym":  # _is_actor: never a Person
                continue
            yield Structural(person.mention, "holdsRole", office.mention, "role:bracketed")
            # As an argument the pair is the person, with the role noun that leads the list:
            # "una riunione con i colleghi di Egitto (Sameh Shoukry)" meets Shoukry.
            first = office.span.start
            for role_start, role_end in self.role_spans(view):
                if office.span.start - 2 <= role_end <= office.span.start:
                    first = role_start
            self.phrases.append(FoundMention(person.mention, view.doc[first : end + 1], "role"))

    def _defined_person(self, view: SentenceView, start: int) -> FoundMention | None:
        """The person a definitional sentence is about ("X is a …, leader of Y"; "X – …, lider Y").

        The sentence opens with the person, then a copula or a dash; the role phrase comes
        after a comma ("a British politician, former leader of UKIP"), and no other person
        stands between."""
        first = next(iter(view.mentions), None)
        if not _is_person(first) or first.span.start != view.span.start:
            return None
        if view.word(first.span.end) not in _DEFINING:
            return None
        if not any(view.word(k) == "," for k in range(first.span.end, start)):
            return None
        if any(_is_person(f) for f in view.mentions if first.span.end <= f.span.start < start):
            return None
        return first

    def _person_after(self, view: SentenceView, end: int) -> FoundMention | None:
        """'President Joe Biden', 'secretary general of the UN, António Guterres'."""
        j = end
        steps = 0
        described = False
        while j < view.span.end and steps < 8:
            f = view.starting_at(j)
            if _is_person(f):
                return f
            if f is not None and _is_office(f):
                j = f.span.end
            elif (
                view.word(j) in GENITIVE_WORDS
                or view.word(j) in _TOPIC_PREPS
                or view.word(j) in (",", "(", "[")
            ):
                j += 1
            elif _describes(view.doc[j]) and f is None:
                # "le conseiller américain à la sécurité nationale, Jake Sullivan": only before a comma
                described = True
                j += 1
            else:
                return None
            if described and view.word(j) == ",":
                f = view.starting_at(j + 1)
                return f if _is_person(f) else None
            steps += 1
        return None

    def _person_before(self, view: SentenceView, start: int) -> FoundMention | None:
        """'Willy Ngoma, porte-parole du M23', 'Guterres, United Nations secretary general'."""
        j = start - 1
        comma = False
        steps = 0
        while j >= view.span.start and steps < 6:
            f = view.ending_at(j)
            if _is_person(f):
                return f if comma else None
            if f is not None and _is_actor(f):
                j = f.span.start - 1
            elif view.word(j) in (",", "(", "–", "—", "-"):
                comma = True
                j -= 1
            elif view.word(j) in DETERMINERS:
                j -= 1
            else:
                return None
            steps += 1
        return None

    def _org_before(self, view: SentenceView, start: int) -> FoundMention | None:
        """'Ukraine President', "Germany's cybersecurity chief", 'Russian Foreign Minister'."""
        inside = view.at.get(start)
        if _is_office(inside) and "-" in view.doc[start].text:
            return inside  # German compounds: the organisation inside the role token ("NATO-Generalsekretär")
        j = start - 1
        words = 0
        while j >= view.span.start:
            f = view.ending_at(j)
            if _is_office(f):
                # Without a tagger, a word between may be a verb ("Rosję reprezentował minister"):
                # then only an adjective that agrees with the role noun is its owner.
                return f if not words or f.kind == "demonym" or view.doc[j + 1].pos_ else None
            if f is not None:
                return None
            w = view.word(j)
            tok = view.doc[j]
            if w in _POSSESSIVE:
                j -= 1
            elif (
                words < 2
                and w.isalpha()
                and w == tok.text
                and not tok.is_stop
                and (not tok.pos_ or tok.pos_ in ("NOUN", "ADJ", "PROPN"))
            ):
                words += 1  # lowercase modifiers: "energy", "cybersecurity", "interim"
                j -= 1
            else:
                return None
        return None

    def _org_after(self, view: SentenceView, end: int, person: FoundMention) -> FoundMention | None:
        """'president of Kazakhstan', 'prezydent Kazachstanu', 'il presidente russo', 'du M23'."""
        j = end
        while j < view.span.end and j - end < 6:
            f = view.starting_at(j)
            if f is person:
                return None
            if _is_office(f):
                return f
            if view.word(j) in GENITIVE_WORDS:
                j += 1
                continue
            return None
        return None

    # ------------------------------------------------------------ memberOf

    def member_of(self, view: SentenceView) -> Iterator[Structural]:
        lemmas = view.lemmas
        s = view.span.start
        i = 0
        while i < len(lemmas):
            found = self.roles.membership.match_at(lemmas, i) or self.roles.membership.match_at(
                view.lowers, i
            )
            if not found:
                i += 1
                continue
            end = s + max(m.end for m in found)
            start = s + i
            i = max(m.end for m in found)
            before = view.ending_at(start - 1)
            after = view.starting_at(end)
            if _is_actor(before) and before.mention.type == "Organization" and _is_actor(after):
                # "NATO member Poland", "EU-Mitglied Polen"
                yield Structural(after.mention, "memberOf", before.mention, "member:compound")
                continue
            org = self._bloc_after(view, end)
            if org is None:
                yield from self._relative_members(view, start, end)
                continue
            for member in self._members_before(view, start):
                if member.mention.key != org.mention.key:
                    yield Structural(member.mention, "memberOf", org.mention, "member:cue")

    def composition(self, view: SentenceView) -> Iterator[Structural]:
        """'The EAC is made up of seven countries - Kenya, Tanzania, …': every listed member."""
        cues = _COMPOSED_OF.get(view.doc.lang_, ())
        n = len(view.lemmas)
        s = view.span.start
        for i in range(n):
            for lemma, prep in cues:
                if view.lemmas[i] != lemma and view.lowers[i] != lemma:
                    continue
                k = i + 1
                if prep:
                    while k < n and k - i <= 2 and view.lowers[k] != prep:
                        k += 1
                    if k >= n or view.lowers[k] != prep:
                        continue
                    k += 1
                org = self._nearest_before(view, s + i, "Organization")
                if org is None:
                    continue
                for member in _listed(view, s + k):
                    if member.mention.key != org.mention.key:
                        yield Structural(member.mention, "memberOf", org.mention, "member:composition")

    def _nearest_before(self, view: SentenceView, start: int, type_: str) -> FoundMention | None:
        for f in reversed(view.mentions):
            if f.span.end <= start and start - f.span.end <= 8:
                return f if f.mention.type == type_ else None
        return None

    def _bloc_after(self, view: SentenceView, end: int) -> FoundMention | None:
        j = end
        while j < view.span.end and j - end < 4:
            f = view.starting_at(j)
            if f is not None:
                return f if f.mention.type == "Organization" else None
            if (
                view.word(j) in GENITIVE_WORDS
                or view.word(j) in _IN_PREPS
                or view.word(j) in ("to", "zu", "do")
            ):
                j += 1
                continue
            return None
        return None

    def _relative_members(self, view: SentenceView, start: int, end: int) -> Iterator[Structural]:
        """ "the EAEU (EUG), to which Russia and four other republics belong", "UEEA, do której
        oprócz Rosji należą": a relative pronoun before the cue stands for the organisation before
        it; the countries of the relative clause are its members."""
        rel = next(
            (
                j
                for j in range(start - 1, max(view.span.start, start - 5) - 1, -1)
                if view.word(j) in _RELATIVES
            ),
            None,
        )
        if rel is None:
            return
        j = rel - 1
        while j >= view.span.start and view.word(j) in (
            ",",
            "(",
            ")",
            *GENITIVE_WORDS,
            "to",
            "do",
            "до",
            "в",
            "di",
        ):
            j -= 1
        org = view.ending_at(j)
        if org is not None and org.kind == "acronym":  # "Eurasian Economic Union (EAEU)"
            org = view.ending_at(org.span.start - 2) or org
        if org is None or org.mention.type != "Organization":
            return
        k = rel + 1
        # to the end of the relative clause; the cue's own tokens never end it
        while start <= k < end or (k < view.span.end and view.word(k) not in (",", ";", ":", ".")):
            f = view.starting_at(k)
            if f is not None and f.mention.type == "Country" and f.kind not in ("modifier", "demonym"):
                yield Structural(f.mention, "memberOf", org.mention, "member:relative")
                k = f.span.end
            else:
                k += 1

    def _members_before(self, view: SentenceView, start: int) -> list[FoundMention]:
        """The nearest country or organisation before the cue, with its listed conjuncts."""
        j = start - 1
        first: FoundMention | None = None
        while j >= view.span.start and start - j <= 8:
            f = view.ending_at(j)
            if _is_actor(f) and f.kind not in ("modifier",):
                first = f
                break
            if view.doc[j].text in (";", ":", "."):
                return []
            j -= 1
        if first is None:
            return []
        members = [first]
        j = first.span.start - 1
        while j >= view.span.start:
            w = view.word(j)
            if w in (",", "and", "et", "e", "y", "und", "i", "и", "і", "та", "oraz"):
                j -= 1
                continue
            f = view.ending_at(j)
            if f is None or not _is_actor(f) or f.mention.type != first.mention.type:
                break
            members.append(f)
            j = f.span.start - 1
        return members

    # ------------------------------------------------------------ partOf

    def part_of(self, view: SentenceView) -> Iterator[Structural]:
        for f in view.mentions:
            if f.mention.type not in _PLACE_TYPES:
                continue
            # "Sharm el-Sheikh in Egypt", "ospedale Charité di Berlino"
            j = f.span.end
            if view.word(j) in _IN_PREPS or view.word(j) in ("di", "de", "of"):
                j += 1
                while view.word(j) in DETERMINERS:
                    j += 1
                g = view.starting_at(j)
                if g is not None and g.mention.type in ("Country", "Location") and g.kind not in ("demonym",):
                    if g.mention.key != f.mention.key and (
                        view.word(f.span.end) != "of" or g.mention.type == "Country"
                    ):
                        yield Structural(f.mention, "partOf", g.mention, "place:in")
                        continue
        # "the Ukrainian city of Lviv", "la capital de Nicaragua, Managua", "Doha, der Hauptstadt Katars"
        s = view.span.start
        i = 0
        while i < len(view.lemmas):
            found = self.roles.part_of.match_at(view.lemmas, i) or self.roles.part_of.match_at(view.lowers, i)
            if not found:
                i += 1
                continue
            start, end = s + i, s + max(m.end for m in found)
            i = max(m.end for m in found)
            country = self._org_before(view, start)
            place = None
            if country is not None and country.mention.type == "Country" and not _is_place(country):
                place = self._place_after(view, end)
            else:
                country = self._country_after(view, end)
                if country is not None:
                    place = self._place_after(view, country.span.end) or self._place_before(view, start)
            if country is None or place is None:
                continue
            if place.mention.key == country.mention.key and place.kind in ("metonym", "modifier"):
                # "la capital de Nicaragua, Managua": named as a capital, the city is a place of
                # its own, not the government it usually stands for.
                city = name_mention(place.span, "Location", "pattern")
                if view.doc.lang_ in ("pl", "ru", "uk"):  # "w Kijowie": the city is Kijów
                    name = " ".join(t.lemma_[:1].upper() + t.lemma_[1:] for t in place.span)
                    city = replace(city, key=f"Location:{name}", label=name)
                yield Structural(city, "partOf", country.mention, "place:capital")
            elif place.mention.key != country.mention.key:
                yield Structural(place.mention, "partOf", country.mention, "place:cue")

    def _country_after(self, view: SentenceView, end: int) -> FoundMention | None:
        j = end
        while j < view.span.end and j - end < 3:
            f = view.starting_at(j)
            if f is not None:
                return f if f.mention.type == "Country" else None
            if view.word(j) not in GENITIVE_WORDS:
                return None
            j += 1
        return None

    def _place_after(self, view: SentenceView, end: int) -> FoundMention | None:
        j = end
        while j < view.span.end and j - end < 3:
            f = view.starting_at(j)
            if f is not None:
                return f if _is_place(f) else None
            if view.word(j) not in GENITIVE_WORDS and view.word(j) != ",":
                return None
            j += 1
        return None

    def _place_before(self, view: SentenceView, start: int) -> FoundMention | None:
        j = start - 1
        while j >= view.span.start and start - j < 4:
            f = view.ending_at(j)
            if f is not None:
                return f if _is_place(f) else None
            if view.word(j) not in DETERMINERS and view.word(j) != ",":
                return None
            j -= 1
        return None
