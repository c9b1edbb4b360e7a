"""The rule-based extractor: lexicon triggers + dependency or lemma-window arguments.

For each sentence it finds trigger words from the multilingual lexicon
(verbs and nominalisations, single or multi-word), then the trigger's
arguments among the sentence's mentions:

* languages with a dependency parser (en, fr): subject from ``nsubj`` (or
  the passive agent), objects from ``obj``/``dobj``/prepositional objects,
  with coordination (``conj``/``appos``) giving one relation per conjunct;
  nominalisations take the object from their prepositional complement and
  the subject from a demonym adjective, a possessive or a by-phrase;
* every language: a lemma window - the nearest actor to the left that is not
  inside a prepositional phrase is the subject, the nearest to the right is
  the object, passive voice is recognised by an auxiliary before and an
  agent preposition after the trigger.

Negation and modality cues come from the lexicon; a speech verb or a
hedge ("according to", "selon", "według") attributes the sentence to a
speaker. Every assertion records the rule that produced it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain

from spacy.tokens import Doc, Span, Token

from kg_builder.actors import ActorDictionary
from kg_builder.extract.dates import event_date
from kg_builder.extract.lexicon import Lexicon, Trigger, load_lexicon
from kg_builder.extract.mentions import MAX_NAME_CHARS, FoundMention, find_mentions
from kg_builder.extract.reference import REFERENCE_CONFIDENCE, country_references, own_country_references
from kg_builder.extract.structural import DETERMINERS, SentenceView, StructuralPass
from kg_builder.models import Article, ArticleResult, Assertion, Evidence, Mention
from kg_builder.nlp import has_parser

EXTRACTOR_NAME = "rule-based"
EXTRACTOR_VERSION = "0.1.0"

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
_REGION_WORDS = ("region", "territor", "province", "oblast", "district", "area")
# Negators that make a *noun* negative ("no sanctions", "aucune sanction").
_NOUN_NEGATORS = frozenset(
    "no aucun aucune nessun nessuna nessuno żaden żadna żadne żadnych kein keine keinen keinem "
    "ningún ninguna никакой никаких ніякий жодного жодних".split()
)


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


class RuleBasedExtractor:
    """Multilingual rule-based extractor (see module docstring)."""

    name = EXTRACTOR_NAME
    version = EXTRACTOR_VERSION

    def __init__(self, *, actors: ActorDictionary, lexicon: Lexicon | None = None) -> None:
        self.actors = actors
        self.lexicon = lexicon or load_lexicon()

    # ------------------------------------------------------------ entry point

    def extract(self, doc: Doc, article: Article) -> ArticleResult:
        """Mentions and assertions of one parsed article."""
        lang = article.lang or doc.lang_
        parsed = has_parser(lang)
        matches = self.actors.match(doc.text, lang)
        found = find_mentions(doc, matches=matches, has_ner=parsed, titles=self._titles(lang), lang=lang)
        mentions, arguments, assertions = self._resolve_roles(doc, found, matches, lang, article)
        # "the country" after a country: an argument only, never a surface form of that country.
        arguments = sorted(
            [*arguments, *country_references(doc, arguments, lang)], key=lambda f: f.span.start
        )
        concepts: list[Mention] = []
        topic: FoundMention | None = None  # who the text is about: carried into subjectless clauses
        keys = {m.key for m in mentions}
        surnames = frozenset(m.text.split()[-1] for m in mentions if m.type == "Person")
        # Whose country a person speaks for: from the article's holdsRole statements.
        countries = {m.key: m for m in mentions if m.type == "Country"}
        country_of: dict[str, Mention] = {
            a.subject: countries[a.object] for a in assertions if a.object in countries
        }
        structural = StructuralPass(
            self.lexicon.roles(lang), lambda key: self._tenure_of(key, article.published, keys)
        )
        every = sorted(found, key=lambda f: f.span.start)
        starts = [f.span.start for f in every]
        for sent in self._sentences(doc, arguments):
            # Structural relations read the mentions as found, before role phrases stand for persons.
            raw = every[
                bisect.bisect_left(starts, sent.span.start) : bisect.bisect_left(starts, sent.span.end)
            ]
            names = structural.new_names(SentenceView(sent.span, raw), surnames)
            if names:
                mentions.extend(f.mention for f in names)
                sent.mentions.extend(names)
                sent.mentions.sort(key=lambda f: f.span.start)
            view = SentenceView(sent.span, [*raw, *names])
            for rel in chain(
                structural.holds_role(view),
                structural.member_of(view),
                structural.composition(view),
                structural.part_of(view),
            ):
                assertions.append(
                    self._structural(rel.subject.key, rel.predicate, rel.object.key, sent.span, rel.rule)
                )
                if (
                    rel.predicate == "holdsRole"
                    and rel.object.type == "Country"
                    and rel.rule != "role:tenure"
                ):
                    country_of.setdefault(rel.subject.key, rel.object)
            for phrase in structural.phrases:
                start, end = phrase.span.start, phrase.span.end
                touching = [f for f in sent.mentions if f.span.start < end and start < f.span.end]
                # Only when no mention straddles the phrase's edge does the phrase replace them.
                if all(start <= f.span.start and f.span.end <= end for f in touching):
                    kept = [f for f in sent.mentions if f not in touching]
                    sent.mentions[:] = sorted([*kept, phrase], key=lambda f: f.span.start)
            speaker = self._speaker(sent, lang, parsed) if sent.mentions else None
            voice = speaker if speaker is not None and speaker.mention.type == "Person" else topic
            we = country_of.get(voice.mention.key) if voice is not None else None
            own = own_country_references(sent.span, sent.mentions, we, lang)
            if own:
                sent.mentions[:] = sorted([*sent.mentions, *own], key=lambda f: f.span.start)
            subjects: list[FoundMention] = []
            for hits in self._triggers(sent.span, lang):
                for hit in hits:
                    found = list(
                        self._relations(sent, hit, lang, parsed, speaker, concepts, topic, subjects, we)
                    )
                    if found:
                        date = event_date(sent.span.text, lang, article.published)
                        assertions.extend(replace(a, date=date) for a in found)
                        break
            topic = next(
                (
                    m
                    for m in [*subjects, *sent.mentions]
                    if m.mention.type == "Person" and m.kind != "modifier"
                ),
                topic,
            )
        kept = list(_dedupe(assertions))
        used = {k for a in kept for k in (a.subject, a.object)}
        mentions.extend(c for c in concepts if c.key in used)
        return ArticleResult(article=article, mentions=tuple(mentions), assertions=tuple(kept))

    # ------------------------------------------------------------ mentions and roles

    def _resolve_roles(
        self, doc: Doc, found: list[FoundMention], matches: list, lang: str, article: Article
    ) -> tuple[list[Mention], list[FoundMention], list[Assertion]]:
        """'the President of Kazakhstan[, Tokayev]' stands for the person.

        The actor dictionary resolves role phrases (``prezydent Kazachstanu``,
        ``le président du Kazakhstan``, ``Kazakhstan's president``). With a
        person named in apposition, the phrase is that person and the text
        states ``holdsRole``; without one, the phrase is the holder of the role
        on the article's date. Returns the mentions to store, the mentions that
        may be relation arguments, and the holdsRole assertions.
        """
        mentions = [f.mention for f in found]
        arguments = list(found)
        assertions: list[Assertion] = []
        persons = [f for f in found if f.mention.type == "Person" and f.kind != "demonym"]
        text = doc.text
        for ref in self.actors.resolve_roles(text, lang, article.published, matches=matches):
            span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
            if span is None:
                continue
            person = next(
                (
                    p
                    for p in persons
                    if 0 <= p.mention.start - ref.end <= 16
                    and _APPOSED.fullmatch(text[ref.end : p.mention.start])
                    or 0 <= ref.start - p.mention.end <= 7
                    and ","
                    in text[p.mention.end : ref.start]  # "Tokayev, the president": not "met X president Y"
                    and text[p.mention.end : ref.start].strip(" ,").lower() in ("", "the", "le", "la", "il")
                ),
                None,
            )
            if person is not None:
                target = person.mention
                assertions.append(
                    self._structural(target.key, "holdsRole", ref.of.key, span, "role:apposition")
                )
                span = doc[min(span.start, person.span.start) : max(span.end, person.span.end)]
            elif ref.holder is not None:
                holder = ref.holder
                if article.published is None:
                    # Undated: "the president of the Commission" in a text that names Juncker is
                    # Juncker, not whoever holds the office today.
                    holder = self._named_holder(ref, persons) or holder
                target = Mention(
                    text=ref.surface,
                    start=ref.start,
                    end=ref.end,
                    type=holder.type,
                    key=holder.key,
                    label=holder.label,
                    qid=holder.qid,
                    source="dictionary",
                )
                mentions.append(target)
            else:
                continue
            arguments = [f for f in arguments if not (span.start <= f.span.start and f.span.end <= span.end)]
            arguments.append(FoundMention(target, span, "role"))
        arguments.sort(key=lambda f: f.span.start)
        return mentions, arguments, assertions

    def _named_holder(self, ref, persons: list[FoundMention]):
        """The one person named in the article who held ``ref``'s office at some time, if any."""
        roles = {ref.role} | {t.role for t in ref.holder.roles if t.of == ref.of.key}
        named = {
            p.mention.key: entry
            for p in persons
            if (entry := self.actors.get(p.mention.key)) is not None
            and any(t.of == ref.of.key and t.role in roles for t in entry.roles)
        }
        return next(iter(named.values())) if len(named) == 1 else None

    @lru_cache(maxsize=16)  # noqa: B019 - one extractor per build, a handful of languages
    def _titles(self, lang: str) -> frozenset[str]:
        """One-word role nouns of ``lang`` (no part of a person's name)."""
        return frozenset(noun.lemma for noun in self.lexicon.roles(lang).nouns if len(noun.lemmas) == 1)

    def _tenure_of(self, key: str, published: str | None, keys: set[str]) -> str | None:
        """Where the dictionary says ``key`` served on the date, if the article names that place."""
        entry = self.actors.get(key)
        if entry is None or not entry.roles:
            return None
        day = (published or "")[:10]
        tenures = [t for t in entry.roles if t.of in keys]
        current = [t for t in tenures if day and t.covers(day)]
        chosen = current or tenures
        return chosen[-1].of if chosen else None

    def _structural(self, subject: str, predicate: str, obj: str, span: Span, rule: str) -> Assertion:
        sent = span.sent
        return Assertion(
            subject=subject,
            predicate=predicate,
            object=obj,
            plover=None,
            polarity="positive",
            modality="asserted",
            confidence=0.8,
            evidence=Evidence(sent.text, sent.start_char, sent.end_char),
            rule=rule,
            extractor=self.name,
            extractor_version=self.version,
        )

    def _sentences(self, doc: Doc, found: list[FoundMention]) -> list[_Sentence]:
        """Sentences with their mentions; a sentence the parser ended on a comma continues."""
        spans: list[Span] = []
        text = doc.text  # a property that joins every token: read it once, not per sentence
        for sent in doc.sents:
            last = next((t for t in reversed(sent) if not t.is_space), None)
            # The parser ended a sentence on a comma, or before a dash or after a colon within
            # a line ("composée de sept pays - le Kenya, …"): it goes on.
            within_line = spans and "\n" not in text[spans[-1].end_char : sent.start_char + 1]
            dash = (
                within_line
                and (spans[-1][-1].text == ":" or sent[0].text in _DASHES)
                and len(sent) > 1
                and (sent[1].lower_ in _DETERMINERS or sent[1].like_num)  # "- le Kenya, la Tanzanie"
            )
            if spans and (spans[-1][-1].text in (",", ";") or dash):
                spans[-1] = doc[spans[-1].start : sent.end]
            elif last is not None:
                spans.append(sent)
        sentences = [_Sentence(s) for s in spans]
        starts = [s.span.start for s in sentences]
        for f in found:
            idx = bisect.bisect_right(starts, f.span.start) - 1
            if idx >= 0:
                sentences[idx].mentions.append(f)
        return sentences

    # ------------------------------------------------------------ triggers

    def _triggers(self, sent: Span, lang: str) -> Iterator[list[_Hit]]:
        """Lexicon triggers in the sentence: at each position, the candidates in lexicon order.

        One word may evoke several predicates that differ by their preposition
        ("call on" urges, "call for" callsFor); the first whose arguments fit wins.
        """
        index = self.lexicon.triggers(lang)
        doc = sent.doc
        lemmas = [t.lemma_.lower() for t in sent]
        lowers = [t.lower_ for t in sent]
        i = 0
        while i < len(lemmas):
            found = index.match_at(lemmas, i) or (index.match_at(lowers, i) if lemmas[i] != lowers[i] else [])
            if not found:
                i += 1
                continue
            longest = max(m.end for m in found)
            hits = [
                _Hit(sent.start + m.start, sent.start + m.end - 1, doc[sent.start + m.start], m.entry)
                for m in found
                if m.end == longest
            ]
            # A tagged noun takes the noun entry ("sanctions against Russia"), a verb the verb.
            same_pos = [h for h in hits if h.trigger.pos == h.head.pos_]
            if lang == "en":
                # English tags are reliable: "trade barriers", "free trade" are no events.
                hits = [h for h in same_pos if h.head.dep_ not in ("compound", "amod")]
            else:
                hits = same_pos or hits  # French small-model tags are not (F: NOUN for verbs)
            if hits:
                yield hits
            i = longest

    # ------------------------------------------------------------ arguments

    def _relations(
        self,
        sent: _Sentence,
        hit: _Hit,
        lang: str,
        parsed: bool,
        speaker: FoundMention | None,
        concepts: list[Mention],
        topic: FoundMention | None = None,
        subjects: list[FoundMention] | None = None,
        we: Mention | None = None,
    ) -> Iterator[Assertion]:
        subject: FoundMention | None = None
        objects: list[FoundMention] = []
        rule = ""
        if self._denies_an_event(sent.span, hit, lang):
            return
        if parsed:
            subject, objects, rule = self._dependency_args(sent, hit, speaker)
            if subject is not None and not objects:
                concept = self._concept_object(sent, hit)
                if concept is not None:
                    objects = [concept]
                    concepts.append(concept.mention)
                    rule += "+np"
        if (
            subject is None
            or not objects
            or (subject.span.start < hit.first and rule.startswith("dep:inherited"))
        ):
            w_subject, w_objects, w_rule = self._window_args(sent, hit, lang)
            if (
                subject is not None
                and w_subject is not None
                and subject.span.start < w_subject.span.start
                and w_subject.span.root.dep_ not in _OBJECT_DEPS
            ):
                # An actor between the inherited subject and the trigger is the closer
                # subject: "La Russie veut annexer …, alors Tokayev s'est opposé à Poutine".
                subject = w_subject
            subject = subject or w_subject
            objects = objects or w_objects
            rule = f"{rule}+{w_rule}" if rule else w_rule
        mutual: list[FoundMention] = self._between(sent, hit, lang)
        if mutual:
            # "un accord entre Israël et le Soudan": the two named sides, not the announcer.
            subject, objects = mutual[0], mutual[1:]
            rule = (rule or "window") + "+between"
        elif subject is not None and not objects:
            # "Ukraine and Russia have been blaming each other", "UN and Turkey brokered a deal".
            group = self._coordinated(sent, subject, parsed)
            joint = self.lexicon.predicates[hit.trigger.predicate].plover in _JOINT_TYPES
            # "ont échangé des prisonniers": a verb that needs "avec" is no joint event without it.
            joint = joint and not hit.trigger.requires_prep
            if len(group) >= 2 and (joint or self._reciprocal(sent.span, lang)):
                mutual = group
                subject, objects = group[0], group[1:]
                rule += "+mutual"
        elif subject is None and len(objects) >= 2 and self._joint_genitive(sent, hit, objects[0], lang):
            # "spotkanie przedstawicieli Polski i USA", "talks of France and Germany": both sides.
            mutual = objects
            subject, objects = objects[0], objects[1:]
            rule += "+mutual"
        carried = False
        verb = self._first_person_verb(sent, hit, lang)
        first_person = verb is not None
        if subject is None and objects and verb is not None and we is not None:
            # "Prowadzimy rozmowy z Niemcami", said a Ukrainian minister: "we" is his country.
            span = sent.span.doc[verb.i : verb.i + 1]
            mention = replace(we, text=span.text, start=span.start_char, end=span.end_char)
            subject = FoundMention(mention, span, "reference")
            rule += "+we"
        elif (
            subject is None
            and objects
            and topic is not None
            and not first_person
            and self._subjectless(sent, hit, lang, parsed)
        ):
            # "Là intende incontrare il presidente …": Italian, Polish, Spanish, Russian and
            # Ukrainian drop the subject pronoun; English and French use he/she/it.
            subject, carried = topic, True
            rule += "+carried"
        if subject is None or not objects:
            return
        if subjects is not None:
            subjects.append(subject)
        if subject.kind == "demonym" and hit.trigger.pos != "NOUN":
            return  # "the Russian and Kazakh population clashed": adjectives are no actors
        # "L'Egypte et la Jordanie ont signé des accords avec Israël": each coordinated subject acts.
        actors = [subject]
        if not mutual and not carried and subject.kind not in ("reference", "role"):
            group = self._coordinated(sent, subject, parsed)
            if len(group) >= 2 and subject in group and not set(group) & set(objects):
                actors = group
        pairs = [(a, obj) for a in actors for obj in objects]
        if mutual:
            pairs = [(a, b) for a in mutual for b in mutual if a is not b]
        elif hit.trigger.inverse:  # "X received a visit from Y": Y visits X
            pairs = [(obj, a) for a in actors for obj in objects]
        polarity = "negative" if self._negated(sent.span, hit, lang, parsed) else "positive"
        modality = self._modality(sent.span, hit, lang, parsed)
        pdef = self.lexicon.predicates[hit.trigger.predicate]
        base = hit.trigger.confidence * (0.95 if rule.startswith("dep") else 0.8)
        span = sent.span
        speaker_key = speaker.mention.key if speaker is not None else None
        for subj, obj in pairs:
            if obj.mention.key == subj.mention.key:
                continue
            if "demonym" in (obj.kind, subj.kind) and hit.trigger.pos != "NOUN":
                continue
            if carried:
                confidence = base * 0.7
            else:
                distance = abs(obj.span.start - hit.head.i) + abs(subj.span.start - hit.head.i)
                confidence = max(0.05, min(1.0, base - 0.01 * max(0, distance - 6)))
            if "reference" in (subj.kind, obj.kind):
                confidence *= REFERENCE_CONFIDENCE
            yield Assertion(
                subject=subj.mention.key,
                predicate=pdef.name,
                object=obj.mention.key,
                plover=pdef.plover,
                polarity=polarity,
                modality=modality,
                confidence=round(confidence, 3),
                evidence=Evidence(span.text, span.start_char, span.end_char),
                rule=f"{rule}:{hit.trigger.lemma}",
                extractor=self.name,
                extractor_version=self.version,
                speaker=speaker_key if speaker_key not in (subj.mention.key, obj.mention.key) else None,
            )

    def _first_person_verb(self, sent: _Sentence, hit: _Hit, lang: str) -> Token | None:
        """The first-person verb of a clause without a subject: the trigger, or the support verb
        right before a noun trigger ("Prowadzimy aktywne rozmowy")."""
        endings = _FIRST_PERSON.get(lang)
        if not endings:
            return None
        doc = sent.span.doc
        if hit.trigger.pos == "VERB":
            candidates = [hit.head]
        else:
            candidates = [doc[k] for k in range(max(sent.span.start, hit.first - 3), hit.first)]
        verb = next((t for t in candidates if t.is_alpha and t.lower_.endswith(endings)), None)
        if verb is None or any(m.span.end <= verb.i and m.kind != "modifier" for m in sent.mentions):
            return None
        return verb

    def _subjectless(self, sent: _Sentence, hit: _Hit, lang: str, parsed: bool) -> bool:
        """Does the trigger's clause lack an overt subject (or use a bare subject pronoun)?"""
        if hit.trigger.pos != "VERB":
            return False
        if parsed:
            token = hit.head
            for _ in range(3):
                pron = [c for c in token.children if c.dep_ in _SUBJECT_DEPS]
                if pron:
                    return pron[0].lower_ in _SUBJECT_PRONOUNS
                if token.dep_ not in _INHERITS_SUBJECT or token.head is token:
                    return False
                token = token.head
            return False
        if lang not in _PRO_DROP:
            return False
        if any(m.span.end <= hit.first for m in sent.mentions if m.kind != "modifier"):
            return False
        # Only a clause that starts with its verb ("Là intende incontrare …"): any other
        # word before it ("Posłowie przyjęli", "Королева одобрила") may be the subject.
        cues = self.lexicon.cues(lang)
        doc = sent.span.doc
        start = max(
            (k + 1 for k in range(sent.span.start, hit.first) if doc[k].text in (",", ";")),
            default=sent.span.start,
        )
        return all(
            doc[k].is_stop
            or doc[k].is_punct
            or any(
                cues.has(kind, doc[k].lemma_, doc[k].lower_)
                for kind in ("negation", "intended", "possible", "requested")
            )
            for k in range(start, hit.first)
        )

    def _dependency_args(
        self, sent: _Sentence, hit: _Hit, speaker: FoundMention | None
    ) -> tuple[FoundMention | None, list[FoundMention], str]:
        head = hit.head
        subject: FoundMention | None = None
        objects: list[FoundMention] = []
        trig = hit.trigger
        # "s'est opposé" is reflexive, not passive, whatever the parser says.
        passive = not trig.reflexive and any(c.dep_ in _PASSIVE_SUBJECT for c in head.children)
        # The subject may sit on a governing verb: "Russia wants to annex",
        # "punished Kazakhstan by closing", "defines ... and accuses it".
        governor: Token | None = head
        light = _light_verb_of(head) if trig.pos == "NOUN" else None
        if light is not None:
            governor = light  # "imposed sanctions on", "launched an attack on": the verb's subject
        inherited = False
        fronted = False
        if (
            trig.pos == "NOUN"
            and light is None
            and self.lexicon.predicates[trig.predicate].plover in _JOINT_TYPES
            and head.dep_ in ("pobj", "obl", "obl:mod", "nmod")
        ):
            # "In a call with Zelensky, Mr Biden promised …", "Lors d'une réunion avec Blinken,
            # Akufo-Addo a …": who holds a meeting is the subject of the clause around it.
            verb = head.head.head if head.dep_ == "pobj" else head.head
            if verb.pos_ in ("VERB", "AUX"):
                governor = verb
                fronted = True
        for _ in range(4):
            if governor is None:
                break
            found = [
                c for c in governor.children if c.dep_ in _SUBJECT_DEPS and c.dep_ not in _PASSIVE_SUBJECT
            ]
            if found:
                subject = self._mention_in(sent, found[0])
                inherited = governor is not head
                break
            if governor.dep_ in _INHERITS_SUBJECT and governor.head is not governor:
                governor = governor.head
            elif governor.dep_ == "ccomp" and speaker is not None:
                subject = speaker  # "the head of Kazakhstan said that [he] will not violate"
                break
            else:
                break
        genitives: list[FoundMention] = []
        # "provided aid to Ukraine": the parser may hang the noun's object on the support verb.
        hanging = (
            [c for c in light.children if c.dep_ in ("prep", "obl", "dative")] if light is not None else []
        )
        for child in [*head.children, *hanging]:
            if child.dep_ in _PASSIVE_SUBJECT and not passive:
                if subject is None:
                    subject = self._mention_in(sent, child)
            elif child.dep_ in _PASSIVE_SUBJECT:
                target = child
                if child.pos_ == "PRON" and head.dep_ in ("relcl", "acl:relcl"):
                    # "territories that are not recognized": the relative names its noun,
                    # and "“LDNR” – quasi-state territories" names the noun.
                    target = head.head.head if head.head.dep_ == "appos" else head.head
                m = self._mention_in(sent, target)
                if m:
                    objects.extend(self._with_conjuncts(sent, m))
            elif child.dep_ in ("agent", "obl:agent") and (passive or subject is None or trig.pos == "NOUN"):
                # An active verb with a subject has no agent: "a condamné l'invasion de
                # l'Ukraine par la Russie" hangs the noun's agent on the verb.
                for grand in [child, *child.children]:
                    m = self._mention_in(sent, grand)
                    if m:
                        subject = m
                        break
            elif child.dep_ in _OBJECT_DEPS or child.dep_ == "prep":
                targets = [child] if child.dep_ != "prep" else [g for g in child.children if g.dep_ == "pobj"]
                for t in targets:
                    if self._takes_event_agent(trig) and self._is_event_noun(t, sent.span.doc.lang_):
                        # "condemned Russia's invasion of Ukraine": the verb is about the
                        # event's agent; its patient is the event's own object.
                        m = self._event_agent(sent, t, head)
                    else:
                        m = self._mention_in(sent, t) or self._pronoun(sent, t, subject, hit)
                    if m is None or m.kind == "modifier":
                        continue
                    prep = _prep_of(t)
                    if trig.pos == "NOUN" and prep in _GENITIVE_PREPS:
                        genitives.extend(self._with_conjuncts(sent, m))
                    elif _object_fits(trig, prep):
                        objects.extend(self._with_conjuncts(sent, m))
        if trig.pos == "NOUN":
            # A noun's agent is its modifier, possessor or by-phrase, never the clause subject.
            subject = self._nominal_subject(sent, hit) or (
                subject if subject and (subject.span.start > head.i or governor is not head) else None
            )
            if genitives:
                # "invasion of the Russian Federation into Ukraine": with another
                # object, the genitive is the agent; alone, it is the object.
                if objects and subject is None:
                    subject = genitives[0]
                elif not objects:
                    objects = genitives
        if fronted and all(o.kind == "demonym" for o in objects):
            # "in dialogue with the Kazakh section of …": a side named by an adjective is no side.
            objects = []
        rule = "dep:passive" if passive else "dep:inherited" if inherited else "dep"
        return subject, _unique(objects), rule

    def _pronoun(
        self, sent: _Sentence, token: Token, subject: FoundMention | None, hit: _Hit
    ) -> FoundMention | None:
        """'accuses it': the nearest earlier actor of a fitting type in the sentence."""
        wanted = _PRONOUNS.get(token.lower_)
        if token.pos_ != "PRON" or wanted is None:
            return None
        for m in reversed(sent.mentions):
            if (
                m.span.end <= hit.first
                and m.mention.type in wanted
                and m is not subject
                and m.kind != "demonym"
            ):
                return m
        return None

    def _concept_object(self, sent: _Sentence, hit: _Hit) -> FoundMention | None:
        """The object noun phrase as a Concept/Location/Facility when it names no actor.

        'supporting separatist attempts', 'annex three regions in Kazakhstan',
        'closing all the Caspian oil terminals in Novorossiysk'.
        """
        if hit.trigger.pos == "NOUN" or hit.trigger.predicate not in _ABSTRACT_OBJECT_PREDICATES:
            return None
        if hit.trigger.requires_prep:
            return None
        target = next((c for c in hit.head.children if c.dep_ in ("dobj", "obj")), None)
        if target is None or target.pos_ not in ("NOUN", "PROPN") or hit.first <= target.i <= hit.last:
            return None  # "lodged a protest with": the phrase's own noun is no object
        doc = sent.span.doc
        tokens = [
            t
            for t in target.lefts
            if t.dep_ not in ("det", "predet", "poss", "nmod:poss") and t.pos_ != "DET"
        ]
        start = min([t.left_edge.i for t in tokens] + [target.i])
        end = target.i + 1
        for right in target.rights:
            if right.lower_ in _PLACE_PREPS or right.dep_ == "nmod":
                obj = (
                    right
                    if right.dep_ == "nmod"
                    else next((g for g in right.children if g.dep_ == "pobj"), None)
                )
                m = sent.mention_at(obj) if obj is not None else None
                if m is not None and m.mention.type in ("Country", "Location"):
                    end = max(end, m.span.end)
                    continue
            if right.dep_ in ("amod", "compound"):
                end = max(end, right.right_edge.i + 1)
                continue
            break
        # "annex three regions in Kazakhstan": the parser may hang the place on the verb.
        if end < sent.span.end and doc[end].pos_ == "ADP" and doc[end].head.i == hit.head.i:
            place = next((m for m in sent.mentions if m.span.start in (end + 1, end + 2)), None)
            if place is not None and place.mention.type in ("Country", "Location"):
                end = place.span.end
        span = doc[start:end]
        if not 1 <= len(span) <= 8 or len(span.text) > MAX_NAME_CHARS or any(t.is_punct for t in span):
            return None
        lowered = span.text.lower()
        type_ = (
            "Facility"
            if any(w in lowered for w in _FACILITY_WORDS)
            else ("Location" if any(w in lowered for w in _REGION_WORDS) else "Concept")
        )
        label = span.text
        key = f"{type_}:{' '.join(t.lemma_.lower() for t in span)}"
        mention = Mention(
            text=label,
            start=span.start_char,
            end=span.end_char,
            type=type_,
            key=key,
            label=label,
            source="pattern",
        )
        return FoundMention(mention, span, "concept")

    def _nominal_subject(self, sent: _Sentence, hit: _Hit) -> FoundMention | None:
        """'Russian invasion', 'Russia's invasion', 'l'invasion russe'."""
        for child in hit.head.children:
            if child.dep_ in ("amod", "poss", "nmod:poss", "compound"):
                m = self._mention_in(sent, child)
                if m:
                    return m
        return None

    def _takes_event_agent(self, trigger: Trigger) -> bool:
        """Is the trigger a stance toward whoever acts ("condemn the invasion")?

        Not "violate the sanctions": breaking a rule is about the rule, not its author.
        """
        if trigger.pos != "VERB" or trigger.predicate in _ABOUT_THE_INSTRUMENT:
            return False
        return self.lexicon.predicates[trigger.predicate].plover in _STANCE_TYPES

    def _is_event_noun(self, token: Token, lang: str) -> bool:
        """Is ``token`` a noun the lexicon lists as an event ("invasion", "sanctions")?"""
        if token.pos_ != "NOUN":
            return False
        index = self.lexicon.triggers(lang)
        return any(t.pos == "NOUN" and len(t.lemmas) == 1 for t in index.candidates(token.lemma_.lower()))

    def _event_agent(self, sent: _Sentence, noun: Token, verb: Token) -> FoundMention | None:
        """Who does the event ``noun`` names: "Russia's invasion", "the Russian invasion",
        "the invasion by Russia", "l'invasion … par la Russie" (the parser may hang it on the verb)."""
        for child in noun.children:
            if child.dep_ in ("poss", "nmod:poss", "amod", "compound"):
                m = sent.mention_at(child)
                if m is not None:
                    # "the Russian attack": as an event's agent the adjective names the state.
                    return replace(m, kind="name") if m.kind == "demonym" else m
        agents = [c for c in noun.children if c.dep_ in ("agent", "obl:agent")]
        agents += [c for c in verb.children if c.dep_ in ("agent", "obl:agent")]
        agents += [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"]
        if self._says(noun):
            # "the demands of the UN", "les accusations de la France": who says is the genitive
            # (but "the invasion of Ukraine" names its patient).
            agents += [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
            agents += [c for c in noun.children if c.dep_ == "nmod" and _prep_of(c) in _GENITIVE_PREPS]
        for agent in agents:
            for grand in [agent, *agent.children]:
                m = sent.mention_at(grand)
                if m is not None:
                    return m
        return None

    def _says(self, noun: Token) -> bool:
        """Is the event noun something said ("demand", "accusation", "threat", "proposal")?"""
        index = self.lexicon.triggers(noun.doc.lang_)
        return any(
            t.pos == "NOUN" and self.lexicon.predicates[t.predicate].plover in _SAYING_TYPES
            for t in index.candidates(noun.lemma_.lower())
        )

    def _mention_in(self, sent: _Sentence, token: Token) -> FoundMention | None:
        m = sent.mention_at(token)
        if m is not None:
            return m
        # "two neighbouring countries – Georgia and Ukraine": the apposition names them.
        for child in token.children:
            if child.dep_ in ("appos", "flat", "flat:name", "compound"):
                m = sent.mention_at(child)
                if m is not None and m.kind != "modifier":
                    return m
        if token.pos_ == "NOUN":
            # "visit the port of Odesa", "accuse the government of Egypt": the genitive names it.
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    grand = [g for g in child.children if g.dep_ == "pobj"]
                elif child.dep_ == "nmod" and any(
                    g.dep_ == "case" and g.lower_ in ("de", "d'", "d’", "du", "des") for g in child.children
                ):
                    grand = [child]
                else:
                    continue
                m = next((sent.mention_at(g) for g in grand if sent.mention_at(g) is not None), None)
                if m is not None and m.kind != "modifier":
                    return m
        return None

    def _with_conjuncts(self, sent: _Sentence, first: FoundMention) -> list[FoundMention]:
        out = [first]
        frontier = [first.span.root]
        seen = {first.span.start}
        while frontier:
            token = frontier.pop()
            for child in token.children:
                if child.dep_ in ("conj", "appos"):
                    m = sent.mention_at(child)
                    if m is not None and m.span.start not in seen:
                        seen.add(m.span.start)
                        out.append(m)
                    frontier.append(child)
        return out

    def _window_args(
        self, sent: _Sentence, hit: _Hit, lang: str
    ) -> tuple[FoundMention | None, list[FoundMention], str]:
        doc = sent.span.doc
        trig = hit.trigger
        preps = PREPOSITIONS.get(lang, frozenset()) | set(trig.object_preps) | set(trig.subject_preps)
        left = [m for m in sent.mentions if m.span.end <= hit.first]
        # "Sanktionen gegen Russland verhängt": a multiword trigger's gap may hold the object.
        right = [m for m in sent.mentions if m.span.start > hit.first and m.span.end - 1 != hit.last]
        trig = hit.trigger

        def after_prep(m: FoundMention) -> str | None:
            j = m.span.start - 1
            while j >= sent.span.start and doc[j].lower_ in _DETERMINERS:
                j -= 1
            return doc[j].lower_ if j >= sent.span.start and doc[j].lower_ in preps else None

        def blocked(a: int, b: int) -> bool:
            return any(doc[k].text in CLAUSE_BREAKS for k in range(a, b))

        subject = None
        if trig.pos == "NOUN":
            # Nominalisation: a demonym right before or after, or an agent/genitive phrase.
            for m in sent.mentions:
                if m.kind == "demonym" and abs(m.span.start - hit.first) <= 2 and m.span.start != hit.first:
                    subject = m
                    break
        if subject is None and (
            trig.pos != "NOUN" or self.lexicon.predicates[trig.predicate].plover in _JOINT_TYPES
        ):
            # A verb's subject, or who holds a meeting/talks ("Tokajew podczas spotkania z …").
            reach = 20
        elif subject is None and self._light_verb_near(sent, hit, lang):
            # The agent of a noun that is a support verb's object, close by in the clause:
            # "Die EU hat neue Sanktionen gegen Russland beschlossen".
            reach = 8
        else:
            reach = 0
        if subject is None and reach:
            hedges = self.lexicon.cues(lang).hedges
            for m in reversed(left):
                if (
                    blocked(m.span.end, hit.first)
                    or hit.first - m.span.end > reach
                    or (reach < 20 and any(doc[k].text == "," for k in range(m.span.end, hit.first)))
                ):
                    break
                if (
                    after_prep(m) is None
                    and m.kind not in ("demonym", "modifier")
                    and not _in_hedge(doc, m, hedges)
                ):
                    subject = m
                    break
        objects: list[FoundMention] = []
        genitive: FoundMention | None = None
        agent_after = False
        for m in right:
            # An object follows its verb within the clause: no comma in between.
            after = hit.last if m.span.start > hit.last else hit.first
            if (
                m.span.start - after > 10
                or blocked(after + 1, m.span.start)
                or any(doc[k].text == "," for k in range(after + 1, m.span.start))
            ):
                break
            prep = after_prep(m)
            if trig.pos == "NOUN":
                if prep is not None and prep in trig.subject_preps and subject is None:
                    subject = m  # "l'invasion de l'Ukraine par la Russie", "the attack by Hamas on"
                    agent_after = True
                    continue
                if prep is None and lang not in ("pl", "ru", "uk"):
                    continue
                if trig.object_preps and prep not in trig.object_preps:
                    bare_genitive = prep is None and lang in ("pl", "ru", "uk")
                    if (prep in _GENITIVE_PREPS or bare_genitive) and genitive is None:
                        genitive = m
                    continue
            elif m.kind == "modifier" or not _object_fits(trig, prep):
                continue
            objects = self._window_conjuncts(sent, m)
            break
        if (
            trig.pos == "NOUN"
            and subject is None
            and objects
            and self.lexicon.predicates[trig.predicate].plover in _JOINT_TYPES
        ):
            # "Podczas spotkania z Jensem Stoltenbergiem Donald Trump skrytykował …": a fronted
            # meeting belongs to the clause's subject, right after it.
            after = next((m for m in right if m.span.start >= objects[-1].span.end), None)
            if (
                after is not None
                and after.span.start - objects[-1].span.end <= 3
                and not blocked(objects[-1].span.end, after.span.start)
                and not any(doc[k].text == "," for k in range(objects[-1].span.end, after.span.start))
                and after_prep(after) is None
                and after.kind not in ("demonym", "modifier")
                and after not in objects
            ):
                subject = after
        if trig.pos == "NOUN" and subject is None and objects:
            # "l'invasion de l'Ukraine par la Russie": the agent follows the patient.
            agent = next((m for m in right if m.span.start > objects[-1].span.end), None)
            if (
                agent is not None
                and agent.span.start - objects[-1].span.end <= 3
                and after_prep(agent) in trig.subject_preps
            ):
                subject = agent
        if trig.pos == "NOUN" and subject is None and genitive is not None and objects:
            subject = genitive  # "invasion of the Russian Federation into Ukraine"
        elif trig.pos == "NOUN" and subject is not None and genitive is not None and not objects:
            # "the invasion of Ukraine by Russia", "Russian strikes of Kyiv": with its agent
            # found, the genitive is the patient. (A bare Slavic genitive only after an agent.)
            if agent_after or lang not in ("pl", "ru", "uk"):
                objects = [genitive]
        elif trig.pos == "NOUN" and subject is None and genitive is not None:
            # "the meeting of France and Germany": a joint event's sides (see _joint_genitive).
            group = self._window_conjuncts(sent, genitive)
            if len(group) >= 2 and self._joint_genitive(sent, hit, genitive, lang):
                objects = group
        passive = self._window_passive(sent, hit, lang)
        if passive is not None and left:
            agent = passive
            target = next(
                (m for m in reversed(left) if m.kind != "demonym" and hit.first - m.span.end <= 8),
                None,
            )
            if target is not None:
                return agent, [target], "window:passive"
        if not objects and trig.pos == "VERB" and lang in _VERB_FINAL:
            # German perfect and subordinate clauses end on the verb: "Russland hat die
            # Ukraine angegriffen". Subject first, object second, both on the left.
            bare = [
                m
                for m in left
                if after_prep(m) is None
                and m.kind not in ("demonym", "modifier")
                and not blocked(m.span.end, hit.first)
                and hit.first - m.span.end <= 12
            ]
            if len(bare) >= 2 and not trig.requires_prep:
                return bare[-2], [bare[-1]], "window:verb-final"
        return subject, objects, "window"

    def _light_verb_near(self, sent: _Sentence, hit: _Hit, lang: str) -> bool:
        """Is the noun trigger the object of a support verb ("impose sanctions", "verhängen")?"""
        doc = sent.span.doc
        lo, hi = max(sent.span.start, hit.first - 4), min(sent.span.end, hit.last + 8)
        return any(
            doc[k].lemma_.lower() in _LIGHT_VERBS
            or (lang in ("es", "it") and doc[k].lower_.startswith(_LIGHT_STEMS))
            for k in range(lo, hi)
            if k != hit.first
        )

    def _window_passive(self, sent: _Sentence, hit: _Hit, lang: str) -> FoundMention | None:
        doc = sent.span.doc
        aux = PASSIVE_AUX.get(lang, frozenset())
        agents = AGENT_PREPOSITIONS.get(lang, frozenset())
        before = {doc[k].lower_ for k in range(max(sent.span.start, hit.first - 3), hit.first)}
        if not before & aux:
            return None
        k = hit.last + 1
        if k < sent.span.end and doc[k].lower_ in agents:
            for m in sent.mentions:
                if m.span.start in (k + 1, k + 2):
                    return m
        return None

    def _coordinated(self, sent: _Sentence, subject: FoundMention, parsed: bool) -> list[FoundMention]:
        """The actors coordinated with ``subject`` ("X and Y"), adjectives and modifiers left out."""
        if parsed:
            first = subject
            while first.span.root.dep_ == "conj":
                head = sent.mention_at(first.span.root.head)
                if head is None or head is first:
                    break
                first = head
            group = self._with_conjuncts(sent, first)
        else:
            doc = sent.span.doc
            first = subject
            for m in reversed([m for m in sent.mentions if m.span.end <= subject.span.start]):
                between = [doc[k].lower_ for k in range(m.span.end, first.span.start)]
                if between and len(between) <= 2 and all(t in CONJUNCTIONS for t in between):
                    first = m
                else:
                    break
            group = self._window_conjuncts(sent, first)
        return [m for m in _unique(group) if m.kind not in ("demonym", "modifier")]

    def _between(self, sent: _Sentence, hit: _Hit, lang: str) -> list[FoundMention]:
        """'talks between X and Y', 'Abkommen zwischen X und Y': the coordinated pair after the trigger."""
        if self.lexicon.predicates[hit.trigger.predicate].plover not in _JOINT_TYPES:
            return []
        doc = sent.span.doc
        k = hit.last + 1
        while k < sent.span.end and k - hit.last <= 3 and doc[k].lower_ not in _BETWEEN:
            if doc[k].is_punct or doc[k].is_alpha and not doc[k].text.islower():
                return []
            k += 1
        if k >= sent.span.end or doc[k].lower_ not in _BETWEEN:
            return []
        first = next((m for m in sent.mentions if m.span.start > k), None)
        if first is None or first.span.start - k > 3 or first.kind in ("demonym", "modifier"):
            return []
        group = [
            m for m in _unique(self._window_conjuncts(sent, first)) if m.kind not in ("demonym", "modifier")
        ]
        return group if len(group) >= 2 else []

    def _joint_genitive(self, sent: _Sentence, hit: _Hit, first: FoundMention, lang: str) -> bool:
        """Is ``first`` the genitive of a joint event noun ("meeting of X and Y"), not "with X"?"""
        if (
            hit.trigger.pos != "NOUN"
            or hit.trigger.requires_prep
            or self.lexicon.predicates[hit.trigger.predicate].plover not in _JOINT_TYPES
        ):
            return False
        doc = sent.span.doc
        j = first.span.start - 1
        while j > hit.last and doc[j].lower_ in _DETERMINERS:
            j -= 1
        word = doc[j].lower_
        if word in _GENITIVE_PREPS:
            return True
        return lang in ("pl", "ru", "uk") and word not in PREPOSITIONS.get(lang, frozenset())

    def _reciprocal(self, span: Span, lang: str) -> bool:
        """Does the sentence say the actors act on each other ("each other", "друг друга")?"""
        words = " " + " ".join(t.lower_ for t in span) + " "
        return any(f" {cue} " in words for cue in _RECIPROCALS.get(lang, ()))

    def _window_conjuncts(self, sent: _Sentence, first: FoundMention) -> list[FoundMention]:
        doc = sent.span.doc
        out = [first]
        current = first
        for m in sent.mentions:
            if m.span.start <= current.span.start:
                continue
            between = [doc[k].lower_ for k in range(current.span.end, m.span.start)]
            words = [t for t in between if t in CONJUNCTIONS and t.isalpha()]
            if (
                between
                and len(between) <= 3
                and words
                and all(t in CONJUNCTIONS or t in _DETERMINERS for t in between)
            ):
                out.append(m)
                current = m
            else:
                break
        return out

    # ------------------------------------------------------------ polarity, modality, speaker

    def _negated(self, sent: Span, hit: _Hit, lang: str, parsed: bool) -> bool:
        cues = self.lexicon.cues(lang).negation
        doc = sent.doc
        if hit.trigger.pos == "NOUN":
            j = hit.first - 1
            while j >= sent.start and doc[j].lower_ in _DETERMINERS | PREPOSITIONS.get(lang, frozenset()):
                j -= 1
            return j >= sent.start and doc[j].lower_ in _NOUN_NEGATORS
        if parsed:
            heads = [hit.head]
            if hit.head.dep_ in ("xcomp", "acl", "relcl") or hit.head.pos_ == "NOUN":
                heads.append(hit.head.head)
            if any(c.dep_ in ("neg", "advmod") and c.lower_ in cues for h in heads for c in h.children):
                return True
        if self._denied(sent, hit, lang, parsed):
            return True
        window = range(max(sent.start, hit.first - 3), hit.first)
        return any(doc[k].lower_ in cues for k in window)

    def _denied(self, sent: Span, hit: _Hit, lang: str, parsed: bool) -> bool:
        """'Moscow denied attacking Georgia': a denial verb negates the event it embeds."""
        denials = _DENIALS.get(lang, frozenset())
        head = hit.head
        if (
            parsed
            and head.head is not head
            and head.head.lemma_.lower() in denials
            and head.dep_ in _EMBEDDED
        ):
            return True
        doc = sent.doc  # and close before it, whatever the parser made of it ("a nié avoir attaqué")
        return any(doc[k].lemma_.lower() in denials for k in range(max(sent.start, hit.first - 3), hit.first))

    def _denies_an_event(self, sent: Span, hit: _Hit, lang: str) -> bool:
        """A denial verb followed by the event it denies states no relation of its own."""
        if hit.trigger.lemma not in _DENIALS.get(lang, ()):
            return False
        index = self.lexicon.triggers(lang)
        doc = sent.doc
        return any(
            index.candidates(doc[k].lemma_.lower()) for k in range(hit.last + 1, min(sent.end, hit.last + 4))
        )

    def _modality(self, sent: Span, hit: _Hit, lang: str, parsed: bool) -> str:
        cues = self.lexicon.cues(lang)
        doc = sent.doc
        lemmas: list[str] = []
        if parsed:
            token = hit.head
            for _ in range(3):
                lemmas.extend(c.lemma_.lower() for c in token.children if c.dep_.startswith("aux"))
                if token.dep_ not in ("xcomp", "ccomp", "advcl") or token.head is token:
                    break
                token = token.head
                lemmas.append(token.lemma_.lower())
        lemmas.extend(doc[k].lemma_.lower() for k in range(max(sent.start, hit.first - 4), hit.first))
        for modality in ("requested", "intended", "possible"):
            if any(lemma in getattr(cues, modality) for lemma in lemmas):
                return modality
        return "asserted"

    def _speaker(self, sent: _Sentence, lang: str, parsed: bool) -> FoundMention | None:
        """The actor a sentence is attributed to: 'X said', 'according to X'."""
        cues = self.lexicon.cues(lang)
        lemmas = [t.lemma_.lower() for t in sent.span]
        texts = [t.lower_ for t in sent.span]
        firsts = _first_words(cues.hedges)
        for i in range(len(lemmas)):
            if lemmas[i] not in firsts and texts[i] not in firsts:
                continue  # cheap test before the full multiword match
            n = cues.match_at("hedges", lemmas, i, texts=texts)
            if n:
                after = sent.span.start + i + n
                m = next((m for m in sent.mentions if after <= m.span.start <= after + 3), None)
                if m is not None and m.mention.type in ("Person", "Organization"):
                    return m
        if parsed:
            root = sent.span.root
            if cues.has("speech", root.lemma_, root.lower_):
                for child in root.children:
                    if child.dep_ in _SUBJECT_DEPS:
                        m = sent.mention_at(child)
                        if m and m.mention.type in ("Person", "Organization", "Country"):
                            return m
        return None


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


def _dedupe(assertions: list[Assertion]) -> Iterator[Assertion]:
    """One assertion per article and (subject, predicate, object, polarity): the most confident.

    An article that says the same thing twice states one relation; the first,
    most confident sentence is its evidence. Symmetric predicates ignore order.
    """
    best: dict[tuple, Assertion] = {}
    for a in assertions:
        ends = (a.subject, a.object)
        if a.plover in ("CONSULT", "COOPERATE"):
            ends = tuple(sorted(ends))
        key = (*ends, a.predicate, a.polarity)
        if key not in best or a.confidence > best[key].confidence:
            best[key] = a
    return iter(sorted(best.values(), key=lambda a: (a.evidence.start, a.subject, a.predicate, a.object)))
