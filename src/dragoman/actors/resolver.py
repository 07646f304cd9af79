"""Find actor mentions in a parsed document and resolve each to a code, a name and a role.

Mentions come from the knowledge base (phrase tables over proper names and role words, see
``phrases.py``) and from spaCy's PERSON entities. Adjacent pieces of one noun phrase are
composed into one mention ("Iraq's" + "Interior Minister" + "Othman al-Qanemi"), and a document
memory lets a later surname, title or pronoun inherit what an earlier full mention established.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from dragoman import nlp as nlp_module
from dragoman.actors import phrases as phrases_module
from dragoman.actors.kb import ActorKB, Agent, Organisation, Person
from dragoman.actors.names import HONORIFICS, NAME_PARTICLES, name_tokens
from dragoman.actors.phrases import PhraseData, PhraseTable, token_hashes
from dragoman.nlp import document_text, proper_nouns, sentence_of
from dragoman.resources import cached
from dragoman.schemas import ActorMention, Place

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
"""Compared with the lower-cased token, so headlines' ``'S`` counts too."""
EMBEDDING_LABELS = frozenset({"LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
"""A country inside such a name is part of the name: "Gulf of Oman", "Milipol Qatar"."""
PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PRONOUN_KEYS = frozenset(map(get_string_id, PERSONAL_PRONOUNS | THING_PRONOUNS))
"""Their LOWER hashes: only these tokens are looked at as pronouns."""
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
    country_by_token: dict[int, str] = field(default_factory=dict)
    last_country: str | None = None
    by_token: dict[int, ActorMention] = field(default_factory=dict)
    """Mentions composed so far, by each of their tokens: a clause's subject for "its"."""


def _phrase_tables(nlp: Language, kb: ActorKB) -> tuple[PhraseData, PhraseData, PhraseData]:
    """The knowledge base's proper names by their tokens' ORTH, the same case-blind (LOWER) for
    headlines, and its role words by LOWER, tokenised by ``nlp``'s tokenizer. Cached on disk
    for the same names, model, tokenizer settings and code: tokenising creates a vocabulary
    entry per new word, which was most of the resolver's start-up."""
    surfaces = sorted(kb.surfaces)
    phrases = sorted(kb.agents)

    def build() -> tuple[PhraseData, PhraseData, PhraseData]:
        names = list(zip(surfaces, nlp.tokenizer.pipe(surfaces), strict=True))
        agents = zip(phrases, nlp.tokenizer.pipe(phrases), strict=True)
        proper = PhraseTable.build((text, [t.orth for t in doc]) for text, doc in names)
        shouted = PhraseTable.build(
            (text, [t.lower for t in doc])
            for text, doc in names
            if len(text) > 3 and not text.isupper()
        )
        roles = PhraseTable.build((text, [t.lower for t in doc]) for text, doc in agents)
        return proper.data, shouted.data, roles.data

    model = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}"
    sources = [
        f"spacy {spacy.__version__} {model}",
        Path(nlp_module.__file__),
        Path(__file__),
        Path(phrases_module.__file__),
        "\n".join(surfaces),
        "\n".join(phrases),
    ]
    proper, shouted, roles = cached("actor-phrases", sources, build)
    return proper, shouted, roles


