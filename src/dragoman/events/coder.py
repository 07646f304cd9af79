"""Find event predicates on the dependency parse, attach their actors, and code them.

A predicate is a verb or an event noun whose lemma heads a lexicon pattern. Its source and
target come from the parse (subject, object, the pattern's preposition, possessives, ``by``
phrases, light verbs) mapped onto the actor mentions of the actor stage. Modality (negation,
intent, hedges, reported speech) is read from the predicate's governors. A sentence's events
then settle together: what was said or demanded gives way to the event itself, targets the
text implies are filled in (and marked), mediators are added, and the raw confidence is
mapped through the calibration table.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import product
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from dragoman.events.calibration import Calibration
from dragoman.events.lexicon import Lexicon, Pattern
from dragoman.nlp import document_text, sentence_of
from dragoman.schemas import ActorMention, Event, Modality, Place, Trigger

if TYPE_CHECKING:
    from dragoman.events.semantic import SemanticMatcher

CLAUSE_DEPS = frozenset(
    {
        "relcl",
        "advcl",
        "ccomp",
        "xcomp",
        "csubj",
        "parataxis",
        "acl",
        "punct",
        "mark",
        "cc",
        "det",
        "aux",
        "auxpass",
        "neg",
        "prep",
    }
)
"""Dependencies an argument search does not descend through (prepositions are followed
one at a time, only ``of``)."""
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
CHAIN_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "acl",
        "relcl",
        "attr",
        "oprd",
        "nsubjpass",
        "nsubj",
        "appos",
        "agent",
        "dative",
    }
)
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06", "08", "19"})
"""Roots where "X and Y <verb>" with no target means X and Y did it to each other."""
REQUEST_PREPS = frozenset({"at", "upon", "on"})
PREPOSITIONAL_LIGHT_VERBS = frozenset(
    {
        "enter",
        "engage",
        "participate",
        "take",
        "join",
        "begin",
        "arrive",
        "travel",
        "fly",
        "come",
        "go",
        "head",
        "gather",
        "sit",
        "return",
        "meet",
    }
)
"""Verbs whose prepositional object is their event: "entered into talks", "took part in"."""
OWNER_PREPS = frozenset({"of", "from", "by"})
MUTUAL_PREPS = frozenset({"with", "between"})
QUANTITY_NOUNS = frozenset(
    "ten tens hundred hundreds thousand thousands million millions billion billions dozen "
    "dozens score scores batch shipment consignment package convoy tonne ton number lot "
    "load supply set round stock quantity amount range wave series day week month hour "
    "session dollar euro pound yuan yen rupee franc riyal dirham rouble ruble shekel lira "
    "worth".split()
)
AUDIENCE_SECTORS = frozenset({"JRN", "MED"})
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "PRM", "SPY", "COP"})
HOSTILE_INTENT_ROOTS = frozenset({"16", "17", "18", "19", "20"})
NUMERIC_ENTITIES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
)
CONTENT_GOVERNING_ROOTS = frozenset({"10", "11", "12", "13", "16", "17"})
"""Demands, accusations, rejections and threats whose complement is their content: the
threatened strike is not itself an event."""


@dataclass(slots=True)
class _Match:
    """A predicate matched to a pattern, with the tokens that realise it."""

    token: Token
    pattern: Pattern
    obj: Token | None = None
    target_prep: Token | None = None
    parts: list[Token] = field(default_factory=list)
    weight: float = 1.0
    """Confidence factor: below 1 for a match found by similarity, not the lexicon."""


class _Evidence:
    """A sentence's text and facts, computed once however many events it holds."""

    def __init__(
        self,
        sent: Span,
        index: int,
        article_id: str,
        reported_phrases: Iterable[str],
        text: str,
    ) -> None:
        raw = text[sent.start_char : sent.end_char]  # the document's text, built once
        self.text = raw.strip()
        self.start = sent.start_char + len(raw) - len(raw.lstrip())
        self.index = index
        self.article_id = article_id
        self.doc = sent.doc
        lower = raw.lower()
        self.reported = any(phrase in lower for phrase in reported_phrases)


