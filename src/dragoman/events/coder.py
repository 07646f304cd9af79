"""Code a document's events: the ``EventCoder`` that the pipeline runs as its events stage.

A predicate is a verb or an event noun whose lemma heads a lexicon pattern (``matching``).
Its source and target come from the parse mapped onto the actor mentions of the actor stage
(``arguments``); modality is read from the predicate's governors (``modality``). A sentence's
events then settle together here: what was said or demanded gives way to the event itself
or gives it its specific code (``content_codes.yaml``), what is asked for or refused is
hypothetical, a promise of an unknown act is an intent to cooperate, a denial is no event,
targets the text implies are filled in and marked and mediators added (``implied``), and the
raw confidence is mapped through the calibration table before events get their ids
(``records``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from dragoman.events.arguments import (
    ARMED_SECTORS,
    CONTENT_GOVERNING_ROOTS,
    actor_pairs,
    actors_in,
    caused_by_nature,
    clause_subject_actors,
    helps,
    is_anonymous,
    noun_arguments,
    verb_arguments,
)
from dragoman.events.calibration import Calibration
from dragoman.events.implied import (
    addressed_to_no_actor,
    triple,
    with_implied_targets,
    with_mediations,
)
from dragoman.events.lexicon import Lexicon, Pattern
from dragoman.events.matching import Match, sentence_matches
from dragoman.events.modality import adjusted_code, as_mood, is_purpose, read_modality
from dragoman.events.records import Evidence, build_events, identified, modality_weight
from dragoman.nlp import document_text, is_to_infinitive
from dragoman.schemas import ActorMention, Event, Place

if TYPE_CHECKING:
    from dragoman.events.semantic import SemanticMatcher

SURVIVING_VERBS = frozenset({"survive", "escape"})
CLAUSE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "mark"})

TRAVELLING_NON_VISITORS = frozenset({"MIL", "CVL", "REF"})


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
        # the first letters of each promising word, in any of its forms ("pledg" of "pledged")
        stems = sorted({word[:5] for word in self._words.get("promising_governors", ())})
        self._promising = re.compile("|".join(map(re.escape, stems)) or "(?!)", re.I)
        self._armed_codes: dict[str, str] = {
            str(k): str(v) for k, v in dict(modality.get("armed_actor_codes") or {}).items()
        }
        self._mood_codes: dict[str, str] = {
            str(word): str(code)
            for code, words in dict(modality.get("mood_codes") or {}).items()
            for word in words
        }
        self._state_codes: dict[str, str] = {
            str(k): str(v) for k, v in dict(modality.get("state_actor_codes") or {}).items()
        }
        self._protester_codes: dict[str, str] = {
            str(k): str(v) for k, v in dict(modality.get("protester_codes") or {}).items()
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
        matches = sentence_matches(sent, by_token, self.lexicon, self._light_verbs, self.semantic)
        by_trigger: dict[int, list[Event]] = {}
        evidence = Evidence(sent, index, article_id, self._words["reported_phrases"], text)
        for match in matches:
            coded = self._events_for(match, evidence, by_token)
            if coded:
                by_trigger[match.token.i] = coded
        for match in self._promises(sent, by_trigger):
            coded = self._events_for(match, evidence, by_token)
            if coded:
                by_trigger[match.token.i] = coded
        _absorb_contents(by_trigger, sent.doc, self._words["intent_governors"], self.lexicon)
        _mark_unrealised(by_trigger, sent.doc)
        _resolve_object_pronouns(by_trigger, sent.doc)
        # A target-less repeat of a fuller event ("met with X, discussing ...") is that event,
        # so it goes before targets are implied for what remains.
        told: dict[int, list[Event]] = {}
        for event in _without_redundant([e for c in by_trigger.values() for e in c]):
            told.setdefault(event.trigger_token, []).append(event)
        events = [
            event
            for index, coded in told.items()
            for event in with_implied_targets(
                coded,
                sent.doc[index],
                by_token,
                self._words,
                self._country_name,
            )
        ]
        events = with_mediations(events, evidence, by_token, self.lexicon)
        for event in events:
            if event.cameo.root in ("02", "10") and addressed_to_no_actor(
                sent.doc[event.trigger_token], by_token
            ):
                event.target = None  # "urged the international community to help ..."
            if event.cameo.root == "09" and (
                event.target is None or self._is_victim(event.target, sent.doc)
            ):
                # "investigating the killing of seven aid workers": not the aid workers, but
                # whoever the text says did it ("killings by police")
                event.target = self._perpetrator(sent.doc[event.trigger_token], by_token)
        events = [
            as_mood(e, evidence.doc, by_token, self._mood_codes, self.lexicon) for e in events
        ]
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
        # "Officials said no shells fell on Kharkiv": a denial reports no event; "..., the
        # ministry said" only tells whose word the sentence's news is
        events = [
            e
            for e in events
            if not (
                e.cameo.code == "010"
                and (_denies(sent.doc[e.trigger_token]) or _attributes(sent.doc[e.trigger_token]))
            )
        ]
        # a visit or hosting is between two parties: "Dakar hosted a marathon" is neither
        events = [
            e
            for e in events
            if e.target is not None or e.cameo.code not in self._words["travel_codes"]
        ]
        events = _without_redundant(events)
        if self.calibration is not None:
            for event in events:
                event.confidence = round(self.calibration(event.confidence), 3)
        return [identified(e) for e in events]

    def _promises(self, sent: Span, by_trigger: dict[int, list[Event]]) -> list[Match]:
        """ "Pledged to strengthen the alliance", "ready to help Ukraine rebuild": a promise
        is an intent to cooperate (030) even when the promised act is not in the lexicon."""
        found: list[Match] = []
        doc = sent.doc
        # only the words whose first letters a promising word shares, not every token
        for hit in self._promising.finditer(sent.text):
            start = sent.start_char + hit.start()
            span = doc.char_span(start, start + len(hit.group()), alignment_mode="expand")
            governor = span[0] if span is not None and len(span) else None
            if (
                governor is None
                or governor.lemma_.lower() not in self._words["promising_governors"]
                or governor.i in by_trigger
            ):
                continue
            for verb in governor.children:
                if (
                    verb.dep_ == "xcomp"
                    and verb.pos_ == "VERB"
                    and not any(verb.left_edge.i <= i <= verb.right_edge.i for i in by_trigger)
                ):
                    text = f"{governor.lemma_.lower()} to"
                    pattern = Pattern("030", "verb", verb.lemma_.lower(), (), None, None, text)
                    found.append(Match(verb, pattern, parts=[governor]))
        return found

    # -- events of one predicate ---------------------------------------------------------
    def _events_for(
        self, match: Match, evidence: Evidence, by_token: dict[int, ActorMention]
    ) -> list[Event]:
        if match.pattern.kind == "verb":
            if caused_by_nature(match.token, self._words.get("natural_causes", frozenset())):
                return []
            sources, targets = verb_arguments(match, by_token)
            verb = match.token
            if _describes(verb) or self._frames_speech(verb) or self._plays_sport(verb):
                return []
        else:
            sources, targets = noun_arguments(match, by_token, self._words, self._light_verbs)
            noun = match.token
            if noun.dep_ == "dobj" and noun.head.lemma_.lower() in SURVIVING_VERBS:
                # "Fico survived an assassination attempt": the survivor is the target, and
                # who tried is not said
                targets = clause_subject_actors(noun.head, by_token)
                sources = [m for m in sources if m not in targets]
                if not targets:
                    return []
            elif not any(not is_anonymous(m) for m in sources):
                return []  # "an inquiry into the killing of X" refers to an event, not reports it
            elif noun.dep_ == "nsubj" and noun.head.lemma_.lower() in self._words["measure_verbs"]:
                return []  # "trade between Vietnam and Cambodia grew by 12 percent": a figure
        pattern = match.pattern
        names = [pattern.head, *(pattern.objects or () if "$" not in pattern.text else ())]
        words = {word for name in names if "_" in name for word in name.split("_")}
        if words:
            # "exchanged artillery fire": the artillery named in the event is no actor in it,
            # but "the Houthi drone attack" is the Houthis'
            named = {
                c.i
                for holder in (match.token, match.obj)
                if holder is not None
                for c in holder.children
                if c.dep_ == "compound" and c.lemma_.lower() in words
            }
            sources = [m for m in sources if m.token_start not in named]
            targets = [m for m in targets if m.token_start not in named]
        if match.pattern.code in self._words["travel_codes"] and all(
            m.kind == "modifier" or (m.role is None and m.sector in TRAVELLING_NON_VISITORS)
            for m in sources
        ):
            # "a Russian aircraft landed in Caracas", "German tanks arrived in Ukraine", "voters
            # went to the polls": things, forces and crowds travel, but do not visit
            return []
        pairs = actor_pairs(sources, targets, match.pattern.code)
        if not pairs:
            return []
        modality = read_modality(match.token, match.pattern.code[:2], self._words)
        modality.reported = modality.reported or evidence.reported
        code = adjusted_code(match.pattern.code, modality, match.token, self._words, self.lexicon)
        if sources and all(self._is_protester(m) for m in sources):
            code = next(
                (
                    self._protester_codes[code[:n]]
                    for n in (4, 3, 2)
                    if code[:n] in self._protester_codes
                ),
                code,
            )
            if code[:2] == "14" and is_purpose(match.token):
                # "blocked streets to demand his resignation": the demand is the protest
                modality.intent = False
        if code[:2] in ("18", "19") and _is_labour_strike(match, sources, self._words):
            code = "143"  # "truckers launched a strike": they stopped work, attacked no one
        if sources and all(_is_armed_or_state(m) for m in sources):
            # Armies storming a base or blockading ports are not protesting.
            code = self._armed_codes.get(code, code)
        if sources and all(_is_state(m) for m in sources):
            code = self._state_codes.get(code, code)
        own = {m.country for m in sources}
        if (
            code[:2] == "15"
            and any(helps(c) for c in match.token.children)
            and any(t.country not in own for t in targets)
        ):
            code = "074"  # troops sent abroad "to help fight insurgents" protect the host
        groups = [(code, pairs)]
        allies = _allies(match.token, by_token, sources) if code[:2] in FORCE_ROOTS else []
        if allies:
            # "Rwandan troops fought alongside Mozambican forces against insurgents": the
            # allies fight too, and cooperate with each other
            pairs += actor_pairs(allies, targets, code)
            sources = [*sources, *allies]
        if len(sources) > 1 and (allies or _is_joint(match)) and code[:2] != "06":
            # "a joint offensive", "joint patrols": the partners cooperate with each other;
            # exercises are only that, an offensive is also the attack, and cooperation
            # ("a joint railway project") is coded once.
            together = (_cooperation_code(code, sources), actor_pairs(sources, [], "060"))
            alone = code[:2] == "15" or (allies and not targets)  # against whom is not said
            groups = [together] if alone else [together, (code, pairs)]
        events: list[Event] = []
        for group_code, group_pairs in groups:
            events += build_events(match, evidence, group_code, group_pairs, modality, self.lexicon)
        return events

    def _plays_sport(self, verb: Token) -> bool:
        """ "Kenya's national football team beat Ghana", "the coach of Bolivia's team
        resigned": a team, its coach or its players act in sport, not politics."""
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return False
        lemma = subject.lemma_.lower()
        return lemma in self._words["sports_nouns"] or (
            lemma in self._words["sports_sides"]
            and any(c.lemma_.lower() in self._words["sports_kinds"] for c in subject.children)
        )

    def _frames_speech(self, verb: Token) -> bool:
        """ "Asked whether ...", "speaking to reporters", "insisting that ...": a participle
        that only sets up what someone says is no request, meeting or demand."""
        return (
            verb.dep_ in ("advcl", "acl")
            and verb.tag_ in ("VBG", "VBN")
            and verb.lemma_.lower() in self._words["speech_frames"]
        )

    def _is_victim(self, mention: ActorMention | None, doc: Doc) -> bool:
        """Whether an actor is who an incident befell ("the disappearance of two activists"):
        an inquiry into it investigates whoever caused it, not them."""
        if mention is None or mention.kind == "implied":
            return False
        head = doc[mention.token_start : mention.token_end].root
        while head.dep_ in ("amod", "compound", "nmod", "poss"):
            head = head.head  # "three Italian engineers"
        of = head.head
        return (
            head.dep_ == "pobj"
            and of.lower_ == "of"
            and of.head.lemma_.lower() in self._words["incident_nouns"]
        )

    def _perpetrator(
        self, trigger: Token, by_token: dict[int, ActorMention]
    ) -> ActorMention | None:
        """Who an investigated incident is put down to: "a hearing into killings by police"."""
        for token in trigger.subtree:
            if token.lemma_.lower() in self._words["incident_nouns"]:
                for prep in token.children:
                    if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
                        found = actors_in(prep, by_token)
                        if found:
                            return found[0]
        return None

    def _is_protester(self, mention: ActorMention) -> bool:
        words = mention.text.lower().split()
        return bool(words) and words[-1].rstrip("s") in self._words["protester_words"]