class ActorResolver:
    """Compiled once per process; ``resolve`` is then cheap per document."""

    def __init__(self, nlp: Language, kb: ActorKB) -> None:
        self.kb = kb
        proper, shouted, roles = _phrase_tables(nlp, kb)
        self._proper = PhraseTable(proper)
        self._shouted = PhraseTable(shouted)
        """Proper names again, case-blind, for all-caps headlines only."""
        self._agents = PhraseTable(roles)

    # -- public --------------------------------------------------------------------------
    def resolve(self, doc: Doc, day: dt.date | None = None) -> list[ActorMention]:
        units = self._units(doc, day)
        memory = _Memory(sentence_of=_sentence_numbers(doc))
        memory.country_by_token = {
            i: unit.code
            for unit in units
            if unit.kind in ("country", "capital", "metonym")
            for i in range(unit.start, unit.end)
        }
        mentions: list[ActorMention] = []
        for group in self._groups(doc, units):
            mention = self._compose(doc, group, day, memory)
            if mention is not None:
                mentions.append(mention)
                self._remember(doc, mention, group, memory)
        _share_coordinated_heads(doc, mentions, self._is_demonym)
        _qualify_parties(doc, mentions)
        _adopt_appositions(doc, mentions)
        named = _named_by_apposition(doc, mentions)
        if named:
            mentions = sorted([*mentions, *named], key=lambda m: m.start)
        collective = _collective_references(doc, mentions)
        if collective:
            # "the two Arab countries" are the pair named before, not the Arab world
            mentions = [
                m
                for m in mentions
                if not any(g.token_start <= m.token_start < g.token_end for g in collective)
            ]
            mentions += collective
            mentions.sort(key=lambda m: m.start)
        the_country = _the_country_references(doc, mentions, self.kb.country_name)
        if the_country:
            mentions = sorted([*mentions, *the_country], key=lambda m: m.start)
        blocs = _bloc_references(doc, mentions)
        if blocs:
            mentions = sorted([*mentions, *blocs], key=lambda m: m.start)
        return mentions

    def assign_context_countries(
        self, doc: Doc, mentions: list[ActorMention], places: Iterable[Place]
    ) -> None:
        """Give "police", "protesters" or "the army" the country the text is about. News
        writes "security forces fired on protesters in Mandalay". In order: the country that
        sends or withdraws them ("Rwanda deployed soldiers to Mozambique"); a place in their
        own phrase; for the subject of no tensed clause of its own ("a law passed by
        parliament", "..., the ministry said"), the country of the governing clause's
        subject; the nearest country named in the sentence, a nationality that describes
        someone or something else ("Chinese engineers") only after places and actors, and
        never a backer ("Iran-backed"); else the last country named before."""
        by_start = {place.start: place for place in places}
        for mention in mentions:
            place = by_start.get(mention.start)
            if (
                mention.kind == "place"
                and place is not None
                and place.country
                and place.country != mention.country
            ):
                # "Tripoli" in a story about Lebanon: the geoparser read the context.
                mention.country = mention.code = place.country
                mention.name = place.name
        sponsors = {m.token_start for m in mentions if _is_sponsor(doc, m)}
        # (token, country, rank): rank 1 for a nationality that only describes someone or
        # something else ("Chinese engineers", "a US base"), which says less about where
        located = [
            (m.token_start, m.country, int(_describes_other(doc, m)))
            for m in mentions
            if m.country in self.kb.countries
            and not self.kb.is_region(m.country)
            and m.token_start not in sponsors
        ]
        by_token = {i: m for m in mentions for i in range(m.token_start, m.token_end)}
        usable = {c for _, c, _ in located}
        placed = False
        for place in places:
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            if span is not None and place.country and span.start not in sponsors:
                named = by_token.get(span.start)
                rank = int(named is not None and _describes_other(doc, named))
                located.append((span.start, place.country, rank))
        located.sort()
        for mention in mentions:
            if mention.country is not None or mention.kind != "agent" or not mention.sector:
                continue
            sent = sentence_of(doc[mention.token_start])
            other_side = _counterparts_side(doc, mention, by_token)
            same_sentence = [
                (rank, abs(i - mention.token_start), c)
                for i, c, rank in located
                if sent.start <= i < sent.end and c != other_side
            ]
            if not same_sentence and any(
                self.kb.is_region(m.country) and sent.start <= m.token_start < sent.end
                for m in mentions
            ):
                continue  # "officials of the region, especially the Arab countries"
            earlier = [c for i, c, _ in located if i < sent.start]
            head = doc[mention.token_start : mention.token_end].root
            while head.dep_ in ("compound", "amod", "npadvmod", "nmod"):
                head = head.head  # "rebel-held areas of Idlib": the phrase is the areas'
            # "civilians in the town of Axum": a place in the agent's own phrase says most
            first, last = head.left_edge.i, head.right_edge.i
            own = [
                c
                for i, c, _ in located
                if first <= i <= last
                and not mention.token_start <= i < mention.token_end
                and _in_own_phrase(doc[i], head)
            ]
            sender = _sender_country(head, by_token)
            if mention.sector in TRANSNATIONAL_SECTORS:
                # "rights groups urged Bangkok": the country they address is not their home
                country = sender or (own[0] if own else None)
                if country is None:
                    mention.kind = "organisation"  # CAMEO's NGO, an actor of no country
                    continue
            else:
                country = (
                    sender
                    or (own[0] if own else None)
                    or _governing_subject_country(head, mention, by_token, usable)
                    or (min(same_sentence)[2] if same_sentence else None)
                    or (earlier[-1] if earlier else None)
                )
            if country:
                mention.country = country
                mention.code = country + mention.sector
                mention.name = f"{self.kb.country_name(country)} {mention.name}"
                mention.confidence *= 0.8
                placed = True
        if placed:
            # "Memorial, a rights group in Moscow": the apposition has a country only now
            named = _named_by_apposition(doc, mentions)
            if named:
                mentions.extend(named)
                mentions.sort(key=lambda m: m.start)

    def _is_demonym(self, text: str) -> bool:
        return any(s.kind == "demonym" for s in self.kb.surfaces.get(text, ()))

    # -- units ---------------------------------------------------------------------------
    def _units(self, doc: Doc, day: dt.date | None) -> list[_Unit]:
        candidates: list[_Unit] = []
        orth, lower = token_hashes(doc)
        for key, start, end in self._proper.matches(orth):
            candidates.append(self._proper_unit(key, start, end, day))
        for key, start, end in self._shouted.matches(lower):
            if all(token.is_upper for token in doc[start:end]):
                candidates.append(self._proper_unit(key, start, end, day, confidence=0.8))
        agents = []
        matches = self._agents.matches(lower)
        agent_starts = {start for _, start, _ in matches}
        for key, start, end in matches:
            agent = self.kb.agents[key]
            # "a militant splinter faction" is the role's body even where the tagger reads a
            # word of identity as an adjective; "a military alliance" is a pact
            whole = _group_head_end(doc, end, self.kb.group_heads)
            if (whole > end and agent.sector in IDENTITY_SECTORS) or _looks_like_common_agent(
                doc[start:end], agent, agent_starts
            ):
                agents.append(_Unit(start, whole, "agent", agent=agent, confidence=0.7))
        candidates += agents
        title_ends = {unit.start: unit.end for unit in candidates if unit.kind != "person"}
        claimed = {
            i for unit in candidates if unit.kind != "person" for i in range(unit.start, unit.end)
        }
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                span = _extend_name(doc, ent, claimed)
                start = span.start
                while start in title_ends and title_ends[start] < span.end:
                    start = title_ends[start]
                if all(i in claimed for i in range(start, span.end)):
                    continue  # "Sri Lankan" tagged as a person is the demonym
                candidates.append(_Unit(start, span.end, "person", confidence=0.75))
        candidates = [
            unit
            for unit in candidates
            if not _inside_a_name(doc, unit)
            and not _sympathy(doc, unit)
            and not _names_a_thing(doc, unit, self.kb.name_heads)
        ]
        candidates += self._loose_names(doc, candidates, day)
        for i in [i for i, key in enumerate(lower) if key in PRONOUN_KEYS]:
            if _is_referring_pronoun(doc[i]):
                candidates.append(_Unit(i, i + 1, "pronoun", confidence=0.6))
        return _without_overlaps(candidates)

    def _loose_names(self, doc: Doc, found: list[_Unit], day: dt.date | None) -> list[_Unit]:
        """Names NER missed: a bare surname seen in a fuller name earlier ("Kadhimi"), and in
        all-caps headlines a surname the knowledge base knows ("ABADI")."""
        covered = {i for unit in found for i in range(unit.start, unit.end)}
        surnames = set()
        for unit in found:
            if unit.kind == "person":
                parts = name_tokens(doc[unit.start : unit.end].text)
                if len(parts) > 1:
                    surnames.add(parts[-1])
        units = []
        for i in proper_nouns(doc):
            token = doc[i]
            if i in covered or len(token) < 4:
                continue
            parts = name_tokens(token.text)
            if not parts:
                continue
            if parts[-1] in surnames:
                units.append(_Unit(token.i, token.i + 1, "person", confidence=0.8))
            elif token.is_upper and self.kb.find_person(token.text.title(), day) is not None:
                units.append(_Unit(token.i, token.i + 1, "person", confidence=0.7))
        return units

    def _proper_unit(
        self, key: str, start: int, end: int, day: dt.date | None, confidence: float = 0.9
    ) -> _Unit:
        surface = min(self.kb.surfaces[key], key=lambda s: PROPER_KINDS.index(s.kind))
        if surface.kind == "person":
            person = self.kb.people[surface.entry_id]
            return _Unit(
                start,
                end,
                "person",
                surface.code,
                person.id,
                person=person,
                confidence=confidence + 0.05,
            )
        return _Unit(
            start, end, surface.kind, surface.code, surface.entry_id, confidence=confidence
        )

    # -- grouping ------------------------------------------------------------------------
    def _groups(self, doc: Doc, units: list[_Unit]) -> list[list[_Unit]]:
        """Adjacent units of one noun phrase, joined by nothing, a possessive or ``of (the)``."""
        groups: list[list[_Unit]] = []
        for unit in units:
            if groups and _joins(doc, groups[-1], unit):
                groups[-1].append(unit)
            else:
                groups.append([unit])
        merged: list[list[_Unit]] = []
        for group in groups:
            if merged and self._is_envoy_of(doc, merged[-1], group):
                merged[-1] += group
            else:
                merged.append(group)
        return merged

    def _is_envoy_of(self, doc: Doc, owner: list[_Unit], group: list[_Unit]) -> bool:
        """ "Russia's" + "UN ambassador": a country's possessive before an international body
        and its diplomat is the country's envoy ("Sweden's NATO bid" stays apart)."""
        if (
            len(owner) != 1
            or owner[0].kind not in ("country", "capital")
            or len(group) < 2
            or group[0].kind != "organisation"
            or group[1].kind != "agent"
            or any(unit.kind != "person" for unit in group[2:])
        ):
            return False
        gap = doc[owner[0].end : group[0].start]
        return (
            len(gap) == 1
            and gap[0].lower_ in POSSESSIVE
            and _envoy_to_an_igo([*owner, *group], self.kb.organisations[group[0].entry_id])
        )

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
            elif unit.kind == "agent" and unit.agent is not None:
                agent = _stronger_agent(agent, unit.agent)
            elif unit.kind == "person":
                person_unit = unit
            elif unit.kind == "pronoun":
                pronoun_referent = _pronoun_referent(doc[unit.start], memory, sentence)
        confidence = max(unit.confidence for unit in group)

        if len(group) == 1 and pronoun_referent is not None:
            return _copy(pronoun_referent, span, confidence=0.6, kind="pronoun")
        if len(group) == 1 and group[0].kind == "pronoun":
            return None
        if (
            pronoun_referent is not None
            and country is None
            and not (agent is not None and agent.phrase in RECIPROCAL_WORDS)
        ):
            # "his counterpart" serves the other side, not the possessor's country
            country = pronoun_referent.country

        name: str | None = None
        role = agent.role if agent else None
        sector = agent.sector if agent else None
        kb_id = None
        kind = "agent" if agent else "country"
        in_office = False
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
                    in_office = True
                else:
                    country = country or person.home_country()
                    sector = sector if agent else None
            elif remembered is not None and len(group) == 1:
                return _copy(remembered, span, confidence=0.85, kind="person")
            else:
                name = person_text
                if country is None and organisation is None and agent is None:
                    return None
                if country is None and organisation is None:
                    country = _context_country(doc, start, memory)
                    confidence = min(confidence, 0.6)
        elif agent is not None and agent.person and country is None and organisation is None:
            referent = memory.by_role.get(agent.phrase)
            if referent is not None and sentence - memory.last_person_sentence <= 4:
                return _copy(referent, span, confidence=0.7, kind="person")

        if sector in OFFICE_SECTORS and not in_office and _follows_former(doc, start):
            # "former Pakistani Prime Minister X" is out of office: an elite, as "former
            # prime minister" is, unless the knowledge base knows what X does now
            sector, role = "ELI", None
        if (
            organisation is not None
            and kb_id is None
            and _envoy_to_an_igo(group, organisation)
            and country
            and sector
        ):
            code = country + sector  # "Russia's UN ambassador" speaks for Russia
        elif organisation is not None and (person_unit is None or kb_id is None):
            code = organisation.code
            country = organisation.country or country
            if sector is None or organisation.kind != "state_body":
                sector = organisation.sector
            if name is None:
                name = organisation.name
            kind = "organisation" if person_unit is None else kind
        elif country and len(country) > 3:
            # An officer of an organisation (the UN Secretary-General, a Hamas leader).
            code, country = country, self.kb.organisation_country(country)
        else:
            code = (country or "") + (sector or "")
        if not code:
            return None
        if name is None:
            name = self._default_name(country, agent, span)
            if agent is None and self.kb.is_region(country):
                kind = "region"
        if agent is None and person_unit is None and organisation is None and not country:
            return None
        if (
            len(group) > 1
            and group[-1].kind == "demonym"
            and all(unit.kind in ("country", "demonym") for unit in group)
            and span[-1].tag_ in ("NNS", "NNPS")
            and not sector
        ):
            # "Kosovo Albanians", "Bosnian Serbs": the first place's people
            sector, code, kind = "CVL", f"{country}CVL", "agent"
        if len(group) == 1 and group[0].kind in ("country", "capital", "metonym", "demonym"):
            kind = _setting(span, group[0].kind) or kind
            last = span[-1]
            # "Afghans", "thousands of Israelis", "700,000 Rohingya"; not "Rohingya Muslims",
            # "Thai and Malaysian forces" or "a Bangladeshi-flagged ship"
            people = last.tag_ in ("NNS", "NNPS") or (
                last.pos_ in ("NOUN", "PROPN")
                and last.dep_ not in ("amod", "compound", "nmod")
                and not last.conjuncts
                and not (last.i + 1 < len(last.doc) and last.doc[last.i + 1].text == "-")
            )
            if group[0].kind == "demonym" and people and not sector:
                sector, code = "CVL", f"{country}CVL"
                kind = "agent"
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
        if mention.kind != "pronoun":
            for i in range(mention.token_start, mention.token_end):
                memory.by_token[i] = mention
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
            for phrase in self.kb.phrases_for_role(mention.role):
                memory.by_role.setdefault(phrase, mention)
        elif mention.kind != "pronoun" and (mention.country or mention.kind != "agent"):
            # "troops" of no known country yet cannot give "its" a code
            memory.last_thing = mention
            memory.last_thing_sentence = sentence
        if mention.country and len(mention.country) == 3 and mention.kind != "place":
            memory.last_country = mention.country


LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "into",
        "near",
        "across",
        "throughout",
        "inside",
        "outside",
        "around",
        "toward",
        "towards",
        "via",
        "from",
        "to",
    }
)
"""A capital after these is where something happens, not who does it ("flew to Doha")."""
COUNTRY_LOCATIVE_PREPS = LOCATIVE_PREPS - {"to", "from", "toward", "towards"}
"""Countries are recipients after "to" ("sent aid to Ukraine"), places after "in"."""


COLLECTIVE = re.compile(
    r"^(?:the two|both|the two \w+|both \w+) (?:countries|nations|states|sides|governments|"
    r"neighbours|neighbors|capitals|leaders|parties|allies|rivals)$"
)
"""Phrases that stand for the last pair of actors named together."""
COLLECTIVE_WORDS = re.compile(r"\b(?:[Tt]he two|[Bb]oth)\b")
THE_COUNTRY = re.compile(r"\b[Tt]he (?:country|nation)\b")


def _collective_references(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "Qatar and Iraq ... the two Arab countries": one phrase, both actors."""
    found: list[ActorMention] = []
    if not COLLECTIVE_WORDS.search(document_text(doc)) or not doc.has_annotation("DEP"):
        return found  # most documents have no such phrase: skip the noun-chunk pass
    pair: tuple[ActorMention, ...] = ()
    ordered = sorted(mentions, key=lambda m: m.token_start)
    pending = iter(ordered)
    upcoming = next(pending, None)
    previous: ActorMention | None = None
    for chunk in doc.noun_chunks:
        while upcoming is not None and upcoming.token_start < chunk.start:
            gap = (
                [t.lower_ for t in doc[previous.token_end : upcoming.token_start]]
                if previous is not None
                else []
            )
            if (
                previous is not None
                and gap in (["and"], [",", "and"])
                and previous.country
                and upcoming.country
            ):
                pair = (previous, upcoming)
            previous, upcoming = upcoming, next(pending, None)
        if (
            pair
            and COLLECTIVE.match(chunk.text.lower())
            and not any(
                m.token_start < chunk.end and chunk.start < m.token_end and m.kind != "region"
                for m in mentions
            )
        ):
            found.append(
                ActorMention(
                    text=chunk.text,
                    start=chunk.start_char,
                    end=chunk.end_char,
                    name=" and ".join(m.name for m in pair),
                    code=pair[0].code,
                    country=pair[0].country,
                    sector=pair[0].sector,
                    confidence=0.6,
                    kind="group",
                    token_start=chunk.start,
                    token_end=chunk.end,
                    members=pair,
                )
            )
    return found


BODY_WORDS = frozenset({"bloc", "alliance", "lender"})
"""Nouns by which news refers back to an international organisation: "the regional bloc",
"the alliance" after NATO, "the lender" after the IMF."""
THE_BODY = re.compile(r"\b[Tt]he (?:\w+ )?(?:bloc|alliance|lender)\b")
BLOC_MODIFIERS = frozenset({"amod", "compound", "nmod"})


def _bloc_references(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "ECOWAS threatened sanctions ... the regional bloc said", "a loan from the World Bank
    ..., the lender said": such a noun is the international organisation named last before
    it."""
    found: list[ActorMention] = []
    if not THE_BODY.search(document_text(doc)):
        return found  # most documents never say it: skip the token pass
    named = [m for m in mentions if m.kind == "organisation" and m.code.startswith("IGO")]
    taken = {i for m in mentions for i in range(m.token_start, m.token_end)}
    for token in doc:
        if token.lower_ not in BODY_WORDS or token.i in taken:
            continue
        before = [m for m in named if m.token_end <= token.i]
        start = token.i
        while start > 0 and doc[start - 1].dep_ in BLOC_MODIFIERS and doc[start - 1].head == token:
            start -= 1
        if not before or doc[start - 1].lower_ != "the":
            continue
        # it refers, as "it" does: the named body is the actor listed
        found.append(_copy(before[-1], doc[start : token.i + 1], confidence=0.7, kind="pronoun"))
    return found


def _the_country_references(
    doc: Doc, mentions: list[ActorMention], country_name: Callable[[str], str]
) -> list[ActorMention]:
    """ "Ukraine cut ties with Russia after Russian forces invaded the country", "Iraq's
    parliament voted to expel US troops from the country": "the country" is the country of
    the sentence's subject, else the last country named before it."""
    found: list[ActorMention] = []
    if not THE_COUNTRY.search(document_text(doc)):
        return found  # most documents never say it: skip the token pass
    named = sorted(
        (m for m in mentions if m.country and len(m.country) == 3 and m.kind != "region"),
        key=lambda m: m.token_start,
    )
    taken = {i for m in mentions for i in range(m.token_start, m.token_end)}
    for token in doc:
        if (
            token.lower_ not in ("country", "nation")
            or token.i in taken
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
            or any(c.dep_ in ("amod", "compound", "nummod") for c in token.children)
        ):
            continue
        root = sentence_of(token).root
        subjects = [
            m
            for c in root.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for m in named
            if m.token_start <= c.i < m.token_end and m.token_end <= token.i
        ]
        before = [m for m in named if m.token_end <= token.i]
        referent = subjects[0] if subjects else (before[-1] if before else None)
        if referent is None or referent.country is None:
            continue
        span = doc[token.i - 1 : token.i + 1]
        found.append(
            ActorMention.for_country(
                span.text,
                span.start_char,
                span.end_char,
                (span.start, span.end),
                referent.country,
                country_name(referent.country),
                "country",
            )
        )
    return found


def _adopt_appositions(doc: Doc, mentions: list[ActorMention]) -> None:
    """ "Jane Doe, Iraq's foreign minister," gives the person a country and an office."""
    by_token = {i: m for m in mentions for i in range(m.token_start, m.token_end)}
    for mention in mentions:
        if mention.kind != "person" or (mention.country and mention.sector):
            continue
        head = doc[mention.token_start : mention.token_end].root
        for child in head.children:
            other = by_token.get(child.i)
            if (
                child.dep_ == "appos"
                and other is not None
                and other.country
                and other.kind in ("agent", "person")
            ):
                mention.country, mention.sector = other.country, other.sector
                mention.code = other.code
                mention.role = mention.role or other.role
                break


def _named_by_apposition(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "Memorial, Russia's best-known human rights group": a name the knowledge base does not
    know is what its apposition says it is."""
    found: list[ActorMention] = []
    covered = {i for m in mentions for i in range(m.token_start, m.token_end)}
    for mention in mentions:
        if mention.kind != "agent" or not mention.country or not mention.sector:
            continue
        root = _root_of(doc, mention)
        name = root.head
        if root.dep_ != "appos" or name.pos_ != "PROPN" or name.i in covered:
            continue
        start = name.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].pos_ == "PROPN"
            and start - 1 not in covered
        ):
            start -= 1
        span = doc[start : name.i + 1]
        kind = "person" if name.ent_type_ == "PERSON" else "organisation"
        found.append(replace(_copy(mention, span, confidence=0.7, kind=kind), name=span.text))
        covered.update(range(span.start, span.end))
    return found


def _share_coordinated_heads(
    doc: Doc, mentions: list[ActorMention], is_demonym: Callable[[str], bool]
) -> None:
    """ "Russian and American diplomats": the first adjective shares the second's noun, also
    when the parser hangs both adjectives on it ("Egyptian and Sudanese air forces") and
    along a list ("Ethiopian, Egyptian and Sudanese ministers", resolved from the end)."""
    by_token = {i: m for m in mentions for i in range(m.token_start, m.token_end)}
    for mention in sorted(mentions, key=lambda m: m.token_start, reverse=True):
        if (
            mention.kind not in ("modifier", "country")
            or not mention.country
            or mention.token_end - mention.token_start > 3
        ):
            continue
        word = doc[mention.token_start]
        # a nationality shares the noun ("Thai and Malaysian security forces"), and so does a
        # name whose partner is a modifier ("American" of "American diplomats"); a country
        # coordinated with a whole actor does not ("Venezuela and the opposition")
        adjectival = is_demonym(mention.text)
        partners = [
            conj
            for conj in word.conjuncts
            if conj.i in by_token and (adjectival or _root_of(doc, by_token[conj.i]).i != conj.i)
        ]
        listed = word.i + 1 < len(doc) and doc[word.i + 1].lower_ in (",", "and")
        if listed and word.dep_ in ("amod", "compound"):
            partners.append(word.head)
        for conj in partners:
            partner = by_token.get(conj.i)
            if (
                partner is not None
                and partner.kind == "agent"
                and partner.sector
                and mention.country
            ):
                mention.kind, mention.sector = "agent", partner.sector
                mention.code = mention.country + partner.sector
                mention.role = partner.role
                break


def _qualify_parties(doc: Doc, mentions: list[ActorMention]) -> None:
    """ "The opposition Move Forward party" is the opposition, "the ruling party" the
    government: a party takes the sector of the opposition or ruling word that qualifies it."""
    by_token = {i: m for m in mentions for i in range(m.token_start, m.token_end)}
    for mention in mentions:
        if mention.sector != "PTY" or mention.kind != "agent":
            continue
        for child in _root_of(doc, mention).children:
            qualifier = by_token.get(child.i)
            if (
                child.dep_ in ("compound", "amod")
                and qualifier is not None
                and qualifier is not mention
                and qualifier.sector in ("OPP", "GOV")
            ):
                mention.sector = qualifier.sector
                mention.code = (mention.country or "") + qualifier.sector
                break


SPONSOR_WORDS = frozenset(
    {"backed", "supported", "funded", "sponsored", "financed", "armed", "trained", "allied"}
)
"""After "X-": X supports the group but is not its country ("Iran-backed militias")."""
SENDING_VERBS = frozenset(
    "send deploy dispatch redeploy station move mobilise mobilize rush airlift withdraw "
    "pull recall mass position base put commit".split()
)
"""Verbs whose object is the subject's own forces or staff ("Rwanda deployed soldiers to
Mozambique", "Chad withdrew its troops from Mali")."""
OWN_PHRASE_PREPS = frozenset({"in", "of", "from", "at", "near", "inside", "across"})
"""Prepositions by which a place belongs to a phrase: "civilians in the town of Axum"."""


def _counterparts_side(
    doc: Doc, mention: ActorMention, by_token: dict[int, ActorMention]
) -> str | None:
    """ "The Kenyan president met his counterpart in Kampala": the country of the one whose
    counterpart this is, which the counterpart does not serve."""
    if doc[mention.token_end - 1].lemma_.lower() not in RECIPROCAL_WORDS:
        return None
    first = doc[mention.token_start]
    if first.lower_ not in PERSONAL_PRONOUNS | {"their"}:
        return None
    # "his": the last person or official named before it in the sentence
    for i in range(first.i - 1, sentence_of(first).start - 1, -1):
        owner = by_token.get(i)
        if owner is not None and owner.kind in ("person", "agent") and owner.country:
            return owner.country
    return None


def _is_sponsor(doc: Doc, mention: ActorMention) -> bool:
    """A country or body written "X-backed" before a group backs it from outside."""
    end = mention.token_end
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].lower_ in SPONSOR_WORDS
        and mention.kind in ("country", "capital", "metonym", "modifier")
    )