class EventCoder:
    """Codes the events of one document from its parse and actor mentions."""

    def __init__(
        self,
        lexicon: Lexicon,
        country_name: Callable[[str], str] = lambda code: code,
        *,
        semantic: SemanticMatcher | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.semantic = semantic
        """Fallback for verbs the lexicon does not know (the [semantic] extra)."""
        self.calibration = calibration
        """Maps raw scores to calibrated confidences; None keeps the raw scores (for fitting)."""
        self._country_name = country_name
        modality = lexicon.modality
        self._words = {
            key: frozenset(map(str, value))
            for key, value in modality.items()
            if isinstance(value, list)
        }
        self._light_verbs = self._words.get("light_verbs", frozenset())
        self._armed_codes: dict[str, str] = {
            str(k): str(v) for k, v in dict(modality.get("armed_actor_codes") or {}).items()
        }
        self._intent_codes: dict[str, str] = {
            str(k): str(v) for k, v in dict(modality.get("intent_codes") or {}).items()
        }
        self._mood_codes: dict[str, str] = {
            str(word): str(code)
            for code, words in dict(modality.get("mood_codes") or {}).items()
            for word in words
        }
        self._protester_codes: dict[str, str] = {
            str(k): str(v) for k, v in dict(modality.get("protester_demand_codes") or {}).items()
        }

    # -- public --------------------------------------------------------------------------
    def code(
        self,
        doc: Doc,
        mentions: list[ActorMention],
        article_id: str,
        places: Iterable[Place] = (),
    ) -> list[Event]:
        """Events of a document. Places stand in for their country where no actor is named:
        "rebels seized Goma" is an event against the Democratic Republic of the Congo."""
        by_token: dict[int, ActorMention] = {}
        for mention in [*mentions, *_place_actors(doc, places)]:
            if any(i in by_token for i in range(mention.token_start, mention.token_end)):
                continue
            for i in range(mention.token_start, mention.token_end):
                by_token[i] = mention
        events: list[Event] = []
        text = document_text(doc)
        named = sorted(by_token)
        for index, sent in enumerate(doc.sents):
            first = bisect_left(named, sent.start)
            if first == len(named) or named[first] >= sent.end:
                continue  # no actor, no event: every event needs a source or a target
            events.extend(self._code_sentence(sent, index, by_token, article_id, text))
        return events

    # -- sentences -----------------------------------------------------------------------
    def _code_sentence(
        self,
        sent: Span,
        index: int,
        by_token: dict[int, ActorMention],
        article_id: str,
        text: str,
    ) -> list[Event]:
        matches: list[_Match] = []
        consumed: set[int] = set()
        fixes = self.lexicon.lemma_fixes
        verbs, nouns = [], []
        for token in sent:
            pos = token.pos_
            if pos in ("NOUN", "PROPN"):
                if token.ent_type_ not in NUMERIC_ENTITIES:  # "in March" is no march
                    nouns.append(token)
            elif pos in ("VERB", "AUX"):
                if token.lower_ in fixes:
                    token.lemma_ = fixes[token.lower_]
                if token.lemma_.lower() in self.lexicon.verbs:
                    verbs.append(token)
        for token in verbs:
            match = self._match_verb(token)
            if match is not None:
                matches.append(match)
                if match.obj is not None:
                    consumed.add(match.obj.i)
        for token in nouns:
            if token.i not in consumed and token.i not in by_token:
                match = self._match_noun(token)
                if match is not None:
                    matches.append(match)
        if self.semantic is not None:
            matched = consumed | {m.token.i for m in matches}
            for hit in self.semantic.matches(sent, matched, by_token):
                matches.append(
                    _Match(
                        hit.verb, hit.pattern, hit.obj, hit.target_prep, list(hit.parts), hit.weight
                    )
                )
        by_trigger: dict[int, list[Event]] = {}
        evidence = _Evidence(sent, index, article_id, self._words["reported_phrases"], text)
        for match in matches:
            coded = self._events_for(match, evidence, by_token)
            if coded:
                by_trigger[match.token.i] = coded
        _absorb_contents(by_trigger, sent.doc, self._words["intent_governors"])
        _resolve_object_pronouns(by_trigger, sent.doc)
        # A target-less repeat of a fuller event ("met with X, discussing ...") is that event,
        # so it goes before targets are implied for what remains.
        told = {id(e) for e in _without_redundant([e for c in by_trigger.values() for e in c])}
        events = [
            event
            for index, coded in by_trigger.items()
            for event in self._with_implied_targets(
                [e for e in coded if id(e) in told], sent.doc[index], by_token
            )
        ]
        events = self._with_mediations(events, evidence, by_token)
        events = [self._as_mood(e, evidence.doc, by_token) for e in events]
        # "Farmers blocked roads, demanding the repeal of the law": the demand is what the
        # protest is for, not a second event.
        protesting = {e.source.code for e in events if e.source and e.cameo.root == "14"}
        events = [
            e
            for e in events
            if not (e.cameo.root == "10" and e.source and e.source.code in protesting)
        ]
        if any(e.cameo.root != "01" for e in events):
            # "X said" adds nothing to the events it reports; a specific statement (claiming
            # an attack, voicing solidarity) is an event of its own.
            events = [e for e in events if e.cameo.code != "010"]
        events = _without_redundant(events)
        if self.calibration is not None:
            for event in events:
                event.confidence = round(self.calibration(event.confidence), 3)
        return [_identified(e) for e in events]

    # -- matching ------------------------------------------------------------------------
    def _match_verb(self, verb: Token) -> _Match | None:
        objects = _objects(verb)
        patterns = self.lexicon.verbs[verb.lemma_.lower()]
        preps = _attached_words(verb, objects)
        match = _first_match(verb, patterns, objects, preps)
        if match is None:
            # With its object found, a pattern is specific enough without its target's
            # preposition: "deployed troops along the border" is a deployment.
            with_object = [p for p in patterns if p.objects is not None and p.target_prep]
            match = _first_match(verb, with_object, objects, preps, target_optional=True)
        if match is None and _has_coordinated_subject(verb):
            # "Cuba and the US restored relations" is "Cuba restored relations with the US"
            mutual = [p for p in patterns if p.target_prep in MUTUAL_PREPS]
            match = _first_match(verb, mutual, objects, preps, target_optional=True)
        return match

    def _match_noun(self, noun: Token) -> _Match | None:
        lemmas = sorted(_noun_lemmas(noun), key=len, reverse=True)
        patterns = [p for lemma in lemmas for p in self.lexicon.nouns.get(lemma, ())]
        if not patterns:
            return None
        of_objects = [
            o
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj"
        ]
        # "the visit of Modi to Israel": the parser may hang "to Israel" on Modi
        preps = _attached_words(noun, [*_coordinated(noun), *of_objects])
        objects = [
            obj for prep in preps.values() for obj in prep.children if obj.dep_ == "pobj"
        ]  # "the threat of sanctions"
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in self._light_verbs:
            # "completed the delivery of the system to Kyiv": the parser hangs the target's
            # preposition on the light verb
            for child in noun.head.children:
                if child.dep_ == "prep" and child.lower_ not in preps:
                    preps[child.lower_] = child
        match = _first_match(noun, patterns, objects, preps)
        if match is None:
            # An event noun names its event even without the target's preposition:
            # "held two days of talks in Berlin" are talks.
            bare = [p for p in patterns if p.objects is None and not p.particles]
            if bare:
                match = _Match(noun, min(bare, key=lambda p: p.specificity))
        return match

    # -- arguments -----------------------------------------------------------------------
    def _events_for(
        self, match: _Match, evidence: _Evidence, by_token: dict[int, ActorMention]
    ) -> list[Event]:
        if match.pattern.kind == "verb":
            if self._caused_by_nature(match.token):
                return []
            sources, targets = self._verb_arguments(match, by_token)
        else:
            sources, targets = self._noun_arguments(match, by_token)
            if not any(not _is_anonymous(m) for m in sources):
                return []  # "an inquiry into the killing of X" refers to an event, not reports it
        if match.pattern.code in self._words["travel_codes"] and all(
            m.kind == "modifier" for m in sources
        ):
            return []  # "a Russian aircraft landed in Caracas": a thing travels, no one visits
        pairs = _pairs(sources, targets, match.pattern.code[:2])
        if not pairs:
            return []
        modality = self._modality(match.token, match.pattern.code[:2])
        modality.reported = modality.reported or evidence.reported
        code = self._adjusted_code(match.pattern.code, modality, match.token)
        if code[:2] == "10" and sources and all(self._is_protester(m) for m in sources):
            code = self._protester_codes.get(code, self._protester_codes.get("10", code))
        if sources and all(_is_armed_or_state(m) for m in sources):
            # Armies storming a base or blockading ports are not protesting.
            code = self._armed_codes.get(code, code)
        groups = [(code, pairs)]
        if len(sources) > 1 and _is_joint(match):
            # "a joint offensive", "joint patrols": the partners cooperate with each other;
            # exercises are only that, an offensive is also the attack.
            together = (_cooperation_code(code, sources), _pairs(sources, [], "06"))
            groups = [together] if code[:2] == "15" else [together, (code, pairs)]
        events: list[Event] = []
        for group_code, group_pairs in groups:
            events += self._build(match, evidence, group_code, group_pairs, modality)
        return events

    def _build(
        self,
        match: _Match,
        evidence: _Evidence,
        code: str,
        pairs: list[tuple[ActorMention | None, ActorMention | None]],
        modality: Modality,
    ) -> list[Event]:
        modality = replace(modality)
        if code.startswith("03"):
            modality.intent = True  # CAMEO 03x codes are intentions by definition
        info = self.lexicon.info(code)
        trigger = _trigger(match)
        base = 0.55 + 0.04 * min(match.pattern.specificity, 5)
        events = []
        for source, target in pairs:
            confidence = base + (0.1 if source and target else 0.0)
            confidence *= _mean(m.confidence for m in (source, target) if m) ** 0.5
            confidence *= _modality_weight(modality) * match.weight
            events.append(
                Event(
                    event_id="",
                    article_id=evidence.article_id,
                    sentence_index=evidence.index,
                    sentence=evidence.text,
                    sentence_start=evidence.start,
                    source=source,
                    target=target,
                    cameo=info.cameo,
                    plover=info.plover,
                    trigger=trigger,
                    modality=replace(modality),
                    confidence=max(0.05, min(0.99, confidence)),
                    pattern=f"{match.pattern.kind}:{match.pattern.text}",
                    trigger_token=match.token.i,
                )
            )
        return events

    def _verb_arguments(
        self, match: _Match, by_token: dict[int, ActorMention]
    ) -> tuple[list[ActorMention], list[ActorMention]]:
        verb = match.token
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.dep_ == "acl" and verb.tag_ == "VBN"  # "troops, backed by air strikes"
        )
        sources: list[ActorMention] = []
        targets: list[ActorMention] = []
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                sources = _actors_in(agent, by_token)
            elif match.pattern.code[:2] == "15":
                # "Thousands of riot police were deployed in Lagos": the force deployed is
                # the state's own, and the one acting.
                subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
                sources = _actors_at(subject, by_token) if subject is not None else []
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subject is None and verb.dep_ == "acl":
                subject = verb.head
            if subject is not None and subject is not match.obj and not match.pattern.target_prep:
                targets = _actors_at(subject, by_token)
        else:
            sources = _clause_subject_actors(verb, by_token)
        if match.target_prep is not None:
            targets = _actors_in(match.target_prep, by_token)
        elif not targets and match.obj is not None and match.obj.dep_ in ("dobj", "nsubjpass"):
            # "expelled the Russian ambassador", "rejected opposition demands"
            targets = _actors_at(match.obj, by_token)
        elif not targets:
            # "accused Israel of genocide": the object noun sits in a prepositional phrase
            for child in verb.children:
                if child.dep_ in ("dobj", "dative", "attr"):
                    targets = _actors_at(child, by_token)
                    if targets:
                        break
            if not targets and match.obj is not None:
                targets = _actors_at(match.obj, by_token)  # "protested against X's policy"
        root = match.pattern.code[:2]
        if not targets and root in ("02", "10"):
            # "demanded that Poland reverse its reforms": the demand is made of Poland
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp"):
                    subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                    if subject is not None:
                        targets = _actors_at(subject, by_token)
                        break
        if not targets and root in CONTENT_GOVERNING_ROOTS:
            targets = _complement_targets(verb, by_token)
        if (
            match.pattern.target_prep in MUTUAL_PREPS
            and match.target_prep is None
            and len(sources) > 1
        ):
            targets = []  # "X and Y agreed to exchange prisoners": with each other
        if match.pattern.code[:2] == "15" and sources:
            # Forces put on alert are the source's own, not a target.
            own = {m.country for m in sources}
            targets = [m for m in targets if m.country not in own]
        return sources, targets

    def _noun_arguments(
        self, match: _Match, by_token: dict[int, ActorMention]
    ) -> tuple[list[ActorMention], list[ActorMention]]:
        noun = match.token
        pattern = match.pattern
        targets = _actors_in(match.target_prep, by_token) if match.target_prep else []
        sources: list[ActorMention] = []
        holders = [noun, *_coordinated(noun), *_light_noun_parent(noun, self._words)]
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "poss":
                    sources = _actors_at(child, by_token)
                elif (
                    (child.dep_ in ("prep", "agent") and child.lower_ == "by")
                    or (
                        child.dep_ == "prep"
                        and child.lower_ == "of"
                        and "of" not in (pattern.target_prep, pattern.object_prep)
                    )
                    or (child.dep_ == "prep" and child.lower_ == "between" and not targets)
                ):
                    sources = _actors_in(child, by_token)
                if sources:
                    break
            if sources:
                break
        sources = [m for m in sources if m not in targets]
        if not sources:
            sources = self._governing_subject(noun, by_token)
        if not sources:
            # "Saudi air strikes", "police raids"
            modifiers = [
                c
                for holder in holders
                for c in holder.children
                if c.dep_ in ("amod", "compound", "nmod") and c.i in by_token
            ]
            sources = (
                [m for m in _with_conjuncts(modifiers, by_token) if m not in targets]
                if modifiers
                else []
            )
        if not sources and pattern.code[:2] == "04":
            sources = [m for m in _setting_subject(noun, by_token) if m not in targets]
        if not sources and match.target_prep is not None and match.target_prep.lower_ == "between":
            return targets, []  # "talks between X and Y": X and Y, each to the other
        if not targets and sources and noun.dep_ == "pobj" and noun.head.lower_ in REQUEST_PREPS:
            # "X's visit was at the invitation of Y": Y invited X, the nearest actor before.
            targets = _nearest_other_actor(noun, sources, by_token)
        return sources, targets

    def _is_protester(self, mention: ActorMention) -> bool:
        words = mention.text.lower().split()
        return bool(words) and words[-1].rstrip("s") in self._words["protester_words"]

    def _caused_by_nature(self, verb: Token) -> bool:
        """ "Floods killed 200 people", "a bus overturned, killing 12", "the fire that killed
        82": the cause is no actor. Participles take their governing verb's cause, relative
        clauses their noun's, and a cause the parser hung on "after" still counts."""
        causes = self._words.get("natural_causes", frozenset())

        def natural(token: Token) -> bool:
            return token.lemma_.lower() in causes or any(
                g.dep_ == "pobj" and g.lemma_.lower() in causes for g in token.children
            )

        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
            subjects += [g for c in verb.children if c.dep_ == "mark" for g in c.children]
            relative = [s for s in subjects if s.lower_ in RELATIVE_PRONOUNS]
            if relative and verb.dep_ == "relcl":
                noun = verb.head
                owner = noun.head.head if noun.dep_ == "pobj" else noun
                return natural(noun) or natural(owner)  # "the fire at the hospital that killed"
            if subjects:
                return any(natural(s) for s in subjects)
            if verb.dep_ == "acl":
                return natural(verb.head)  # "a bus ..., killing 12" read as the bus's doing
            if verb.dep_ not in ("advcl", "conj") or verb.tag_ != "VBG":
                return False
            verb = verb.head  # "..., killing 20 people"
        return False

    def _governing_subject(
        self, noun: Token, by_token: dict[int, ActorMention]
    ) -> list[ActorMention]:
        """The subject of a light verb or copula whose object the event noun is: "made a
        visit", "held talks", "entered into negotiations", "were sponsors of"."""
        head = noun.head
        if noun.dep_ == "conj":
            return self._governing_subject(head, by_token) if head.pos_ == "NOUN" else []
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            verb = head.head
            if verb.lemma_.lower() in PREPOSITIONAL_LIGHT_VERBS:
                return _clause_subject_actors(verb, by_token)
            return []
        if noun.dep_ not in ("dobj", "attr", "nsubjpass"):
            return []
        lemma = head.lemma_.lower()
        if head.pos_ in ("VERB", "AUX") and (lemma in self._light_verbs or lemma == "be"):
            return _clause_subject_actors(head, by_token)
        return []

    # -- implied targets -----------------------------------------------------------------
    def _with_implied_targets(
        self, events: list[Event], trigger: Token, by_token: dict[int, ActorMention]
    ) -> list[Event]:
        """Give a target-less event the target its sentence implies: an actor (or, for roots
        where a place is what is acted on, a place) within the predicate's own phrase, else,
        for a country's people protesting or demanding, their government. Force against a
        place is force against its civilians. Implied targets lower the confidence."""
        words = self._words
        completed: list[Event] = []
        for event in events:
            root = event.cameo.root
            if event.target is None and event.source is not None and root != "01":
                places = root in words["place_target_roots"]
                foreign_only = root == "15"  # troops sent are the sender's own
                targets = _phrase_targets(trigger, event.source, by_token, places, foreign_only)
                if not targets and root == "15":
                    # A deployment is aimed at whoever its occasion names: "amid tensions with
                    # China", "after Turkey sent a vessel into disputed waters".
                    targets = _phrase_targets(
                        trigger, event.source, by_token, places, foreign_only, settings=True
                    )
                if not targets and root in words["government_addressed_roots"]:
                    targets = self._addressed_government(event)
                if targets:
                    completed += [
                        replace(event, target=t, confidence=round(event.confidence * 0.85, 3))
                        for t in targets
                    ]
                    continue
            completed.append(event)
        for event in completed:
            target = event.target
            if (
                target is not None
                and target.country
                and target.kind in ("place", "modifier")
                and target.sector is None
                and event.cameo.root in words["civilian_place_roots"]
                and event.cameo.code not in words["civilian_place_exceptions"]
            ):
                event.target = replace(target, code=f"{target.country}CVL", sector="CVL")
        return completed

    def _with_mediations(
        self, events: list[Event], evidence: _Evidence, by_token: dict[int, ActorMention]
    ) -> list[Event]:
        """Talks, deals and truces "under the auspices of Russia", "brokered by Qatar" or
        "with Oman acting as mediator": each mediator mediates with each party (045), and
        mediators do not mediate with each other."""
        pattern = next(iter(self.lexicon.nouns.get("mediation", ())), None)
        if pattern is None:
            return events
        mediated: list[Event] = []
        mediators_together: set[tuple[str, str]] = set()
        for event in events:
            if event.cameo.root not in MEDIATED_ROOTS:
                continue
            trigger = evidence.doc[event.trigger_token]
            for word, mediators in _mediators(trigger, by_token):
                codes = {m.code for m in mediators}
                mediators_together |= {(a, b) for a in codes for b in codes}
                parties = [
                    m for m in (event.source, event.target) if m is not None and m.code not in codes
                ]
                pairs = [(mediator, party) for mediator in mediators for party in parties]
                match = _Match(word, pattern)
                for new in self._build(match, evidence, "045", pairs, replace(event.modality)):
                    if all(_triple(new) != _triple(e) for e in [*events, *mediated]):
                        mediated.append(new)
        kept = [
            e
            for e in events
            if not (
                e.cameo.code == "045"
                and e.source is not None
                and e.target is not None
                and (e.source.code, e.target.code) in mediators_together
            )
        ]
        return kept + mediated

    def _as_mood(self, event: Event, doc: Doc, by_token: dict[int, ActorMention]) -> Event:
        """ "Abiy said he was pessimistic about the dispute with Egypt": not a bare statement
        (010) but a pessimistic comment (012) on Egypt."""
        if event.cameo.code != "010" or event.source is None:
            return event
        for clause in doc[event.trigger_token].children:
            if clause.dep_ != "ccomp":
                continue
            for mood in clause.children:
                code = self._mood_codes.get(mood.lower_) if mood.dep_ == "acomp" else None
                if code is None:
                    continue
                info = self.lexicon.info(code)
                target = event.target or next(
                    iter(_phrase_targets(mood, event.source, by_token, False, False)), None
                )
                return replace(event, cameo=info.cameo, plover=info.plover, target=target)
        return event

    def _addressed_government(self, event: Event) -> list[ActorMention]:
        source = event.source
        if (
            source is None
            or not source.country
            or source.sector not in self._words["government_addressed_sectors"]
        ):
            return []
        return [
            ActorMention(
                text=event.trigger.text,
                start=event.trigger.start,
                end=event.trigger.end,
                name=f"government of {self._country_name(source.country)}",
                code=f"{source.country}GOV",
                country=source.country,
                sector="GOV",
                role="implied target",
                confidence=0.5,
                kind="implied",
                token_start=event.trigger_token,
                token_end=event.trigger_token + 1,
            )
        ]

    # -- modality ------------------------------------------------------------------------
    def _modality(self, trigger: Token, root: str) -> Modality:
        """Read modality off the trigger's own clause, and off the verbs that govern it: an
        intent or reporting verb above a complement clause, a negation or auxiliary shared by
        a control or coordinated verb. Adverbial and relative clauses are their own world."""
        words = self._words
        modality = Modality()
        token = trigger
        inherit = True
        for _ in range(8):
            if inherit:
                self._read_clause_marks(token, modality)
            head = token.head
            if head is token or token.dep_ not in CHAIN_DEPS:
                break
            lemma = head.lemma_.lower()
            if token.dep_ in ("xcomp", "acl", "advcl", "ccomp", "conj", "relcl"):
                if lemma in words["intent_governors"] or lemma in words["intent_nouns"]:
                    modality.intent = True
                if lemma in words["negating_governors"] and token.dep_ == "xcomp":
                    modality.negated = True
                if token.dep_ == "ccomp" and lemma in words["reporting_verbs"]:
                    modality.reported = True
                if (
                    token.dep_ == "advcl"
                    and inherit  # not through a relative clause ("..., one of which was")
                    and root != "14"  # "blocked roads to protest" is the protest
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
                ):
                    modality.intent = True
            if token.dep_ in ("advcl", "relcl", "acl", "ccomp"):
                inherit = False
            if token.dep_ == "pobj" and head.head.lemma_.lower() not in PREPOSITIONAL_LIGHT_VERBS:
                inherit = False
            token = head
        return modality

    def _declared(self, trigger: Token) -> bool:
        """Whether the trigger is what its actor says it will do: governed by a vow, plan or
        readiness, or in a main or reported clause marked with will/shall."""
        governors = self._words["declaring_governors"]
        if trigger.dep_ in ("xcomp", "ccomp") and trigger.head.lemma_.lower() in governors:
            return True
        future = any(
            c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in trigger.children
        )
        return future and trigger.dep_ in ("ROOT", "ccomp", "conj")

    def _read_clause_marks(self, token: Token, modality: Modality) -> None:
        """Negation, future, hedges and reporting marked on one word's own dependents;
        remembered per word, since every event of a long clause climbs to the same verbs."""
        cache = token.doc.user_data.setdefault("dragoman_marks", {})
        if token.i not in cache:
            marks = Modality()
            self._collect_marks(token, marks)
            cache[token.i] = marks
        marks = cache[token.i]
        modality.negated |= marks.negated
        modality.intent |= marks.intent
        modality.hypothetical |= marks.hypothetical
        modality.reported |= marks.reported

    def _collect_marks(self, token: Token, modality: Modality) -> None:
        words = self._words
        for child in token.children:
            lower = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "det" and lower == "no"):
                modality.negated = True
            elif child.dep_ == "aux" and lower in words["intent_auxiliaries"]:
                modality.intent = True
            elif child.dep_ == "aux" and lower in words["hypothetical_auxiliaries"]:
                modality.hypothetical = True
            elif child.dep_ == "advmod" and lower in words["hypothetical_adverbs"]:
                modality.hypothetical = True
            elif child.dep_ == "advmod" and lower in words["reported_adverbs"]:
                modality.reported = True
            elif child.dep_ == "mark" and lower in words["hypothetical_marks"]:
                modality.hypothetical = True
            elif child.dep_ == "prep" and lower == "according":
                modality.reported = True

    def _adjusted_code(self, code: str, modality: Modality, trigger: Token) -> str:
        """Cooperation stated as an intention is CAMEO 03x; force or sanctions an actor
        declares it will use are a threat (13x: "vowed to retaliate", "will impose tariffs"),
        but not the purpose of another act ("sent troops to fight") nor a counterfactual."""
        if not modality.intent or modality.negated or code[:2] in ("03", "13"):
            return code
        if code[:2] in HOSTILE_INTENT_ROOTS and not self._declared(trigger):
            return code
        for length in (4, 3, 2):
            if code[:length] in self._intent_codes:
                return self._intent_codes[code[:length]]
        return code


