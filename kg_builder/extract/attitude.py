"""Polarity, modality and speaker of a trigger: negation and denial cues, modal cues, "X said".

:class:`AttitudeRules` is mixed into the extractor (it reads ``self.lexicon``).
"""

from __future__ import annotations

from spacy.tokens import Span

from kg_builder.extract.grammar import (
    _ALLEGING,
    _DASHES,
    _DENIALS,
    _DETERMINERS,
    _EMBEDDED,
    _NOUN_NEGATORS,
    _SUBJECT_DEPS,
    CLAUSE_BREAKS,
    PREPOSITIONS,
    _first_words,
    _Hit,
    _Sentence,
)
from kg_builder.extract.lexicon import Lexicon
from kg_builder.extract.mentions import FoundMention
from kg_builder.extract.words import doc_words


class AttitudeRules:
    """How a trigger is asserted and by whom (see module docstring)."""

    lexicon: Lexicon

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

    def _attributes_a_quote(self, sent: Span, hit: _Hit) -> bool:
        """'"…", - попередив Курц', '« … », a averti Macron', '"…," said Truss': a verb right
        after a closing quote attributes the quote to its speaker; it relates no two actors."""
        if hit.trigger.pos != "VERB":
            return False
        doc = sent.doc
        k = hit.first - 1
        while k >= sent.start and doc[k].pos_ == "AUX":
            k -= 1
        marks = 0
        while k >= sent.start and doc[k].text in (",", *_DASHES) and marks < 2:
            k -= 1
            marks += 1
        return k >= sent.start and doc[k].text in _CLOSING_QUOTES and k < hit.first - 1

    _ALLEGED_DEPS = frozenset({"xcomp", "pcomp", "advcl", "acl", "prep", "pobj"})

    def _alleged(self, sent: Span, hit: _Hit, lang: str, parsed: bool) -> bool:
        """ "accused Russia of supporting the rebels", "a accusé le Rwanda de soutenir": the
        embedded event is what the accuser claims (its ACCUSE relation says so), not a fact."""
        alleging = _ALLEGING.get(lang, frozenset())
        doc = sent.doc
        if parsed:
            token = hit.head
            for _ in range(3):
                if token.dep_ not in self._ALLEGED_DEPS or token.head is token:
                    return False
                token = token.head
                if token.lemma_.lower() in alleging:
                    return True
            return False
        for k in range(hit.first - 1, max(sent.start, hit.first - 6) - 1, -1):
            if doc[k].text in CLAUSE_BREAKS or doc[k].text == ",":
                return False
            if doc[k].lemma_.lower() in alleging:
                return True
        return False

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
                if token.dep_ == "advcl" and any(c.dep_ in _SUBJECT_DEPS for c in token.children):
                    break  # "veut annexer …, alors Tokayev s'est opposé": a clause with its own subject
                token = token.head
                lemmas.append(token.lemma_.lower())
        lemmas.extend(doc[k].lemma_.lower() for k in range(max(sent.start, hit.first - 4), hit.first))
        for modality in ("requested", "intended", "possible"):
            if any(lemma in getattr(cues, modality) for lemma in lemmas):
                return modality
        if lang == "fr" and parsed and any(_conditional_fr(t) for t in (hit.head, *hit.head.children)):
            return "possible"  # "elle céderait les régions", "la Russie aurait attaqué"
        return "asserted"

    def _speaker(self, sent: _Sentence, lang: str, parsed: bool) -> FoundMention | None:
        """The actor a sentence is attributed to: 'X said', 'according to X'."""
        cues = self.lexicon.cues(lang)
        words = doc_words(sent.span.doc)
        lemmas = words.lemmas[sent.span.start : sent.span.end]
        texts = words.lowers[sent.span.start : sent.span.end]
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


_CLOSING_QUOTES = frozenset({'"', "»", "”", "“", "'"})

#: French conditionals whose stem is not the infinitive's.
_IRREGULAR_CONDITIONAL_STEMS = (
    "ser",
    "aur",
    "fer",
    "ir",
    "pourr",
    "devr",
    "voudr",
    "viendr",
    "tiendr",
    "enverr",
    "verr",
    "saur",
    "faudr",
)


def _conditional_fr(token) -> bool:
    """A French verb or auxiliary in the conditional: infinitive stem + imperfect ending."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    word, lemma = token.lower_, token.lemma_.lower()
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    for ending in ("ait", "aient", "ais", "ions", "iez"):
        if word == stem + ending or any(word == s + ending for s in _IRREGULAR_CONDITIONAL_STEMS):
            return True
    return False