def _describes_other(doc: Doc, mention: ActorMention) -> bool:
    """A nationality that describes people or a thing ("two Chinese engineers", "a US base"),
    not a place ("in the Tigrayan town of Axum")."""
    if mention.kind != "modifier":
        return False
    noun = _root_of(doc, mention).head
    return not (
        noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in LOCATIVE_PREPS
    )


def _in_own_phrase(token: Token, head: Token) -> bool:
    """Whether ``token`` hangs from ``head`` by noun-phrase links only (a place named in the
    phrase), not through a clause or a preposition of time or cause ("after a visit by US
    envoy ...", wrongly attached to the phrase)."""
    steps = 0
    while token.i != head.i and steps < 8:
        if token.dep_ == "prep" and token.lower_ not in OWN_PHRASE_PREPS:
            return False
        if token.dep_ not in ("prep", "pobj", "compound", "poss", "amod", "nmod", "appos"):
            return False
        token, steps = token.head, steps + 1
    return token.i == head.i


def _sender_country(head: Token, by_token: dict[int, ActorMention]) -> str | None:
    """The country of the subject that sends, deploys or withdraws ``head``'s forces."""
    if head.dep_ != "dobj" or head.head.lemma_.lower() not in SENDING_VERBS:
        return None
    verb = head.head
    for _ in range(3):  # "Rwanda agreed to send troops", "... and deployed troops"
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            owner = by_token.get(subject.i)
            if (
                owner is not None
                and owner.kind != "organisation"  # an armed group's envoys are not its state's
                and owner.country
                and len(owner.country) == 3
            ):
                return owner.country
            return None
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
"""Tags of a word with a tense of its own (a modal for its verb)."""