# -- helpers on the parse -------------------------------------------------------------------
def _is_joint(match: _Match) -> bool:
    nouns = [match.token] + ([match.obj] if match.obj is not None else [])
    return any(c.lower_ in ("joint", "combined", "coordinated") for n in nouns for c in n.children)


def _cooperation_code(code: str, sources: list[ActorMention]) -> str:
    """Partners in a joint act cooperate: militarily (062) for force, on justice and policing
    (063) for investigations and arrests, materially (060) otherwise."""
    sectors = {m.sector for m in sources}
    if code[:2] in ("15", "18", "19", "20") or "MIL" in sectors:
        return "062"
    if code[:2] in ("09", "17") or sectors & {"COP", "JUD"}:
        return "063"
    return "060"


def _has_coordinated_subject(verb: Token) -> bool:
    """ "X and Y restored ties", also through control: "X and Y agreed to restore ties"."""
    while True:
        if any(
            c.dep_ in ("nsubj", "nsubjpass") and any(g.dep_ == "conj" for g in c.children)
            for c in verb.children
        ):
            return True
        if verb.dep_ != "xcomp" or verb.head is verb:
            return False
        verb = verb.head


def _first_match(
    head: Token,
    patterns: Iterable[Pattern],
    objects: list[Token],
    preps: dict[str, Token],
    *,
    target_optional: bool = False,
) -> _Match | None:
    """The most specific pattern whose every word is realised: object noun, particles, and the
    preposition that introduces the target (a pattern ending in "with" needs a "with", unless
    ``target_optional``). Of patterns naming the object, the one naming it most fully wins:
    "economic aid" is economic aid before it is aid."""
    lemmas = [(o, _noun_lemmas(o)) for o in objects]
    every_name = frozenset().union(*(names for _, names in lemmas))
    best: tuple[int, _Match] | None = None
    for pattern in patterns:
        obj = None
        fullness = 0
        if pattern.objects is not None:
            if pattern.objects.isdisjoint(every_name):
                continue
            named = [
                (max(n.count("_") for n in names & pattern.objects), o)
                for o, names in lemmas
                if names & pattern.objects and _fills_object_slot(o, pattern)
            ]
            if not named:
                continue
            fullness, obj = max(named, key=lambda pair: pair[0])
            if best is not None and fullness <= best[0]:
                continue
        via_complement = obj is not None and obj.dep_ == "xcomp"  # "declined to comment"
        if any(
            p not in preps and not (via_complement and p == pattern.object_prep)
            for p in pattern.particles
        ):
            continue
        if pattern.target_prep and pattern.target_prep not in preps and not target_optional:
            continue
        target_prep = preps.get(pattern.target_prep) if pattern.target_prep else None
        parts = [preps[p] for p in pattern.particles if p in preps]
        match = _Match(head, pattern, obj, target_prep, parts)
        if pattern.objects is None:
            return best[1] if best is not None else match
        if best is None or fullness > best[0]:
            best = (fullness, match)
    return best[1] if best is not None else None


