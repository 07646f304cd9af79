"""Find actor mentions in a parsed document and resolve each to a code, a name and a role.

Mentions come from the knowledge base (compiled phrase matchers over proper names and role
words) and from spaCy's PERSON entities. Adjacent pieces of one noun phrase are composed into
one mention ("Iraq's" + "Interior Minister" + "Othman al-Qanemi"), and a document memory lets a
later surname, title or pronoun inherit what an earlier full mention established.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from dragoman.actors.kb import ActorKB, Agent, Person, Surface
from dragoman.actors.names import NAME_PARTICLES, name_tokens
from dragoman.schemas import ActorMention

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
NAME_JOINERS = frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "al",
        "Al",
        "el",
        "El",
        "Abu",
        "abu",
        "-",
        "de",
        "van",
        "von",
        "der",
        "da",
        "ben",
        "Ben",
    }
)
PROPER_KINDS = ("organisation", "person", "country", "capital", "metonym", "demonym")
"""When one string could be several things, the earlier kind wins."""


@dataclass(slots=True)
class _Unit:
    """One matched piece of an actor phrase."""

    start: int
    end: int
    kind: str  # country|demonym|capital|metonym|organisation|person|agent|pronoun
    code: str = ""
    entry_id: str = ""
    agent: Agent | None = None
    person: Person | None = None
    confidence: float = 0.9


@dataclass(slots=True)
class _Memory:
    """What the document has established so far, for surnames, titles and pronouns."""

    by_surname: dict[str, ActorMention] = field(default_factory=dict)
    last_person: ActorMention | None = None
    last_person_sentence: int = -10
    last_thing: ActorMention | None = None
    last_thing_sentence: int = -10
    by_role: dict[str, ActorMention] = field(default_factory=dict)
    sentence_of: list[int] = field(default_factory=list)


class ActorResolver:
    """Compiled once per process; ``resolve`` is then cheap per document."""

    def __init__(self, nlp: Language, kb: ActorKB) -> None:
        self.kb = kb
        self._proper = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._agents = PhraseMatcher(nlp.vocab, attr="LOWER")
        surfaces = sorted(kb.surfaces)
        for text, doc in zip(surfaces, nlp.tokenizer.pipe(surfaces), strict=True):
            self._proper.add(text, [doc])
        phrases = sorted(kb.agents)
        for text, doc in zip(phrases, nlp.tokenizer.pipe(phrases), strict=True):
            self._agents.add(text, [doc])

    # -- public --------------------------------------------------------------------------
    def resolve(self, doc: Doc, day: dt.date | None = None) -> list[ActorMention]:
        units = self._units(doc, day)
        memory = _Memory(sentence_of=_sentence_numbers(doc))
        mentions: list[ActorMention] = []
        for group in self._groups(doc, units):
            mention = self._compose(doc, group, day, memory)
            if mention is not None:
                mentions.append(mention)
                self._remember(doc, mention, group, memory)
        return mentions

    # -- units ---------------------------------------------------------------------------
    def _units(self, doc: Doc, day: dt.date | None) -> list[_Unit]:
        candidates: list[_Unit] = []
        for match_id, start, end in self._proper(doc):
            surfaces = self.kb.surfaces[doc.vocab.strings[match_id]]
            surface = min(surfaces, key=lambda s: PROPER_KINDS.index(s.kind))
            candidates.append(self._proper_unit(surface, start, end, day))
        for match_id, start, end in self._agents(doc):
            agent = self.kb.agents[doc.vocab.strings[match_id]]
            if _looks_like_common_agent(doc[start:end], agent):
                candidates.append(_Unit(start, end, "agent", agent=agent, confidence=0.7))
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                span = _extend_name(doc, ent)
                candidates.append(_Unit(span.start, span.end, "person", confidence=0.75))
        for token in doc:
            if _is_referring_pronoun(token):
                candidates.append(_Unit(token.i, token.i + 1, "pronoun", confidence=0.6))
        return _without_overlaps(candidates)

    def _proper_unit(self, surface: Surface, start: int, end: int, day: dt.date | None) -> _Unit:
        if surface.kind == "person":
            person = self.kb.people[surface.entry_id]
            return _Unit(
                start, end, "person", surface.code, person.id, person=person, confidence=0.95
            )
        return _Unit(start, end, surface.kind, surface.code, surface.entry_id, confidence=0.9)

    # -- grouping ------------------------------------------------------------------------
    def _groups(self, doc: Doc, units: list[_Unit]) -> list[list[_Unit]]:
        """Adjacent units of one noun phrase, joined by nothing, a possessive or ``of (the)``."""
        groups: list[list[_Unit]] = []
        for unit in units:
            if groups and _joins(doc, groups[-1], unit):
                groups[-1].append(unit)
            else:
                groups.append([unit])
        return groups

    # -- composition ---------------------------------------------------------------------
    def _compose(
        self, doc: Doc, group: list[_Unit], day: dt.date | None, memory: _Memory
    ) -> ActorMention | None:
        start, end = group[0].start, group[-1].end
        span = doc[start:end]
        sentence = memory.sentence_of[start]
        country: str | None = None
        organisation = None
        agent: Agent | None = None
        person_unit: _Unit | None = None
        pronoun_referent: ActorMention | None = None
        for unit in group:
            if unit.kind in ("country", "demonym", "capital", "metonym") and country is None:
                country = unit.code
            elif unit.kind == "organisation" and organisation is None:
                organisation = self.kb.organisations[unit.entry_id]
            elif unit.kind == "agent":
                agent = unit.agent
            elif unit.kind == "person":
                person_unit = unit
            elif unit.kind == "pronoun":
                pronoun_referent = _pronoun_referent(doc[unit.start], memory, sentence)
        confidence = max(unit.confidence for unit in group)

        if len(group) == 1 and pronoun_referent is not None:
            return _copy(pronoun_referent, span, confidence=0.6, kind="pronoun")
        if len(group) == 1 and group[0].kind == "pronoun":
            return None
        if pronoun_referent is not None and country is None:
            country = pronoun_referent.country

        name: str | None = None
        role = agent.role if agent else None
        sector = agent.sector if agent else None
        kb_id = None
        kind = "agent" if agent else "country"
        if person_unit is not None:
            kind = "person"
            person_text = doc[person_unit.start : person_unit.end].text
            person = person_unit.person
            remembered = _recall_surname(person_text, memory)
            if person is None and remembered is not None and remembered.kb_id is not None:
                person = self.kb.people.get(remembered.kb_id)
            if person is None:
                person = self.kb.find_person(person_text, day)
                if person is not None:
                    confidence = 0.85
            if person is not None:
                name, kb_id = person.name, person.id
                office = person.office_on(day)
                if office is not None:
                    country, sector, role = office.country, office.sector, office.role
                    confidence = max(confidence, 0.9)
                else:
                    country = country or person.home_country()
                    sector = sector if agent else None
            elif remembered is not None and len(group) == 1:
                return _copy(remembered, span, confidence=0.85, kind="person")
            else:
                name = person_text
                if country is None and organisation is None and agent is None:
                    return None
        elif agent is not None and agent.person and country is None and organisation is None:
            referent = memory.by_role.get(agent.phrase)
            if referent is not None and sentence - memory.last_person_sentence <= 4:
                return _copy(referent, span, confidence=0.7, kind="person")

        if organisation is not None and (person_unit is None or kb_id is None):
            code = organisation.code
            country = organisation.country or country
            if sector is None or organisation.kind != "state_body":
                sector = organisation.sector
            if name is None:
                name = organisation.name
            kind = "organisation" if person_unit is None else kind
        else:
            code = (country or "") + (sector or "")
        if not code:
            return None
        if name is None:
            name = self._default_name(country, agent, span)
            kind = (
                "region"
                if country
                and self.kb.countries.get(country, None)
                and self.kb.countries[country].kind == "region"
                and agent is None
                else kind
            )
        if agent is None and person_unit is None and organisation is None and not country:
            return None
        return ActorMention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            name=name,
            code=code,
            country=country,
            sector=sector,
            role=role,
            kb_id=kb_id,
            confidence=confidence,
            kind=kind,
            token_start=start,
            token_end=end,
        )

    def _default_name(self, country: str | None, agent: Agent | None, span: Span) -> str:
        if country and agent:
            return f"{self.kb.country_name(country)} {agent.role or agent.phrase}"
        if country:
            return self.kb.country_name(country)
        return agent.role or agent.phrase if agent else span.text

    def _remember(
        self, doc: Doc, mention: ActorMention, group: list[_Unit], memory: _Memory
    ) -> None:
        sentence = memory.sentence_of[mention.token_start]
        if mention.kind == "person":
            memory.last_person = mention
            memory.last_person_sentence = sentence
            person_units = [u for u in group if u.kind == "person"]
            for unit in person_units:
                parts = name_tokens(doc[unit.start : unit.end].text)
                if parts:
                    memory.by_surname.setdefault(parts[-1], mention)
            for unit in group:
                if unit.kind == "agent" and unit.agent is not None:
                    memory.by_role[unit.agent.phrase] = mention
            if mention.role:
                for phrase, agent in self.kb.agents.items():
                    if agent.role == mention.role and agent.person:
                        memory.by_role.setdefault(phrase, mention)
        elif mention.kind != "pronoun":
            memory.last_thing = mention
            memory.last_thing_sentence = sentence


def _looks_like_common_agent(span: Span, agent: Agent) -> bool:
    """A role phrase names an agent only as a noun: not the adjective of "official visit",
    nor the "pm" of "3 pm"."""
    if span.start > 0 and span.doc[span.start - 1].like_num:
        return False
    return span[-1].pos_ in ("NOUN", "PROPN")


def _is_referring_pronoun(token: Token) -> bool:
    """Pronouns that stand for an actor; the "it" of "it is noteworthy that" does not."""
    lower = token.lower_
    if lower in PERSONAL_PRONOUNS or lower == "its":
        return True
    if lower != "it" or token.dep_ not in ("nsubj", "dobj", "pobj"):
        return False
    return token.head.lemma_ != "be" and not any(
        child.dep_ in ("ccomp", "xcomp") for child in token.head.children
    )


def _extend_name(doc: Doc, ent: Span) -> Span:
    """Grow a PERSON entity over name particles and capitalised parts NER left out."""
    start, end = ent.start, ent.end
    while end - start > 1 and doc[end - 1].text in POSSESSIVE:
        end -= 1
    if doc[start].lower_ == "the":
        start += 1
    while end < len(doc) and (
        doc[end].text in NAME_JOINERS or (doc[end].is_title and doc[end].pos_ == "PROPN")
    ):
        if doc[end].text in NAME_JOINERS and (end + 1 >= len(doc) or not doc[end + 1].is_title):
            break
        end += 1
    while start > 0 and doc[start - 1].text in NAME_JOINERS and doc[start - 1].text != "-":
        start -= 1
    if start > 0 and doc[start].text == "-" and doc[start - 1].lower_ in NAME_PARTICLES:
        start -= 1
    return doc[start:end]


def _without_overlaps(units: list[_Unit]) -> list[_Unit]:
    """Longest unit wins; among equals, knowledge-base units beat NER guesses."""
    ranked = sorted(units, key=lambda u: (-(u.end - u.start), -u.confidence, u.start))
    taken: set[int] = set()
    kept: list[_Unit] = []
    for unit in ranked:
        positions = set(range(unit.start, unit.end))
        if positions & taken:
            continue
        taken |= positions
        kept.append(unit)
    return sorted(kept, key=lambda u: u.start)


def _joins(doc: Doc, group: list[_Unit], unit: _Unit) -> bool:
    last = group[-1]
    gap = doc[last.end : unit.start]
    kinds = {u.kind for u in group}
    if unit.kind == "pronoun" or (last.kind == "pronoun" and unit.kind != "agent"):
        return False
    if unit.kind == "person" and "person" in kinds:
        return False
    if unit.kind == "person" and last.kind == "agent" and last.agent and not last.agent.person:
        return False
    if "person" in kinds and last.kind == "person" and unit.kind != "agent":
        return False
    if "person" in kinds and last.kind == "person" and not (gap and gap[0].text in POSSESSIVE):
        return False
    if len(gap) == 0:
        if unit.kind in ("country", "capital") and last.kind in ("country", "capital", "demonym"):
            return False
        return not (unit.kind == "demonym" and last.kind != "demonym")
    if len(gap) == 1 and gap[0].text in POSSESSIVE:
        return unit.kind in ("agent", "person", "organisation")
    words = [token.lower_ for token in gap]
    if words in (["of"], ["of", "the"]) and last.kind == "agent":
        return unit.kind in ("country", "organisation", "capital")
    return False


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        numbers[sent.start : sent.end] = [number] * len(sent)
    return numbers


def _recall_surname(text: str, memory: _Memory) -> ActorMention | None:
    parts = name_tokens(text)
    return memory.by_surname.get(parts[-1]) if parts else None


def _pronoun_referent(token: Token, memory: _Memory, sentence: int) -> ActorMention | None:
    if token.lower_ in PERSONAL_PRONOUNS:
        if memory.last_person is not None and sentence - memory.last_person_sentence <= 2:
            return memory.last_person
        return None
    if memory.last_thing is not None and sentence - memory.last_thing_sentence <= 1:
        return memory.last_thing
    return None


def _copy(referent: ActorMention, span: Span, *, confidence: float, kind: str) -> ActorMention:
    return ActorMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=referent.name,
        code=referent.code,
        country=referent.country,
        sector=referent.sector,
        role=referent.role,
        kb_id=referent.kb_id,
        confidence=min(confidence, referent.confidence),
        kind=kind,
        token_start=span.start,
        token_end=span.end,
    )