def _is_labour_strike(
    match: Match, sources: list[ActorMention], words: dict[str, frozenset[str]]
) -> bool:
    """Whether a "strike" is a stoppage of work: called by workers, students or other
    people (a sector a government answers to), and not an "air" or "drone" strike."""
    noun = match.obj if match.obj is not None else match.token
    return (
        noun.lemma_.lower() == "strike"
        and not any(c.dep_ in ("compound", "amod") for c in noun.children)
        and bool(sources)
        and all(m.sector in words["government_addressed_sectors"] for m in sources)
    )


def _is_joint(match: Match) -> bool:
    """ "Joint patrols", also "joint military drills", where "joint" hangs on "military"."""
    words = [*match.token.children]
    if match.obj is not None:
        words += match.obj.doc[match.obj.left_edge.i : match.obj.i]
    elif match.token.pos_ == "NOUN":
        words += match.token.doc[match.token.left_edge.i : match.token.i]
    return any(t.lower_ in ("joint", "combined", "coordinated") for t in words)


FORCE_ROOTS = frozenset({"15", "18", "19", "20"})
ALLY_PREPS = frozenset({"alongside"})


def _allies(
    verb: Token, by_token: dict[int, ActorMention], sources: list[ActorMention]
) -> list[ActorMention]:
    """Who an armed act is done alongside: "fought alongside Mozambican forces"."""
    return [
        m
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in ALLY_PREPS
        for m in actors_in(prep, by_token)
        if m not in sources
    ]