def _noun_lemmas(token: Token) -> frozenset[str]:
    """The noun's lemma, and its multi-word names with the modifiers right before it:
    "air strikes" -> air_strike, "ethnic cleansing" -> ethnic_cleansing. Remembered per word:
    a noun is asked about by every pattern of every verb near it."""
    cache = token.doc.user_data.setdefault("dragoman_noun_lemmas", {})
    if token.i not in cache:
        cache[token.i] = frozenset(_names_of(token))
    return cache[token.i]


def _names_of(token: Token) -> set[str]:
    lemma = token.lemma_.lower()
    lemmas = {lemma, token.lower_}
    modifiers: list[str] = []
    doc, i = token.doc, token.i - 1
    chain = {token.i}  # "air defence system": "air" modifies "defence", which modifies "system"
    while i >= 0:
        modifier = doc[i]
        dep = modifier.dep_
        if dep not in ("compound", "amod") or modifier.head.i not in chain:
            break
        modifiers.insert(0, modifier.lower_ if dep == "amod" else modifier.lemma_.lower())
        chain.add(i)
        i -= 1
    for start in range(len(modifiers)):
        lemmas.add("_".join([*modifiers[start:], lemma]))
    for child in token.children:  # "state of emergency", "cessation of hostilities"
        if child.dep_ == "prep" and child.lower_ == "of":
            for noun in child.children:
                if noun.dep_ == "pobj":
                    lemmas |= {f"{lemma}_of_{noun.lower_}", f"{lemma}_of_{noun.lemma_.lower()}"}
    return lemmas