def _is_finite(verb: Token) -> bool:
    """ "vetoed", "would harm": a verb with a tense of its own, not "being held", "passed by"."""
    return verb.tag_ in FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in verb.children
    )


def _governing_subject_country(
    head: Token,
    mention: ActorMention,
    by_token: dict[int, ActorMention],
    usable: set[str],
) -> str | None:
    """The country of the clause an agent noun is the subject of, for agents that are the
    subject of no tensed clause of their own: "a law passed by parliament" and "talks with
    the government being held in Caracas" are the country of the clause's subject ("Polish
    President Duda vetoed ...", "Colombia's ELN rebels threatened ..."), and so is the
    speaker of "Qatar threatened ..., the prime minister said". An object ("Russia accused
    Ukraine of shelling civilians") or the subject of a tensed clause ("after police
    detained ...") gets none: the nearest country says more there."""
    own = range(mention.token_start, mention.token_end)
    is_subject = head.dep_ in ("nsubj", "nsubjpass") or (
        head.dep_ == "pobj" and head.head.dep_ == "agent"
    )
    if not is_subject:
        return None
    verb = head.head if head.dep_ != "pobj" else head.head.head
    if head.dep_ in ("nsubj", "nsubjpass") and _is_finite(verb):
        # the speaker of an attribution that follows what was said
        said = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
        return _subject_country(said, own, by_token, usable) if said is not None else None
    token = verb
    for _ in range(12):  # up through participles, prepositions and infinitives
        if token.pos_ in ("VERB", "AUX") and token.i != verb.i:
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return _subject_country(token, own, by_token, usable)
            if _is_finite(token):
                return None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _subject_country(
    verb: Token, own: range, by_token: dict[int, ActorMention], usable: set[str]
) -> str | None:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i in own:
        return None
    found = by_token.get(subject.i)
    if found is None or found.country not in usable:
        return None
    return found.country


