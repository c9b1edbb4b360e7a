"""Arguments of a trigger: subject and objects by dependency rules (en, fr) or lemma windows.

:class:`ArgumentRules` is mixed into the extractor (it reads ``self.lexicon``): coordination,
passives, nominalisations and their agents, support verbs, "between X and Y", reciprocity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Span, Token

from kg_builder.extract.grammar import (
    _ABOUT_THE_INSTRUMENT,
    _ABSTRACT_OBJECT_PREDICATES,
    _BETWEEN,
    _DETERMINERS,
    _FACILITY_WORDS,
    _GENITIVE_PREPS,
    _INHERITS_SUBJECT,
    _JOINT_TYPES,
    _LIGHT_STEMS,
    _LIGHT_VERBS,
    _OBJECT_CONTROL,
    _OBJECT_DEPS,
    _PASSIVE_SUBJECT,
    _PLACE_PREPS,
    _PRONOUNS,
    _RECIPROCALS,
    _REGION_WORDS,
    _SAYING_TYPES,
    _STANCE_TYPES,
    _SUBJECT_DEPS,
    _VERB_FINAL,
    AGENT_PREPOSITIONS,
    CLAUSE_BREAKS,
    CONJUNCTIONS,
    PASSIVE_AUX,
    PREPOSITIONS,
    _Hit,
    _in_hedge,
    _light_verb_of,
    _object_fits,
    _prep_of,
    _Sentence,
    _unique,
)
from kg_builder.extract.lexicon import Lexicon, Trigger
from kg_builder.extract.mentions import MAX_NAME_CHARS, FoundMention
from kg_builder.models import Mention
from kg_builder.nlp.morph import noun_cases

#: Dependencies of a clause's nominal arguments.
_ARGUMENT_DEPS = frozenset({"obj", "dobj", "nsubj", "nsubj:pass", "nsubjpass"})


#: Actors that may stand together in one list ("Polska, kraje bałtyckie i Ukraina").
_COLLECTIVE = frozenset({"Country", "Location", "Organization", "Group"})


def _nominative(m: FoundMention, lang: str) -> bool:
    """Can the name only be a nominative ("Polska", "Россия"; not "Polskę", not "Niemcy")?"""
    for token in m.span:
        cases = noun_cases(token.text, lang) - {"voc"}
        if cases:
            return cases == {"nom"}
    return False


def _relative(token: Token) -> bool:
    return "Rel" in token.morph.get("PronType") or token.lower_ in ("which", "who", "that", "qui", "que")


class ArgumentRules:
    """Where a trigger's subject and objects are (see module docstring)."""

    lexicon: Lexicon

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
        came_by = ""
        for _ in range(4):
            if governor is None:
                break
            if came_by in ("xcomp", "prep") and governor.lemma_ in _OBJECT_CONTROL:
                controller = next((c for c in governor.children if c.dep_ in ("dobj", "obj")), None)
                subject = self._mention_in(sent, controller) if controller is not None else None
                if subject is not None:
                    inherited = True
                    break
            found = [
                c for c in governor.children if c.dep_ in _SUBJECT_DEPS and c.dep_ not in _PASSIVE_SUBJECT
            ]
            if found:
                subject = self._mention_in(sent, found[0])
                inherited = governor is not head
                if subject is None and _relative(found[0]) and governor.dep_ in ("relcl", "acl:relcl"):
                    # "la liste des Etats qui soutiennent le terrorisme": the relative pronoun is
                    # its noun; when that noun names no actor, the clause has no actor subject.
                    subject = self._mention_in(sent, governor.head)
                    if subject is None:
                        return None, [], "dep:no-actor"
                break
            if governor.dep_ in _INHERITS_SUBJECT and governor.head is not governor:
                came_by = governor.dep_
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
                    if m is None or (m.kind == "modifier" and not trig.place_object):
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
                if not objects:
                    objects = self._object_after(sent, hit, genitives[-1])
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

    def _object_after(self, sent: _Sentence, hit: _Hit, genitive: FoundMention) -> list[FoundMention]:
        """ "invasion of the Russian Federation into Ukraine", where the parser hangs "into Ukraine"
        elsewhere: an object preposition right after the noun's genitive still introduces its object."""
        doc = sent.span.doc
        k = genitive.span.end
        if (
            k >= sent.span.end
            or doc[k].lower_ in _GENITIVE_PREPS
            or doc[k].lower_ not in hit.trigger.object_preps
        ):
            return []
        k += 1
        while k < sent.span.end and doc[k].lower_ in _DETERMINERS:
            k += 1
        m = sent.mention_at(doc[k]) if k < sent.span.end else None
        return [m] if m is not None and m.kind not in ("modifier", "demonym") else []

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
        if target is None:
            # The parser hung the trigger's object elsewhere ("veut annexer/advmod trois régions",
            # the noun taken for the object of "veut"): the noun right after it, past
            # determiners and numbers, when the parser made it some verb's argument.
            after = next(
                (
                    t
                    for t in sent.span.doc[hit.last + 1 : hit.last + 4]
                    if t.pos_ not in ("DET", "NUM", "ADJ")
                ),
                None,
            )
            if after is not None and after.pos_ == "NOUN" and after.dep_ in _ARGUMENT_DEPS:
                target = after
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
                or (
                    any(doc[k].text == "," for k in range(after + 1, m.span.start))
                    and not self._inserted_clause(sent, after, m, trig)
                )
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
            elif (m.kind == "modifier" and not trig.place_object) or not _object_fits(trig, prep):
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
            # At the very start of the sentence, a date and a finite verb may come first: "Nach
            # einem Treffen mit Stoltenberg am Mittwoch hatte der serbische Präsident …".
            reach = 5 if hit.first - sent.span.start <= 3 else 3
            if (
                after is not None
                and after.span.start - objects[-1].span.end <= reach
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
        inverted = self._subject_after(sent, hit, lang, left, right, blocked, after_prep)
        if inverted is not None:
            return inverted
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
            # "versucht, Maduro zum Rückzug zu drängen": a zu-infinitive has no subject of its own.
            infinitive = hit.first > sent.span.start and doc[hit.first - 1].lower_ == "zu"
            # Both sides within one clause: no comma between them and the verb, unless the verb
            # heads an infinitive whose subject is the clause's before the comma ("Norwegen
            # bestreitet, Schweden angegriffen zu haben").
            then_zu = hit.last + 1 < sent.span.end and doc[hit.last + 1].lower_ == "zu"
            one_clause = len(bare) >= 2 and (
                then_zu or not any(doc[k].text == "," for k in range(bare[-2].span.end, hit.first))
            )
            if one_clause and not infinitive and not trig.requires_prep:
                return bare[-2], [bare[-1]], "window:verb-final"
        return subject, objects, "window"

    def _subject_after(
        self,
        sent: _Sentence,
        hit: _Hit,
        lang: str,
        left: list[FoundMention],
        right: list[FoundMention],
        blocked: Callable[[int, int], bool],
        after_prep: Callable[[FoundMention], str | None],
    ) -> tuple[FoundMention, list[FoundMention], str] | None:
        """ "Budowie Nord Stream 2 sprzeciwiają się Polska i Ukraina": in Polish, Russian and
        Ukrainian the subject may follow the verb; a bare name right after it that can only be
        a nominative is the subject, and the nearest actor before the verb is the object."""
        if lang not in ("pl", "ru", "uk") or hit.trigger.pos != "VERB" or hit.trigger.inverse:
            return None
        doc = sent.span.doc
        first = next((m for m in right if m.span.start > hit.last), None)
        if (
            first is None
            # "sprzeciwiają się m. in. Polska": only particles and abbreviations in between
            or first.span.start - hit.last > 6
            or any(len(doc[k]) > 3 for k in range(hit.last + 1, first.span.start))
            or after_prep(first) is not None
            or first.kind in ("demonym", "modifier")
            or not _nominative(first, lang)
        ):
            return None
        target = next(
            (
                m
                for m in reversed(left)
                if hit.first - m.span.end <= 8
                and not blocked(m.span.end, hit.first)
                and m.kind not in ("demonym", "modifier")
                and not _nominative(m, lang)
            ),
            None,
        )
        if target is None or any(doc[k].text == "," for k in range(target.span.end, hit.first)):
            return None
        return first, [target], "window:subject-after"

    def _inserted_clause(self, sent: _Sentence, after: int, m: FoundMention, trig: Trigger) -> bool:
        """'held his first call, since becoming prime minister, with Macron': a clause set off by
        a pair of commas, with no actor in it, lies between the trigger and its object."""
        doc = sent.span.doc
        commas = [k for k in range(after + 1, m.span.start) if doc[k].text == ","]
        if len(commas) != 2 or not trig.object_preps:
            return False
        j = m.span.start - 1
        while j > commas[1] and doc[j].lower_ in _DETERMINERS:
            j -= 1
        inside = any(commas[0] < f.span.start < commas[1] for f in sent.mentions)
        return not inside and doc[j].lower_ in trig.object_preps

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
        closed = 1  # "A, B and C": commas link only when a conjunction ends the list
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
                closed = len(out)
            elif between == [","] and (
                m.mention.type == first.mention.type or {m.mention.type, first.mention.type} <= _COLLECTIVE
            ):
                out.append(m)
                current = m
            else:
                break
        return out[:closed]
