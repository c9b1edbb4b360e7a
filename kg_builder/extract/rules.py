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
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import chain

from spacy.tokens import Doc, Span, Token

from kg_builder.actors import ActorDictionary, ActorEntry, RoleReference
from kg_builder.extract.arguments import ArgumentRules
from kg_builder.extract.attitude import AttitudeRules
from kg_builder.extract.dates import event_date
from kg_builder.extract.grammar import (
    _APPOSED,
    _DASHES,
    _DETERMINERS,
    _FIRST_PERSON,
    _INHERITS_SUBJECT,
    _JOINT_TYPES,
    _OBJECT_DEPS,
    _PRO_DROP,
    _SUBJECT_DEPS,
    _SUBJECT_PRONOUNS,
    _Hit,
    _Sentence,
)
from kg_builder.extract.lexicon import Lexicon, load_lexicon
from kg_builder.extract.mentions import FoundMention, find_mentions
from kg_builder.extract.reference import REFERENCE_CONFIDENCE, country_references, own_country_references
from kg_builder.extract.structural import SentenceView, StructuralPass
from kg_builder.extract.words import doc_words, forget
from kg_builder.models import Article, ArticleResult, Assertion, Evidence, Mention
from kg_builder.nlp import has_parser

EXTRACTOR_NAME = "rule-based"
EXTRACTOR_VERSION = "0.1.0"


class RuleBasedExtractor(ArgumentRules, AttitudeRules):
    """Multilingual rule-based extractor (see module docstring)."""

    name = EXTRACTOR_NAME
    version = EXTRACTOR_VERSION

    def __init__(self, *, actors: ActorDictionary, lexicon: Lexicon | None = None) -> None:
        self.actors = actors
        self.lexicon = lexicon or load_lexicon()

    # ------------------------------------------------------------ entry point

    def extract(self, doc: Doc, article: Article) -> ArticleResult:
        """Mentions and assertions of one parsed article."""
        try:
            return self._extract(doc, article)
        finally:
            forget(doc)

    def _extract(self, doc: Doc, article: Article) -> ArticleResult:
        lang = article.lang or doc.lang_
        parsed = has_parser(lang)
        matches = self.actors.match(doc_words(doc).text, lang)
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
            view = SentenceView(sent.span, raw)
            names = structural.new_names(view, surnames)
            if names:
                mentions.extend(f.mention for f in names)
                sent.mentions.extend(names)
                sent.mentions.sort(key=lambda f: f.span.start)
                view = SentenceView(sent.span, [*raw, *names])
            for rel in chain(
                structural.holds_role(view),
                structural.bracketed_holders(view),
                structural.member_of(view),
                structural.composition(view),
                structural.part_of(view),
            ):
                assertions.append(
                    self._structural(rel.subject.key, rel.predicate, rel.object.key, sent.span, rel.rule)
                )
                if rel.subject.key not in keys:  # a capital named as a city (see part_of)
                    mentions.append(rel.subject)
                    keys.add(rel.subject.key)
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
                        found = [_to_the_accuser(a, concepts, assertions) for a in found]
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
        text = doc_words(doc).text
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
                    self._structural(target.key, "holdsRole", ref.of.key, span.sent, "role:apposition")
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

    def _named_holder(self, ref: RoleReference, persons: list[FoundMention]) -> ActorEntry | None:
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

    def _structural(self, subject: str, predicate: str, obj: str, sent: Span, rule: str) -> Assertion:
        """A structural relation with its sentence as evidence."""
        return Assertion(
            subject=subject,
            predicate=predicate,
            object=obj,
            plover=None,
            polarity="positive",
            modality="asserted",
            confidence=0.8,
            evidence=_evidence(sent),
            rule=rule,
            extractor=self.name,
            extractor_version=self.version,
        )

    def _sentences(self, doc: Doc, found: list[FoundMention]) -> list[_Sentence]:
        """Sentences with their mentions; a sentence the parser ended on a comma continues."""
        spans: list[Span] = []
        words = doc_words(doc)
        text = words.text
        for sent in words.sents:
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
            # "od 2013 r. lider Ligi": a sentence does not start in lower case after an
            # abbreviation's full stop.
            lower_start = (
                within_line
                and sent[0].is_alpha
                and sent[0].text[0].islower()
                and len(spans[-1]) >= 2
                and spans[-1][-1].text == "."
                and spans[-1][-2].is_lower
                and len(spans[-1][-2]) <= 4
            )
            # "sprzeciwiają się m. in. Polska", "gen. Walerij Gierasimow": never a sentence end.
            abbreviation = (
                within_line
                and len(spans[-1]) >= 2
                and spans[-1][-1].text == "."
                and spans[-1][-2].lower_ in _NO_SENTENCE_END
            )
            if spans and (spans[-1][-1].text in (",", ";") or dash or lower_start or abbreviation):
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
        words = doc_words(doc)
        lemmas = words.lemmas[sent.start : sent.end]
        lowers = words.lowers[sent.start : sent.end]
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
            # "s'est retirée de Kherson" withdraws; "a retiré le Soudan de la liste" does not.
            hits = [h for h in hits if not h.trigger.reflexive or _reflexive_near(doc, sent, h)]
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
        if (
            self._denies_an_event(sent.span, hit, lang)
            or self._alleged(sent.span, hit, lang, parsed)
            or self._attributes_a_quote(sent.span, hit)
        ):
            return
        if parsed:
            subject, objects, rule = self._dependency_args(sent, hit, speaker)
            if rule == "dep:no-actor":
                return
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
                and w_subject.span.root.dep_ not in _OBJECT_DEPS | {"poss", "nmod:poss", "amod", "compound"}
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
            if "demonym" in (obj.kind, subj.kind) and hit.trigger.pos != "NOUN" and not _given_by(hit, subj):
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
                evidence=_evidence(span),
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

    # ------------------------------------------------------------ polarity, modality, speaker