def _root_of(doc: Doc, mention: ActorMention) -> Token:
    return doc[mention.token_start : mention.token_end].root


def _sympathy(doc: Doc, unit: _Unit) -> bool:
    """ "A pro-Russian lawmaker" in Kyiv is no Russian: a nationality after pro- or anti-
    names a side, not a country."""
    return (
        unit.kind == "demonym"
        and unit.start >= 2
        and doc[unit.start - 1].text == "-"
        and doc[unit.start - 2].lower_ in ("pro", "anti")
    )


def _inside_a_name(doc: Doc, unit: _Unit) -> bool:
    if unit.kind not in ("country", "capital", "demonym"):
        return False
    ent = doc[unit.start].ent_type_
    if ent not in EMBEDDING_LABELS:
        return False
    span = next((e for e in doc.ents if e.start <= unit.start < e.end), None)
    if span is None or span.end < unit.end:
        return False
    inside = doc[max(span.start, unit.start - 1) : span.end]
    if inside[0].lower_ == "the":
        inside = inside[1:]
    return len(inside) > unit.end - unit.start


def _names_a_thing(doc: Doc, unit: _Unit, heads: frozenset[str]) -> bool:
    """ "the Benin Bronzes", "the Oslo Accords", "the Ukraine Recovery Conference": a country
    or capital before a run of capitalised words ending in a head such as "Bronzes" or
    "Accords" is part of a thing's name. "Qatar Airways" or "Pakistan Rangers" still say
    whose they are, and "the Doha talks", written small, still say where."""
    if unit.kind not in ("country", "capital", "demonym") or unit.end >= len(doc):
        return False
    end = unit.end
    while end < len(doc) and doc[end].is_title and doc[end].pos_ in ("PROPN", "NOUN"):
        end += 1
    if end == unit.end or doc[end - 1].lower_ not in heads:
        return False
    head = doc[end - 1]
    return all(t.head.i == head.i or unit.end <= t.head.i < end for t in doc[unit.start : end - 1])


def _setting(span: Span, unit_kind: str) -> str | None:
    """``place`` for a country or capital named as a location, ``modifier`` for one that only
    describes a thing ("Iraqi protests", "Baghdad airport"); None when it is an actor."""
    root = span.root
    if root.dep_ == "pobj" and root.head.dep_ in ("prep", "agent"):
        preps = COUNTRY_LOCATIVE_PREPS if unit_kind in ("country", "demonym") else LOCATIVE_PREPS
        if root.head.lower_ in preps:
            return "place"
    if (
        root.dep_ in ("amod", "compound", "nmod")
        and root.head.i >= span.end
        and root.head.pos_ in ("NOUN", "PROPN")
    ):
        return "modifier"
    return None


def is_listed(mention: ActorMention) -> bool:
    """Whether a mention is an actor in its own right, as ``dragoman actors`` lists them.
    Places, descriptive adjectives, pronouns and anonymous role words ("officials") still
    serve the event coder, but are not listed."""
    if mention.kind in ("pronoun", "place", "modifier"):
        return False
    return not (mention.kind == "agent" and mention.country is None)


DESCRIPTIVE_SECTORS = frozenset(
    {"REF", "EDU", "CVL", "BUS", "MED", "HLH", "REL", "AGR", "LAB", "CRM"}
)
"""Sectors whose words, before another noun, describe a thing ("refugee camp", "school bus");
political and armed ones name an actor ("opposition demands", "army helicopters")."""