def _objects(verb: Token) -> list[Token]:
    """Direct objects (a passive's subject included) and prepositional objects."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]
    if any(c.dep_ == "auxpass" for c in verb.children):
        objects += [c for c in verb.children if c.dep_ == "nsubjpass"]
    for prt_or_prep in [c for c in verb.children if c.dep_ in ("prep", "prt", "dative")]:
        objects += [c for c in prt_or_prep.children if c.dep_ == "pobj"]
    objects += [conj for obj in list(objects) for conj in obj.conjuncts]
    objects += [c for c in verb.children if c.dep_ == "xcomp"]  # "declined to comment"
    objects += [  # "allowed IAEA inspectors to visit": the inspectors are allowed
        subject
        for clause in verb.children
        if clause.dep_ in ("ccomp", "xcomp")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)
        for subject in clause.children
        if subject.dep_ == "nsubj"
    ]
    return objects + _measured(objects)


def _measured(objects: list[Token]) -> list[Token]:
    """What a quantity, container or vehicle holds: "tens of thousands of shells" -> shells,
    "a shipment of vaccines" -> vaccines, "$100 million in military aid" -> aid."""
    found = [  # "a plane carrying medical supplies" -> supplies
        cargo
        for o in objects
        for verb in o.children
        if verb.dep_ == "acl" and verb.lemma_.lower() in ("carry", "transport", "bring")
        for cargo in verb.children
        if cargo.dep_ == "dobj"
    ]
    frontier = [o for o in objects if o.lemma_.lower() in QUANTITY_NOUNS or o.like_num]
    for _ in range(3):
        inner = [
            pobj
            for o in frontier
            for prep in o.children
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in")
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        found += inner
        frontier = [o for o in inner if o.lemma_.lower() in QUANTITY_NOUNS or o.like_num]
    return found


def _fills_object_slot(token: Token, pattern: Pattern) -> bool:
    """``agree to $TALKS`` wants the object of "to"; ``hold $TALKS`` a direct object."""
    while token.dep_ == "conj":
        token = token.head
    while (
        token.dep_ == "pobj"
        and token.head.lower_ in ("of", "in")
        and (token.head.head.lemma_.lower() in QUANTITY_NOUNS or token.head.head.like_num)
    ):
        token = token.head.head  # "tens of thousands of shells" fills the object slot
    if token.dep_ == "xcomp":
        return pattern.object_prep == "to"
    if pattern.object_prep is None:
        return token.dep_ != "pobj"
    return token.dep_ == "pobj" and token.head.lower_ == pattern.object_prep


def _attached_words(head: Token, others: Iterable[Token]) -> dict[str, Token]:
    """Prepositions and particles on the predicate or its object ("held talks with"), then,
    for words not found there, on the object's own prepositional phrase, where the parser
    often hangs them ("held talks on migration with his counterpart")."""
    holders = [head, *others]
    words = _prepositions_of(holders, {})
    inner = [
        obj
        for holder in holders[1:]
        for prep in holder.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    return _prepositions_of(inner, words)


def _prepositions_of(holders: Iterable[Token], words: dict[str, Token]) -> dict[str, Token]:
    """Prepositions and particles on these words, stacked ones too ("pulled out of")."""
    for holder in holders:
        stacked = [
            grandchild
            for child in holder.children
            if child.dep_ == "prep"
            for grandchild in child.children
            if grandchild.dep_ == "prep"
        ]
        for child in [*holder.children, *stacked]:
            if any(o.ent_type_ in ("DATE", "TIME") for o in child.children if o.dep_ == "pobj"):
                continue  # "agreed on Tuesday" is no agreement on anything
            if (
                child.dep_ in ("prep", "prt", "agent", "dative", "advmod")
                and child.lower_ not in words
            ):
                words[child.lower_] = child
    return words


def _coordinated(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.pos_ in ("NOUN", "PROPN")]


def _light_noun_parent(noun: Token, words: dict[str, frozenset[str]]) -> list[Token]:
    """``the imposition of sanctions``: arguments of the light noun belong to the event."""
    head = noun.head
    while noun.dep_ == "conj" and head.pos_ == "NOUN":
        noun, head = head, head.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in words.get("light_nouns", ())
    ):
        return [head.head]
    return []


def _actors_at(token: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """The actor(s) a noun phrase denotes: the mention it heads, its conjuncts, a ``led by``
    leader, or the first actors found below it through possessive, compound and owner links
    ("the policies of the UAE", "calls from protesters", "a request by Sri Lanka")."""
    leader = _led_by(token)
    if leader is not None:
        found = _actors_in(leader, by_token)
        if found:
            return found
    frontier = [token]
    seen: set[int] = set()
    while frontier:
        level = [t for t in frontier if t.i in by_token]
        if level:
            return _with_conjuncts(level, by_token)
        next_frontier = []
        for t in frontier:
            seen.add(t.i)
            for child in t.children:
                if child.i in seen or (
                    child.dep_ in CLAUSE_DEPS
                    and not (child.dep_ == "prep" and child.lower_ in OWNER_PREPS)
                ):
                    continue
                next_frontier.append(child)
        frontier = next_frontier
    return []


def _actors_in(prep: Token | None, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Actors in a preposition's object, even when the parser hung it elsewhere in the phrase."""
    if prep is None:
        return []
    for child in prep.children:
        if prep.lower_ == "with" and (
            (child.dep_ == "pcomp" and child.lemma_.lower() in ("act", "serve"))
            or any(c.dep_ in ("acl", "relcl") and c.tag_ == "VBG" for c in child.children)
        ):
            continue  # "with Oman acting as mediator" sets the scene; Oman is no target
        if child.dep_ in ("pobj", "pcomp"):
            found = _actors_at(child, by_token)
            if found:
                return found
            for grandchild in child.children:
                if grandchild.dep_ in ("nsubj", "dobj", "pobj"):
                    found = _actors_at(grandchild, by_token)
                    if found:
                        return found
    return []


