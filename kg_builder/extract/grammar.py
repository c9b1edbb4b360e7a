"""Language tables and small syntax helpers shared by the extractor's rules.

Prepositions, passive auxiliaries, conjunctions, support verbs, denial verbs and the
like, per language; and the token-level helpers the argument rules use (which
preposition introduces a token, which support verb governs an event noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg_builder.extract.lexicon import Trigger
from kg_builder.extract.mentions import FoundMention
from kg_builder.extract.structural import DETERMINERS

# Prepositions per language: a mention right after one is not a clause subject.
PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": frozenset("of in on at to from with by for into about against over under between".split()),
    "fr": frozenset("de du des à au aux en dans sur avec par pour contre entre sous d' d’".split()),
    "it": frozenset(
        "di del della dei delle degli dell' dell’ a ad al alla ai all' all’ in nel nella nell' nell’ "
        "su sul sulla sull' con da dal dalla dall' per tra fra".split()
    ),
    "pl": frozenset("w we z ze na do od o przy dla przez po pod nad przed za między".split()),
    "de": frozenset("von vom in im an am auf mit zu zum zur für gegen aus bei nach über".split()),
    "es": frozenset("de del en a al con por para sobre contra entre".split()),
    "ru": frozenset("в во на с со к по от из у о об для за под при".split()),
    "uk": frozenset("в у на з із до від по про для за під при".split()),
}

AGENT_PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": frozenset({"by"}),
    "fr": frozenset({"par"}),
    "it": frozenset({"da", "dal", "dalla"}),
    "pl": frozenset({"przez"}),
    "de": frozenset({"von", "vom", "durch"}),
    "es": frozenset({"por"}),
    "ru": frozenset(),
    "uk": frozenset(),
}

PASSIVE_AUX: dict[str, frozenset[str]] = {
    "en": frozenset("is are was were been be being".split()),
    "fr": frozenset("est sont été était étaient être sera seront serait seraient fut furent".split()),
    "it": frozenset(
        "è sono stato stata stati state viene vengono venne sarà saranno sarebbe sarebbero era erano "
        "fu".split()
    ),
    "pl": frozenset(
        "został została zostało zostali zostały zostanie zostaną jest są był była było byli były "
        "będzie".split()
    ),
    "de": frozenset("wird werden wurde wurden worden ist sind würde würden".split()),
    "es": frozenset("es son fue fueron sido está será serán sería serían era eran".split()),
    "ru": frozenset("был была было были будет".split()),
    "uk": frozenset("був була було були буде".split()),
}

CONJUNCTIONS = frozenset(
    "and , – — - as well et ainsi que e ed y und sowie i oraz a także и а также і та й".split()
)

CLAUSE_BREAKS = frozenset({";", ":", "(", ")", "?", "!"})

_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj"})

_OBJECT_DEPS = frozenset({"dobj", "obj", "iobj", "obl", "obl:arg", "obl:mod", "pobj", "nmod", "dative"})

_PASSIVE_SUBJECT = frozenset({"nsubjpass", "nsubj:pass"})

# Clauses that share their subject with the verb they hang on.
_INHERITS_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp", "prep", "acl", "advmod"})

_PRONOUNS: dict[str, frozenset[str]] = {
    "it": frozenset({"Country", "Organization", "Location"}),
    "him": frozenset({"Person"}),
    "her": frozenset({"Person", "Country"}),
    "them": frozenset({"Country", "Organization", "Group"}),
}

# Predicates whose object may be an abstract thing rather than an actor.
_ABSTRACT_OBJECT_PREDICATES = frozenset(
    {
        "supports",
        "opposes",
        "rejects",
        "violates",
        "criminalizes",
        "annexes",
        "recognizes",
        "closes",
        "occupies",
        "seizes",
        "condemns",
        "criticizes",
        "endorses",
        "bans",
        "blockades",
        "imposesRestrictionsOn",
        "liftsSanctionsOn",
        "denies",
        "vetoes",
        "welcomes",
        "defends",
    }
)

#: Verbs whose object is the subject of the verb they govern: "accused Russia of supporting the
#: rebels", "urged Germany to sanction Iran", "a accusé le Rwanda de soutenir le M23".
_OBJECT_CONTROL = frozenset(
    "accuse urge ask call force help order persuade allow encourage press pressure push invite suspect "
    "blame convince compel authorize authorise tell warn "
    "accuser exhorter inviter pousser forcer aider autoriser appeler presser soupçonner obliger "
    "encourager convaincre inciter empêcher".split()
)

_PRO_DROP = frozenset({"it", "es", "pl", "ru", "uk"})

_VERB_FINAL = frozenset({"de"})

# Support verbs whose object noun names the event their subject performs.
_LIGHT_VERBS = frozenset(
    "impose launch conduct carry mount wage stage hold introduce announce "
    "imposer lancer mener tenir décréter annoncer "
    "imporre lanciare condurre "
    "imponer lanzar llevar "
    "nałożyć nakładać przeprowadzić rozpocząć "
    "verhängen beschließen starten führen "
    "ввести начать нанести провести запровадити розпочати завдати провести "
    # Stances stated as nouns: "confirmed its support for", "expressed concern", "unleashed aggression".
    "confirm reaffirm express voice unleash "
    "confirmer réaffirmer exprimer déclencher "
    "confermare ribadire esprimere scatenare "
    "confirmar reafirmar expresar desatar "
    "potwierdzić wyrazić rozpętać "
    "bekräftigen bestätigen ausdrücken entfesseln "
    "подтвердить выразить развязать підтвердити висловити розв'язати".split()
)

#: Romance stems of the support verbs: simplemma lemmatizes "conferma", "expresó" as nouns or not
#: at all, so the window also accepts a word that starts like the verb ("conferm-", "expres-").
_LIGHT_STEMS = tuple(
    sorted(
        {
            v[: -len(end)]
            for v in _LIGHT_VERBS
            for end in ("are", "ere", "ire", "ar", "er", "ir", "re")
            if v.endswith(end) and len(v) - len(end) >= 6
        }
    )
)

# Verbs that hand over what the noun names ("provided aid to", "a fourni une aide à"). With a
# parser they govern the noun; in a lemma window they would also catch "a request to send".
_GIVING_VERBS = frozenset(
    "provide send give offer deliver pledge grant supply extend approve promise "
    "fournir envoyer livrer accorder offrir promettre octroyer "
    "fornire inviare consegnare concedere offrire promettere "
    "proporcionar enviar entregar conceder ofrecer prometer "
    "przekazać wysłać dostarczyć udzielić obiecać "
    "liefern schicken leisten gewähren zusagen "
    "предоставить направить отправить поставить оказать выделить "
    "надати направити відправити передати поставити виділити".split()
)

_SUBJECT_PRONOUNS = frozenset({"he", "she", "il", "elle"})

# Prepositions that attach a place to a noun phrase: "three regions in Kazakhstan".
_PLACE_PREPS = frozenset("in of de du des en dans di del della nel nella".split())

# Nominal events whose agent is the clause subject: "X, during talks with Y, said".
_JOINT_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})

#: Verbs of denial: what they embed is said not to have happened ("denied attacking").
_DENIALS = {
    "en": frozenset({"deny", "refute"}),
    "fr": frozenset({"nier", "démentir", "réfuter"}),
    "de": frozenset({"bestreiten", "dementieren", "leugnen", "abstreiten"}),
    "es": frozenset({"negar", "desmentir"}),
    "it": frozenset({"negare", "smentire"}),
    "pl": frozenset({"zaprzeczyć", "zaprzeczać", "dementować"}),
    "ru": frozenset({"отрицать", "опровергнуть", "опровергать"}),
    "uk": frozenset({"заперечувати", "заперечити", "спростувати", "спростовувати"}),
}

#: Verbs of allegation: what they embed is the accusation's content, not an event the text states
#: ("accused Russia of supporting the rebels" is an ACCUSE, not a SUPPORT).
_ALLEGING = {
    "en": frozenset({"accuse", "suspect", "blame", "allege"}),
    "fr": frozenset({"accuser", "soupçonner", "reprocher"}),
    "de": frozenset({"beschuldigen", "vorwerfen", "verdächtigen", "bezichtigen"}),
    "es": frozenset({"acusar", "sospechar"}),
    "it": frozenset({"accusare", "sospettare"}),
    "pl": frozenset({"oskarżyć", "oskarżać", "podejrzewać", "zarzucać", "zarzucić"}),
    "ru": frozenset({"обвинить", "обвинять", "подозревать"}),
    "uk": frozenset({"звинуватити", "звинувачувати", "підозрювати"}),
}

_EMBEDDED = frozenset({"xcomp", "ccomp", "pcomp", "advcl", "dobj", "obj", "acl"})

_DASHES = frozenset({"-", "–", "—", ":"})

_BETWEEN = frozenset(
    {"between", "entre", "zwischen", "tra", "fra", "między", "pomiędzy", "между", "між", "поміж"}
)

#: "X and Y accuse each other": every coordinated actor acts on every other.
_RECIPROCALS = {
    "en": ("each other", "one another"),
    "fr": ("l' un l' autre", "l’ un l’ autre", "mutuellement", "les uns les autres"),
    "de": ("gegenseitig", "einander"),
    "es": ("mutuamente", "el uno al otro", "entre sí"),
    "it": ("a vicenda", "reciprocamente", "l'un l'altro"),
    "pl": ("nawzajem", "wzajemnie", "siebie nawzajem"),
    "ru": ("друг друга", "друг другу", "друг с другом", "взаимно"),
    "uk": ("один одного", "одна одну", "одне одного", "взаємно"),
}

_FACILITY_WORDS = ("terminal", "port", "pipeline", "plant", "base", "airport", "refinery", "bridge")

_REGION_WORDS = ("region", "régio", "región", "territor", "province", "oblast", "district", "area")

# Negators that make a *noun* negative ("no sanctions", "aucune sanction").
_NOUN_NEGATORS = frozenset(
    "no aucun aucune nessun nessuna nessuno żaden żadna żadne żadnych kein keine keinen keinem "
    "ningún ninguna никакой никаких ніякий жодного жодних".split()
)

_DETERMINERS = DETERMINERS | frozenset({"ein", "eine", "una", "uno"})

#: Endings of first-person verbs ("prowadzimy", "rozmawialiśmy", "ведемо", "incontriamo"): their
#: dropped subject is "we" or "I", never the person the text was about.
_FIRST_PERSON: dict[str, tuple[str, ...]] = {
    "pl": ("my", "śmy", "łem", "łam"),
    "ru": ("ем", "ём", "им"),
    "uk": ("емо", "имо", "ємо", "їмо"),
    "it": ("iamo",),
    "es": ("amos", "emos", "imos"),
}

#: Stances whose object may be an event standing for its agent ("condemned the Russian invasion").
_STANCE_TYPES = frozenset({"ACCUSE", "SUPPORT", "PROTEST", "REJECT"})

_ABOUT_THE_INSTRUMENT = frozenset({"violates"})

#: Events that are said, whose genitive is who says them.
_SAYING_TYPES = frozenset({"REQUEST", "ACCUSE", "THREATEN", "PROTEST", "REJECT", "SUPPORT", "AGREE"})

#: What may stand between a role phrase and the name it introduces: "head of the EC (EC) Juncker".
_APPOSED = re.compile(r"[\s,–—-]*(?:\([^()]{1,10}\))?[\s,–—-]*")

_GENITIVE_PREPS = frozenset({"of", "de", "du", "des", "di", "del", "della", "dell'", "dell’", "von"})


@lru_cache(maxsize=64)
def _first_words(cues: frozenset[str]) -> frozenset[str]:
    return frozenset(c.split()[0] for c in cues)


def _in_hedge(doc: Doc, m: FoundMention, hedges: frozenset[str]) -> bool:
    """True for 'according to X' / 'selon des sources de X': X reports, it does not act.

    The hedge phrase runs from its cue to the next comma.
    """
    words: list[str] = []
    for token in reversed(doc[max(0, m.span.start - 15) : m.span.start]):
        if token.text in (",", ";", ":") or token.is_sent_start:
            break
        words.insert(0, token.lower_)
    before = " ".join(words)
    return any(f" {h} " in f" {before} " for h in hedges)


def _light_verb_of(noun: Token) -> Token | None:
    """The support verb whose object the event noun is, through quantity phrases.

    "imposed sanctions", "provided billions of dollars of aid", "a fourni des milliards d'aide".
    """
    token = noun
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NOUN", "NUM"):
            token = token.head.head
        elif (
            token.dep_ == "nmod" and token.head.pos_ in ("NOUN", "NUM") and _prep_of(token) in _GENITIVE_PREPS
        ):
            token = token.head
        else:
            break
    if token.dep_ in ("dobj", "obj") and token.head.lemma_.lower() in _LIGHT_VERBS | _GIVING_VERBS:
        return token.head
    return None


def _prep_of(token: Token) -> str | None:
    """The preposition introducing ``token`` ('of' for 'of Ukraine', 'de' for 'de la Russie')."""
    if token.dep_ == "pobj":
        return token.head.lower_
    case = next((c for c in token.children if c.dep_ == "case"), None)
    return case.lower_ if case is not None else None


def _object_fits(trigger: Trigger, prep: str | None) -> bool:
    """May a mention introduced by ``prep`` (None: bare) be the trigger's object?

    Only the prepositions the lexicon lists for the trigger introduce its object.
    """
    if prep is None:
        return not trigger.requires_prep
    if trigger.object_preps:
        return prep in trigger.object_preps
    # Without listed prepositions, a prepositional phrase is a circumstance
    # ("met in Paris", "quit over Johnson"), not the object.
    return False


def _unique(items: list[FoundMention]) -> list[FoundMention]:
    seen: set[int] = set()
    out = []
    for m in items:
        if m.span.start not in seen:
            seen.add(m.span.start)
            out.append(m)
    return out


@dataclass(frozen=True, slots=True)
class _Hit:
    """A trigger occurrence in a sentence: token positions and its lexicon entry."""

    first: int
    last: int
    head: Token
    trigger: Trigger


@dataclass
class _Sentence:
    span: Span
    mentions: list[FoundMention] = field(default_factory=list)

    def mention_at(self, token: Token) -> FoundMention | None:
        for m in self.mentions:
            if m.span.start <= token.i < m.span.end:
                return m
        return None