IDENTITY_SECTORS = frozenset(
    {"REB", "OPP", "CRM", "PRM", "COP", "SPY", "EDU", "HLH", "LAB", "AGR", "MED", "REL", "REF"}
)
"""Sectors that say who people are: before a noun of what they do, they decide the code."""
YIELDING_SECTORS = frozenset({"CVL", "UAF", "MIL", "LEG"})
"""Sectors of nouns that say what people do or hold ("protesters", "gunmen", "commander",
"lawmakers"): a word of identity before them decides ("student protesters" are students,
"cartel gunmen" criminals, "a jihadist commander" a rebel, "opposition lawmakers" the
opposition), while "government troops" stay troops."""


TRANSNATIONAL_SECTORS = frozenset({"NGO"})
"""Sectors that CAMEO also codes as actors of no country (NGO is transnational non-governmental
organisations): with no country in their own phrase, they take none from the context."""
RECIPROCAL_WORDS = frozenset({"counterpart"})
"""Role words for the holder of the same office on the other side: "his Lao counterpart"."""


FORMER_WORDS = frozenset({"former", "ex", "ousted", "deposed"})
OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY"})
"""Sectors of offices that someone "former" no longer holds."""


def _envoy_to_an_igo(group: list[_Unit], organisation: Organisation) -> bool:
    """ "Russia's UN ambassador", "the Iranian IAEA envoy": a country, then an international
    body, then a diplomat of the country's government posted to it."""
    kinds = [unit.kind for unit in group if unit.kind != "person"]
    if organisation.kind != "igo" or kinds[-1] != "agent" or "organisation" not in kinds:
        return False
    diplomat = next(unit.agent for unit in reversed(group) if unit.kind == "agent")
    before = kinds[: kinds.index("organisation")]
    return (
        diplomat is not None
        and diplomat.sector == "GOV"
        and any(kind in ("country", "demonym", "capital") for kind in before)
    )


def _follows_former(doc: Doc, start: int) -> bool:
    """ "former" (or "ex-", "ousted") just before a phrase that begins with a nationality or
    title: "former Pakistani Prime Minister", "ex-President"."""
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "ex":
        return True
    return start >= 1 and doc[start - 1].lower_ in FORMER_WORDS


def _stronger_agent(current: Agent | None, new: Agent) -> Agent:
    """Which of two role words of one phrase codes it: normally the later (the head), but
    not a title after an office ("Energy Minister Prince X" is a minister, not a prince),
    nor a noun of doing after a word of identity."""
    if current is None:
        return new
    if new.sector == "ELI":
        return current
    if current.sector in IDENTITY_SECTORS and new.sector in YIELDING_SECTORS:
        return current
    return new


def _looks_like_common_agent(span: Span, agent: Agent, agent_starts: set[int]) -> bool:
    """A role phrase names an agent only as a noun: not the adjective of "official visit",
    nor the "pm" of "3 pm"; before another role word it qualifies it ("student
    protesters")."""
    if span.text.lower() in ("pm", "am") and span.start > 0 and span.doc[span.start - 1].like_num:
        return False
    last = span[-1]
    if (
        last.lower_ in CROWD_WORDS
        and last.i + 1 < len(span.doc)
        and span.doc[last.i + 1].lower_ == "of"
    ):
        return False  # "thousands marched" are a crowd; "thousands of troops" are troops
    if (
        last.dep_ == "compound"
        and last.head.i >= span.end
        and last.head.pos_ == "NOUN"
        and agent.sector in DESCRIPTIVE_SECTORS
        and span.end not in agent_starts
    ):
        return False  # "refugee camp", "police station"; but "army helicopters" are the army
    if last.dep_ == "compound" and span.end in agent_starts:
        return True  # "cartel gunmen", even where the tagger reads "Cartel" as an adjective
    if _names_a_capacity(span):
        return False
    return last.pos_ in ("NOUN", "PROPN") or _noun_read_as_adjective(last)


def _group_head_end(doc: Doc, end: int, heads: frozenset[str]) -> int:
    """ "Colombia's largest rebel splinter group": a role word that modifies a noun for a body
    of people, across other modifiers, stands for the whole body; the phrase ends there."""
    last = doc[end - 1]
    head = last.head
    if (
        last.dep_ not in ("compound", "amod")
        or not end <= head.i <= end + 2
        or head.lower_ not in heads
    ):
        return end
    between = doc[end : head.i]
    if all(t.dep_ in ("compound", "amod") and end <= t.head.i <= head.i for t in between):
        return head.i + 1
    return end


def _names_a_capacity(span: Span) -> bool:
    """ "its role as mediator", "sworn in as defence secretary", "acting as a broker": after
    "as", a bare role word says what someone is or serves as, not who else acts. "Police such
    as ...", "as well as troops", "as Qatar's envoy" and "as Iraqi envoy" (a country of their
    own) stay actors."""
    last = span[-1]
    if last.dep_ != "pobj" or last.head.lower_ != "as":
        return False
    preposition = last.head
    before = span.doc[preposition.i - 1] if preposition.i > 0 else None
    if before is not None and before.lower_ in ("such", "well"):
        return False
    between = span.doc[preposition.i + 1 : span.start]
    return all(
        t.dep_ in ("det", "amod", "compound") and t.ent_type_ not in ("GPE", "NORP", "ORG")
        for t in between
    )


def _noun_read_as_adjective(token: Token) -> bool:
    """ "demanded that Niger's military return to barracks": in a that-clause with no finite
    verb the tagger may read the verb as a noun and "military" as its adjective. After "the"
    or a possessive, such a word is the subject. "Russia's military aid was cut" has its
    finite verb, and "military council" is a phrase of its own."""
    doc = token.doc
    if token.pos_ != "ADJ" or token.dep_ != "amod" or token.i + 1 >= len(doc):
        return False
    noun = doc[token.i + 1]
    if noun.i != token.head.i or noun.tag_ != "NN":
        return False
    before = doc[max(token.i - 4, 0) : token.i]
    if not before or before[-1].lower_ not in ("the", *POSSESSIVE):
        return False
    if not any(t.lower_ == "that" for t in before):
        return False
    clause_end = sentence_of(token).end
    return not any(t.tag_ in FINITE_TAGS for t in doc[noun.i : clause_end])