def _cooperation_code(code: str, sources: list[ActorMention]) -> str:
    """Partners in a joint act cooperate: militarily (062) for force, on justice and policing
    (063) for investigations and arrests, materially (060) otherwise."""
    sectors = {m.sector for m in sources}
    if code[:2] in FORCE_ROOTS or "MIL" in sectors:
        return "062"
    if code[:2] in ("09", "17") or sectors & {"COP", "JUD"}:
        return "063"
    return "060"


def _is_state(mention: ActorMention) -> bool:
    return mention.sector in ("GOV", "MIL") or (
        mention.sector is None and mention.kind in ("country", "modifier", "place")
    )


def _is_armed_or_state(mention: ActorMention) -> bool:
    return mention.sector in ARMED_SECTORS or (
        mention.sector is None and mention.kind in ("country", "place", "organisation")
    )


def _place_actors(doc: Doc, places: Iterable[Place]) -> list[ActorMention]:
    mentions = []
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or not place.country:
            continue
        mentions.append(
            ActorMention.for_country(
                place.text,
                place.start,
                place.end,
                (span.start, span.end),
                place.country,
                place.name,
                "place",
            )
        )
    return mentions


def _denies(verb: Token) -> bool:
    """Whether what a verb of saying reports is a negated fact: "said no arrests had been
    made", "said the fire was not the result of an attack"; not a refusal to come ("said it
    would not accept any solution")."""
    for clause in verb.children:
        if clause.dep_ != "ccomp" or any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "wo", "'ll")
            for c in clause.children
        ):
            continue
        for word in [clause, *clause.children]:
            if any(
                c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in word.children
            ):
                return True
    return False