#: Abbreviations after which a full stop ends no sentence (pl "m. in.", "np.", "gen.", "prof.").
_NO_SENTENCE_END = frozenset("in np tzw ds tj prof dr gen płk mjr św im ген проф им ім".split())

#: Nouns of accusation: rejecting or denying one answers whoever made it.
_ACCUSATION_NOUNS = (
    "accusation", "allegation", "charge", "claim", "allégation", "accusa", "acusaci", "vorwurf", "vorwürf",
    "anschuldigung", "oskarżen", "zarzut", "обвинени", "звинувачен",
)  # fmt: skip


def _to_the_accuser(a: Assertion, concepts: list[Mention], earlier: list[Assertion]) -> Assertion:
    """ "La France rejette les accusations": a rejection or denial of accusations, after an
    accusation of the same actor earlier in the text, is aimed at the accuser."""
    concept = next((c for c in concepts if c.key == a.object), None)
    if concept is None or a.plover != "REJECT" or not concept.text.lower().startswith(_ACCUSATION_NOUNS):
        return a
    accuser = next(
        (p.subject for p in reversed(earlier) if p.plover == "ACCUSE" and p.object == a.subject),
        None,
    )
    return a if accuser is None else replace(a, object=accuser, rule=f"{a.rule}+accuser")


#: Reflexive pronouns and particles (fr, it, es, pl, de) and enclitic endings (it, es).
_REFLEXIVES = frozenset("se s' s’ si sich się me m' m’ te t' t’ nous vous ci vi nos os".split())
_ENCLITIC = ("si", "se", "sosi", "ndose", "ndosi")


def _reflexive_near(doc: Doc, sent: Span, hit: _Hit) -> bool:
    """A reflexive pronoun close to the trigger ("s'est opposé", "sprzeciwiła się"), or fused
    with it ("opporsi", "oponerse")."""
    if hit.head.lower_.endswith(_ENCLITIC):
        return True
    window = doc[max(sent.start, hit.first - 3) : min(sent.end, hit.last + 4)]
    return any(t.lower_ in _REFLEXIVES for t in window)


def _evidence(sent: Span) -> Evidence:
    """The sentence as evidence, without the line breaks and spaces spaCy keeps at its edges."""
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    text = text.strip()
    return Evidence(text, start, start + len(text))


def _given_by(hit: _Hit, giver: FoundMention) -> bool:
    """ "They received Russian money": the demonym of what an inverse trigger's subject receives
    (inside the trigger, between its words) names the giver."""
    return hit.trigger.inverse and giver.kind == "demonym" and hit.first < giver.span.start < hit.last


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