def _led_by(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "acl" and child.lemma_.lower() in ("lead", "head", "spearhead"):
            return next((c for c in child.children if c.dep_ == "agent"), None)
    return None


COORDINATORS = frozenset({",", "and", "or", "the", "as", "well", "both", "&"})


def _with_conjuncts(tokens: list[Token], by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """The mentions at these tokens and every actor coordinated with them ("Abu Dhabi and
    Riyadh", "the UAE, Saudi Arabia, and Egypt"), read off the parse and, where the parser
    buried a coordination in an apposition, off the words themselves."""
    found: list[ActorMention] = []
    for token in tokens:
        mention = by_token[token.i]
        if mention not in found:
            found.append(mention)
        head = token.doc[mention.token_start : mention.token_end].root
        for conj in head.conjuncts:
            for t in [conj, *conj.subtree]:
                other = by_token.get(t.i)
                if other is not None and other not in found and t.dep_ not in ("poss", "prep"):
                    found.append(other)
                    break
    doc = tokens[0].doc
    for mention in list(found):
        found += [m for m in _listed_with(mention, doc, by_token) if m not in found]
    return [member for m in found for member in (m.members or (m,))]


def _listed_with(
    mention: ActorMention, doc: Doc, by_token: dict[int, ActorMention]
) -> list[ActorMention]:
    """Actors standing in one list with ``mention``, joined by commas and "and" — a list only
    if some "and"/"or" joins it, so that "Fuad Hussein, Iraq's minister," stays one actor."""
    chain: list[ActorMention] = []
    joined = False
    for step in (-1, 1):
        current = mention
        while True:
            i = current.token_start - 1 if step < 0 else current.token_end
            gap = []
            while 0 <= i < len(doc) and i not in by_token and doc[i].lower_ in COORDINATORS:
                gap.append(doc[i].lower_)
                i += step
            other = by_token.get(i)
            if other is None or not gap or other.kind == "pronoun" or other in chain:
                break
            joined = joined or any(word in ("and", "or", "&") for word in gap)
            chain.append(other)
            current = other
    return chain if joined else []


def _clause_subject_actors(
    verb: Token, by_token: dict[int, ActorMention], depth: int = 0
) -> list[ActorMention]:
    """Subject of a verb, inherited through control, purpose, coordination and relatives."""
    if depth > 4:
        return []
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        # "met with X discussing ...": the parser made X the subject of "discussing".
        return _clause_subject_actors(verb.head.head, by_token, depth + 1)
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _actors_at(verb.head, by_token)
            found = _actors_at(child, by_token)
            if found:
                return found
            if child.lower_ in ("they", "we", "it", "he", "she") and verb.dep_ == "ccomp":
                # "Lula and Petro said they shared...": a pronoun opening what an actor says
                # is that actor.
                return _clause_subject_actors(verb.head, by_token, depth + 1)
            return []
    if verb.dep_ == "xcomp":
        # Object control: "urged Iran to return", "asked the UN to send" -> Iran, the UN.
        obj = next((c for c in verb.head.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None:
            found = _actors_at(obj, by_token)
            if found:
                return found
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp") and verb.head is not verb:
        head = verb.head
        if verb.dep_ == "pcomp" or head.dep_ in ("acomp", "amod"):
            head = head.head  # "it was ready to resume talks"
        return _clause_subject_actors(head, by_token, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _actors_at(verb.head, by_token)
    if verb.dep_ == "ROOT":
        return _stranded_subject(verb, by_token)
    return []


def _stranded_subject(verb: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """A main verb the parser left without a subject ("..., Doha, unlike in the past,
    intervened"): the last actor before it that the parser hung loosely elsewhere."""
    for i in range(verb.i - 1, sentence_of(verb).start - 1, -1):
        mention = by_token.get(i)
        if (
            mention is not None
            and mention.kind != "pronoun"
            and verb.doc[i].dep_ in ("appos", "nsubj", "dep", "npadvmod", "conj")
        ):
            return [mention]
    return []


def _nearest_other_actor(
    noun: Token, sources: list[ActorMention], by_token: dict[int, ActorMention]
) -> list[ActorMention]:
    """The closest earlier actor of another code, people and governments first."""
    start = sentence_of(noun).start
    before = [by_token[i] for i in range(noun.i - 1, start - 1, -1) if i in by_token]
    others = [m for m in before if all(m.code != s.code for s in sources)]
    ranked = sorted(others, key=lambda m: m.kind not in ("person", "agent"))
    return ranked[:1]


def _place_actors(doc: Doc, places: Iterable[Place]) -> list[ActorMention]:
    mentions = []
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or not place.country:
            continue
        mentions.append(
            ActorMention(
                text=place.text,
                start=place.start,
                end=place.end,
                name=place.name,
                code=place.country,
                country=place.country,
                sector=None,
                confidence=0.6,
                kind="place",
                token_start=span.start,
                token_end=span.end,
            )
        )
    return mentions


def _complement_targets(verb: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Whom a threat, demand or refusal is about when its complement names them: "threatened to
    ban the Jamaat party", "turned down a request from Sri Lanka"."""
    for child in verb.children:
        if child.dep_ == "xcomp":
            for grandchild in child.children:
                if grandchild.dep_ in ("dobj", "dative"):
                    found = _actors_at(grandchild, by_token)
                    if found:
                        return found
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            found = _actors_in(child, by_token)
            if found:
                return found
    return []


SETTING_PREPS = frozenset(
    "amid after before during despite since following ahead until as like unlike because by "
    "at via through under within".split()
)
"""Prepositions that set the scene of an event rather than name what it is done to."""
SCENE_SKIPPED_DEPS = frozenset(
    "conj cc punct mark aux auxpass neg advmod npadvmod parataxis appos det".split()
)
PHRASE_SKIPPED_DEPS = SUBJECT_DEPS | SCENE_SKIPPED_DEPS | frozenset({"agent", "advcl", "relcl"})
TRIGGER_ARGUMENT_DEPS = SUBJECT_DEPS | frozenset({"agent", "poss"})


def _phrase_targets(
    trigger: Token,
    source: ActorMention,
    by_token: dict[int, ActorMention],
    places: bool,
    foreign_only: bool,
    settings: bool = False,
) -> list[ActorMention]:
    """The nearest actors below the predicate, level by level through its objects,
    complements and prepositional phrases: "launched an investigation into the organisers",
    "hailed relations with India", "threatened to stop transferring revenues to the PA".
    With ``settings``, also through the clauses and phrases that set the scene."""

    def followed(token: Token) -> bool:
        if token.head is trigger and token.dep_ in TRIGGER_ARGUMENT_DEPS:
            return False  # the predicate's own subject or owner is its source
        if settings:
            return token.dep_ not in SCENE_SKIPPED_DEPS
        return token.dep_ not in PHRASE_SKIPPED_DEPS and not (
            token.dep_ == "prep" and token.lower_ in SETTING_PREPS
        )

    frontier = [c for c in trigger.children if followed(c)]
    while frontier:
        level = [
            t
            for t in frontier
            if t.i in by_token
            and by_token[t.i].kind not in ("pronoun", "implied")
            and not _is_anonymous(by_token[t.i])
            and (places or by_token[t.i].kind != "place")
            and not _is_itself(source, by_token[t.i])
            and not (foreign_only and by_token[t.i].country == source.country)
        ]
        if level:
            found = [m for m in _with_conjuncts(level, by_token) if m.code != source.code]
            if found:
                return found
        frontier = [c for token in frontier for c in token.children if followed(c)]
    return []


MEDIATED_ROOTS = frozenset({"03", "04", "05", "06", "08"})
MEDIATION_NOUNS = frozenset(
    {"auspices", "auspex", "auspice", "aegis", "mediation", "sponsorship", "mediator"}
)
"""spaCy lemmatises "auspices" as *auspex*."""
MEDIATING_VERBS = frozenset({"broker", "mediate", "sponsor", "facilitate"})


def _mediators(
    trigger: Token, by_token: dict[int, ActorMention]
) -> Iterator[tuple[Token, list[ActorMention]]]:
    """(the word naming the mediation, the mediators) around a trigger and its clause verb."""
    holders = [trigger]  # the trigger, its clause's verb, and the nouns it governs
    if trigger.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"):
        holders.append(trigger.head if trigger.dep_ != "pobj" else trigger.head.head)
    holders += [c for c in trigger.children if c.dep_ == "dobj"]
    holders += [g for c in trigger.children if c.dep_ == "prep" for g in c.children]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "under":
                for noun in child.children:
                    if noun.dep_ == "pobj" and {noun.lemma_.lower(), noun.lower_} & MEDIATION_NOUNS:
                        yield noun, _actors_at(noun, by_token)
            elif child.dep_ == "prep" and child.lower_ == "with":
                for clause in child.children:  # "with Oman acting as mediator"
                    if any(t.lemma_.lower() in MEDIATION_NOUNS for t in clause.subtree):
                        subject = [c for c in clause.children if c.dep_ == "nsubj"]
                        if subject:
                            yield clause, _actors_at(subject[0], by_token)
            elif child.dep_ == "acl" and child.lemma_.lower() in MEDIATING_VERBS:
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None:  # "a ceasefire brokered by Egypt and Qatar"
                    yield child, _actors_in(agent, by_token)


def _triple(event: Event) -> tuple[str | None, str | None, str]:
    return (
        event.source.code if event.source else None,
        event.target.code if event.target else None,
        event.cameo.code,
    )


SETTING_EVENT_PREPS = frozenset({"during", "on"})
"""A visit or talks the actor is on ("during a visit to", "on a two-day trip to"); "after
talks", "at a summit" may be somebody else's."""


def _setting_subject(noun: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Who made the visit or held the talks that set a sentence's scene: the main clause's
    subject ("During a visit to Belgrade, Orban voiced support ..."), found even where the
    parser made the main verb a modifier of its object ("voiced" as amod of "support")."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in SETTING_EVENT_PREPS:
        return []
    clause = noun.head.head
    if clause.pos_ in ("VERB", "AUX"):
        return _clause_subject_actors(clause, by_token)
    for verb in clause.children:
        if verb.dep_ in ("amod", "acl") and verb.pos_ == "VERB":
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return _actors_at(subject, by_token)
    return []


def _is_own_country(source: ActorMention, target: ActorMention) -> bool:
    """ "Iraq's minister discussed relations between Qatar and Iraq": talking, helping or
    agreeing, a country's official does not act on that country as a whole."""
    return (
        target.kind in ("country", "place", "modifier")
        and target.sector is None
        and source.sector is not None
        and target.code == source.country
    )


def _is_itself(source: ActorMention, target: ActorMention) -> bool:
    return source.code == target.code or _own(source, target)


def _own(source: ActorMention, target: ActorMention) -> bool:
    """ "Morocco recalled its ambassador": the target is the source's own agent."""
    first = target.text.split(" ", 1)[0].lower()
    return first in ("its", "their", "his", "her") and target.country == source.country


def _is_armed_or_state(mention: ActorMention) -> bool:
    return mention.sector in ARMED_SECTORS or (
        mention.sector is None and mention.kind in ("country", "place", "organisation")
    )


def _is_anonymous(mention: ActorMention | None) -> bool:
    """ "officials" with no country or organisation says nothing about who acted."""
    return mention is None or (mention.country is None and mention.kind == "agent")


def _without_redundant(events: list[Event]) -> list[Event]:
    """Drop events with no identifiable actor, and target-less events that repeat a fuller one
    in the same sentence ("met with X, discussing ...")."""
    kept = [e for e in events if not (_is_anonymous(e.source) and _is_anonymous(e.target))]
    fuller = {(e.source.code, e.cameo.root) for e in kept if e.source and e.target}
    return [
        e
        for e in kept
        if e.target is not None or e.source is None or (e.source.code, e.cameo.root) not in fuller
    ]


def _pairs(
    sources: list[ActorMention], targets: list[ActorMention], root: str
) -> list[tuple[ActorMention | None, ActorMention | None]]:
    sources = [m for m in sources if not _is_anonymous(m)]
    targets = [m for m in targets if not _is_anonymous(m)]
    if root == "01":
        # "told reporters", "told state television": the audience is not a target
        targets = [m for m in targets if m.sector not in AUDIENCE_SECTORS]
    among = [(a, b) for a, b in product(sources, sources) if a is not b and a.code != b.code]
    if not targets and len(sources) >= 2 and root in RECIPROCAL_ROOTS:
        return among
    if root == "04" and len(among) > 0:
        # "Biden and Xi met on the sidelines of the G20": they met each other, too
        targets = [t for t in targets if all(t.code != s.code for s in sources)]
    pairs: list[tuple[ActorMention | None, ActorMention | None]] = []
    for source in sources or [None]:
        # An actor does not act on itself ("their embassies", "its ambassador", "its ties"):
        # without another target, the event has none.
        others = [
            t
            for t in targets
            if source is None
            or not (_is_itself(source, t) or (root < "10" and _is_own_country(source, t)))
        ]
        pairs += [(source, t) for t in others or [None] if source is not None or t is not None]
    if root == "04":
        pairs += [pair for pair in among if pair not in pairs]
    return pairs


def _trigger(match: _Match) -> Trigger:
    tokens = [match.token, *match.parts]
    if match.obj is not None:
        tokens.append(match.obj)
    if match.target_prep is not None:
        tokens.append(match.target_prep)
    low, high = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = match.token.doc
    if high - low > 4:
        low = high = match.token.i
    span = doc[low : high + 1]
    return Trigger(span.text, span.start_char, span.end_char)


def _modality_weight(modality: Modality) -> float:
    weight = 1.0
    if modality.negated:
        weight *= 0.5
    if modality.hypothetical:
        weight *= 0.6
    if modality.intent:
        weight *= 0.9
    if modality.reported:
        weight *= 0.9
    return weight


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 1.0


CONTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep"})
CONTENT_PREPS = frozenset({"of", "for", "over", "about", "against", "from"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def _absorb_contents(
    by_trigger: dict[int, list[Event]], doc: Doc, intent_governors: frozenset[str]
) -> None:
    """One event where the text tells one:
    - a threat, rejection or accusation whose complement is an event of the same actor
      ("threatened to deploy the army against traders") takes its target, and the complement
      goes; an event with an actor of its own stays ("condemned Russia's attack on Kyiv");
    - an appeal or demand that another actor act ("demanded that Belarus free ...") is
      addressed to that actor;
    - "X said" drops out where what was said is itself an event;
    - a violent act's participle consequence ("..., killing 145 people") is the same act."""
    for governor_index in list(by_trigger):
        governing = by_trigger.get(governor_index)
        if not governing:
            continue
        root = governing[0].cameo.root
        if root not in CONTENT_GOVERNING_ROOTS | VIOLENT_ROOTS | {"01", "02"}:
            continue
        source = governing[0].source.code if governing[0].source else None
        governor_token = doc[governor_index]
        low, high = governor_token.left_edge.i, governor_token.right_edge.i
        for inner_index in [i for i in by_trigger if low <= i <= high]:  # its subtree only
            inner = by_trigger.get(inner_index)
            if inner_index == governor_index or not inner:
                continue
            governor, token = doc[governor_index], doc[inner_index]
            if root in VIOLENT_ROOTS:
                if inner[0].cameo.root in VIOLENT_ROOTS and _is_consequence_of(token, governor):
                    _take_target(governing, inner)
                    del by_trigger[inner_index]
                continue
            if not _is_content_of(token, governor):
                continue
            if root == "01" and (
                governing[0].cameo.code == "010" or governor.lemma_.lower() in intent_governors
            ):
                # "X said Y attacked Z": the attack is the news; "X and Y agreed to restore
                # ties": what they agreed to is.
                del by_trigger[governor_index]
                break
            if root == "01":
                del by_trigger[inner_index]  # "declined to comment": one refusal to comment
                continue
            own_actor = next(
                (e.source for e in inner if e.source is not None and e.source.code != source), None
            )
            if own_actor is None:
                _take_target(governing, inner)
            elif root in ("02", "10") and all(e.target is None for e in governing):
                for event in governing:
                    event.target = own_actor
            elif not (
                root in ("02", "10")
                and any(e.target is not None and e.target.code == own_actor.code for e in governing)
            ):
                continue  # "urged Mali's president to step down": the appeal is the event
            del by_trigger[inner_index]


OBJECT_PRONOUNS = frozenset({"him", "her", "them", "it"})


def _resolve_object_pronouns(by_trigger: dict[int, list[Event]], doc: Doc) -> None:
    """ "Chad expelled the German ambassador, accusing him of ...": a participle clause whose
    object is a pronoun acts on the main verb's target."""
    for index, events in by_trigger.items():
        trigger = doc[index]
        if trigger.dep_ != "advcl" or trigger.head.i not in by_trigger:
            continue
        if not any(c.dep_ == "dobj" and c.lower_ in OBJECT_PRONOUNS for c in trigger.children):
            continue
        governing = [e for e in by_trigger[trigger.head.i] if e.target is not None]
        if governing and all(e.target is None for e in events):
            for event in events:
                event.target = governing[0].target


def _take_target(governing: list[Event], inner: list[Event]) -> None:
    if all(e.target is None for e in governing):
        target = next((e.target for e in inner if e.target is not None), None)
        for event in governing:
            event.target = target


def _is_consequence_of(token: Token, governor: Token) -> bool:
    return token.head == governor and token.dep_ in ("advcl", "conj") and token.tag_ == "VBG"


def _is_content_of(token: Token, governor: Token) -> bool:
    """Whether ``token`` lies in a complement of ``governor`` (not its subject or adjunct)."""
    steps = 0
    while token.head is not token and steps < 8:
        if token.head == governor:
            return token.dep_ in ("xcomp", "ccomp", "dobj", "pcomp") or (
                token.dep_ == "prep" and token.lower_ in CONTENT_PREPS
            )
        if token.dep_ not in CONTENT_DEPS | {"conj", "acl", "amod", "compound", "advcl"}:
            return False
        token, steps = token.head, steps + 1
    return False


def _identified(event: Event) -> Event:
    """Give an event its stable id: the same input always yields the same ids."""
    source, target = event.source, event.target
    payload = "|".join(
        [
            event.article_id,
            str(event.sentence_index),
            str(event.trigger.start),
            event.cameo.code,
            source.code if source else "",
            target.code if target else "",
            str(source.start) if source else "",
            str(target.start) if target else "",
        ]
    )
    event.event_id = hashlib.sha1(payload.encode()).hexdigest()[:16]
    return event