def _describes(verb: Token) -> bool:
    """Whether a verb only describes one of the sentence's things: a participle ("a man
    accused of blasphemy", "a drone seized by a Chinese ship") or a relative clause ("the
    children it has deported"). Such background is not what the sentence reports; a clause
    told as a noun's content ("reports that he had been arrested") is not a description."""
    if verb.dep_ == "relcl":
        return True
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in verb.children)
    )


def _attributes(verb: Token) -> bool:
    """Whether a verb of saying follows what it reports: "Iran and Russia linked their
    banking systems, Tehran's central bank said". Words quoted are a statement of their own
    ("'We are ready for any scenario,' the minister said")."""
    return any(
        c.dep_ == "ccomp" and c.i < verb.i and not _is_quoted(c.left_edge) for c in verb.children
    )


def _is_quoted(first: Token) -> bool:
    """Whether a clause opens with (or just after) a quotation mark."""
    before = first.doc[first.i - 1] if first.i > 0 else first
    return any(t.is_quote for t in (first, before))


def _without_redundant(events: list[Event]) -> list[Event]:
    """Drop events with no identifiable actor, exact repeats, and target-less events that
    repeat a fuller one in the same sentence ("met with X, discussing ...")."""
    seen: set[tuple] = set()
    kept = []
    for event in events:
        key = (*triple(event), event.trigger_token)
        if key not in seen and not (is_anonymous(event.source) and is_anonymous(event.target)):
            seen.add(key)
            kept.append(event)
    fuller = {(e.source.code, e.cameo.root) for e in kept if e.source and e.target}
    # "set up a panel to investigate the shooting by soldiers": what was done takes the
    # target of what it was done for
    intended: dict[tuple[str, str], list[ActorMention]] = {}
    for e in kept:
        if e.source and e.target and e.modality.intent:
            intended.setdefault((e.source.code, e.cameo.root), []).append(e.target)
    completed = []
    for e in kept:
        key = (e.source.code, e.cameo.root) if e.source else None
        if e.target is not None or key is None or key not in fuller:
            completed.append(e)
        elif not e.modality.intent and key in intended:
            completed += [replace(e, target=target) for target in intended[key]]
    return completed


CONTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep"})
CONTENT_PREPS = frozenset({"of", "for", "over", "about", "against", "from"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def _absorb_contents(
    by_trigger: dict[int, list[Event]],
    doc: Doc,
    intent_governors: frozenset[str],
    lexicon: Lexicon,
) -> None:
    """One event where the text tells one:
    - an appeal, demand, refusal or threat takes the specific code its content gives it
      ("refused to free the prisoners" 1243, "threatened to cut ties" 1313);
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
            _refine(governing, inner, lexicon)
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


UNREALISING_ROOTS = frozenset({"02", "10", "12", "13"})


def _mark_unrealised(by_trigger: dict[int, list[Event]], doc: Doc) -> None:
    """What is asked for, demanded, refused or threatened has not happened: "rejected calls
    for UN peacekeepers to be sent to Darfur", "turned down a request to restructure its
    debt". Such events stay, flagged hypothetical, at lower confidence."""
    for governor_index, governing in by_trigger.items():
        if not governing or governing[0].cameo.root not in UNREALISING_ROOTS:
            continue
        for inner_index, inner in by_trigger.items():
            if inner_index == governor_index or not _is_unrealised_content(
                doc[inner_index], doc[governor_index]
            ):
                continue
            for event in inner:
                if not (event.modality.hypothetical or event.modality.negated):
                    before = modality_weight(event.modality)
                    event.modality.hypothetical = True
                    event.confidence *= modality_weight(event.modality) / before


def _is_unrealised_content(token: Token, governor: Token) -> bool:
    """Whether ``token`` is in what ``governor`` asks for or refuses: its complement, or an
    infinitive on its object ("calls for troops to be sent"); not a participle or relative
    clause that tells what did happen ("a journalist detained after ...")."""
    steps = 0
    while token.head != token and steps < 8:
        infinitive = is_to_infinitive(token)
        if token.head == governor:
            # "rejected calls from protesters to step down", the infinitive hung on the verb
            return (
                token.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "nsubjpass")
                or (token.dep_ == "prep" and token.lower_ in CONTENT_PREPS)
                or (token.dep_ == "advcl" and infinitive)
            )
        # "calls for troops to be sent", "a resolution imposing sanctions"
        if token.dep_ not in CONTENT_DEPS | {"conj"} and not (
            (infinitive and token.dep_ in ("acl", "relcl", "advcl"))
            or (token.dep_ == "acl" and token.tag_ == "VBG")
        ):
            return False
        token, steps = token.head, steps + 1
    return False


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


def _refine(governing: list[Event], inner: list[Event], lexicon: Lexicon) -> None:
    """Give a not-further-specified governing event the code its content implies."""
    root = governing[0].cameo.root
    if root not in lexicon.content_codes or governing[0].cameo.code != root + "0":
        return
    content = inner[0].cameo.code
    code = content if content[:2] == root else lexicon.content_code(root, content)
    if code is None:
        return
    info = lexicon.info(code)
    for event in governing:
        event.cameo, event.plover = info.cameo, info.plover


def _take_target(governing: list[Event], inner: list[Event]) -> None:
    if all(e.target is None for e in governing):
        target = next((e.target for e in inner if e.target is not None), None)
        for event in governing:
            event.target = target


def _is_consequence_of(token: Token, governor: Token) -> bool:
    return token.head == governor and token.dep_ in ("advcl", "conj") and token.tag_ == "VBG"


def _is_gerund_object(token: Token, governor: Token) -> bool:
    """ "ruled out ceding any territory": a gerund right after its verb, which the parser
    may hang on it as an adverbial clause, is what the verb is about; after a comma
    ("threatened ..., accusing it of") it is a deed of its own."""
    between = token.doc[governor.i + 1 : token.i]
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        and all(t.dep_ in ("prt", "neg", "advmod") for t in between)
    )


def _is_content_of(token: Token, governor: Token) -> bool:
    """Whether ``token`` lies in a complement of ``governor`` (not its subject or adjunct)."""
    steps = 0
    while token.head != token and steps < 8:
        if token.head == governor:
            return (
                token.dep_ in ("xcomp", "ccomp", "dobj", "pcomp")
                or (token.dep_ == "prep" and token.lower_ in CONTENT_PREPS)
                or _is_gerund_object(token, governor)
            )
        if token.dep_ not in CONTENT_DEPS | {"conj", "acl", "amod", "compound", "advcl"}:
            return False
        token, steps = token.head, steps + 1
    return False