CROWD_WORDS = frozenset({"thousands", "hundreds", "dozens"})
"""Numbers that stand for a crowd when nothing follows them: "thousands rallied"."""
EXTRAPOSING_ADJECTIVES = frozenset(
    "noteworthy important clear likely unlikely possible impossible necessary difficult easy "
    "unclear true false worth obvious evident apparent essential vital crucial notable "
    "surprising time".split()
)
"""The adjectives of "it is noteworthy that ...", where "it" stands for nothing."""


def _is_referring_pronoun(token: Token) -> bool:
    """Pronouns that stand for an actor: "it said it was ready", but not the "it" of "it is
    noteworthy that"."""
    lower = token.lower_
    if lower in PERSONAL_PRONOUNS or lower == "its":
        return True
    if lower != "it" or token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return False
    head = token.head
    if head.lemma_ == "be":
        complement = next((c for c in head.children if c.dep_ in ("acomp", "attr")), None)
        if complement is None or complement.lemma_.lower() in EXTRAPOSING_ADJECTIVES:
            return False
    return not any(
        child.dep_ == "ccomp" and any(m.lower_ == "that" for m in child.children)
        for child in head.children
    )


def _extend_name(doc: Doc, ent: Span, claimed: set[int]) -> Span:
    """Grow a PERSON entity over name particles and capitalised parts NER left out, but not
    over words the knowledge base already explains ("Sri Lankan President ...")."""
    start, end = ent.start, ent.end
    while end - start > 1 and doc[end - 1].text in POSSESSIVE:
        end -= 1
    if doc[start].lower_ == "the":
        start += 1
    while (
        end < len(doc)
        and end not in claimed
        and (doc[end].text in NAME_JOINERS or (doc[end].is_title and doc[end].pos_ == "PROPN"))
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
        if unit.kind == "demonym" and last.kind == "country":
            return doc[unit.end - 1].tag_ in ("NNS", "NNPS")  # "Kosovo Albanians"
        return not (unit.kind == "demonym" and last.kind != "demonym")
    if gap and all(token.lower_ in HONORIFICS for token in gap) and unit.kind == "person":
        return True
    if (len(gap) == 1 and gap[0].lower_ in POSSESSIVE) or _possessed_across_adjectives(
        doc, last, unit
    ):
        if unit.kind == "organisation" and last.kind in ("country", "capital"):
            # "Iraq's Dawa party" is Iraqi; "Sweden's NATO membership bid" is Sweden's bid
            return unit.code[:3] == last.code[:3]
        return unit.kind in ("agent", "person", "organisation")
    words = [token.lower_ for token in gap]
    if len(words) == 2 and words[0] == "-" and words[1] in AFFILIATION_WORDS:
        # "Al-Qaeda-linked militants" are the group's; "Iran-backed militias" are not Iran
        return last.kind == "organisation" and unit.kind == "agent"
    if words in (["of"], ["of", "the"], ["from"], ["from", "the"]) and last.kind == "agent":
        noun = doc[last.end - 1]
        if words[0] == "from" and noun.dep_ == "dobj" and noun.head.lemma_.lower() in SENDING_VERBS:
            return False  # "withdrew troops from Mali": where they leave, not whose they are
        return unit.kind in ("country", "organisation", "capital")
    return False


def _possessed_across_adjectives(doc: Doc, owner: _Unit, unit: _Unit) -> bool:
    """ "Russia's best-known human rights group", "Iran's powerful Revolutionary Guards": a
    possessive whose noun is the unit's, with only adjectives and adverbs between."""
    gap = doc[owner.end : unit.start]
    if owner.kind != "pronoun":  # "its last troops" has no "'s"
        if not gap or gap[0].lower_ not in POSSESSIVE:
            return False
        gap = gap[1:]
    if not 1 <= len(gap) <= 4 or unit.kind not in ("agent", "organisation"):
        return False
    possessor = doc[owner.end - 1]
    return (
        possessor.dep_ == "poss"
        and unit.start <= possessor.head.i < unit.end
        and all(t.pos_ in ("ADJ", "ADV") or t.text == "-" or t.tag_ in ("VBN", "VBG") for t in gap)
    )


AFFILIATION_WORDS = frozenset({"linked", "affiliated", "aligned", "allied"})


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        numbers[sent.start : sent.end] = [number] * len(sent)
    return numbers


def _context_country(doc: Doc, start: int, memory: _Memory) -> str | None:
    """For "spokeswoman Maria Zakharova said Moscow ...": the state the sentence is about."""
    sent = sentence_of(doc[start])
    for token in sent:
        if token.i != start and token.ent_type_ == "GPE":
            country = memory.country_by_token.get(token.i)
            if country:
                return country
    return memory.last_country


def _recall_surname(text: str, memory: _Memory) -> ActorMention | None:
    parts = name_tokens(text)
    return memory.by_surname.get(parts[-1]) if parts else None


def _pronoun_referent(token: Token, memory: _Memory, sentence: int) -> ActorMention | None:
    if token.lower_ in PERSONAL_PRONOUNS:
        if memory.last_person is not None and sentence - memory.last_person_sentence <= 2:
            return memory.last_person
        return None
    subject = _clause_subject(token, memory)
    if subject is not None:
        return subject
    if memory.last_thing is not None and sentence - memory.last_thing_sentence <= 1:
        return memory.last_thing
    return None


def _clause_subject(token: Token, memory: _Memory) -> ActorMention | None:
    """ "Israel broke off talks with Hamas and recalled its delegation": "its" on the object
    (or on the subject of what was said) is the clause subject's, not the last thing named."""
    if token.lower_ != "its" or token.dep_ != "poss":
        return None
    noun = token.head
    if noun.dep_ == "dobj":
        verb = noun.head  # "recalled its delegation"
    elif noun.dep_ in ("nsubj", "nsubjpass") and noun.head.dep_ == "ccomp":
        verb = noun.head.head  # "Turkey said its troops would stay"
    else:
        return None  # "over its offensive", "by its neighbours" are often the object's
    for _ in range(3):  # "... and recalled": a conjoined verb shares the first one's subject
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            found = memory.by_token.get(subject.i)
            if found is None or (found.kind == "agent" and not found.country):
                return None  # "the army said its units ...": no country to give
            return found
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head
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
