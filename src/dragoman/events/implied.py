"""Complete a sentence's events with what its text implies but does not say outright.

A target-less event takes the nearest actor of its own phrase ("hailed relations with
India", whom a purpose clause helps), a threat whoever its condition names, a people's
protest or demand its government, a curfew or a concession after protests its civilians.
Force against a place is force against its civilians, against "US bases" against its forces,
and a town taken in a civil war is taken from the other side. Talks and truces held "under
the auspices of" or "brokered by" a third party add that party's mediation with each side.
Implied targets are marked as such and lower the confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from spacy.tokens import Token

from dragoman.events.arguments import (
    DEPLOYMENT_CODES,
    actors_at,
    actors_in,
    helps,
    is_anonymous,
    is_destination,
    is_itself,
    with_conjuncts,
)
from dragoman.events.lexicon import Lexicon
from dragoman.events.matching import Match
from dragoman.events.records import Evidence, build_events
from dragoman.schemas import ActorMention, Event


def with_implied_targets(
    events: list[Event],
    trigger: Token,
    by_token: dict[int, ActorMention],
    words: dict[str, frozenset[str]],
    country_name: Callable[[str], str],
) -> list[Event]:
    """Give a target-less event the target its sentence implies (see the module's
    docstring), and a place or country target the sector it stands for. Implied targets
    lower the confidence."""
    completed: list[Event] = []
    for event in events:
        root = event.cameo.root
        if event.target is None and event.source is not None and root != "01":
            places = root in words["place_target_roots"]
            foreign_only = root == "15"  # troops sent are the sender's own
            # who is helped receives aid or troops, but is not who an appeal is made to
            helped = root in words["beneficiary_roots"]
            deployed = event.cameo.code in DEPLOYMENT_CODES
            targets = phrase_targets(
                trigger, event.source, by_token, places, foreign_only, helped, deployed=deployed
            )
            if not targets and root == "15":
                # A deployment is aimed at whoever its occasion names: "amid tensions with
                # China", "after Turkey sent a vessel into disputed waters".
                targets = phrase_targets(
                    trigger,
                    event.source,
                    by_token,
                    places,
                    foreign_only,
                    helped,
                    settings=True,
                    deployed=deployed,
                )
            if not targets and root == "13":
                targets = _conditioned(trigger, event.source, by_token) or _threatened(
                    trigger, event.source, by_token
                )
            if (
                not targets
                and root in words["government_addressed_roots"]
                and event.source.sector in words["government_addressed_sectors"]
            ):
                targets = _implied_own(event, "GOV", "government", country_name)
            if not targets and root == "08" and _after_protests(trigger, words):
                targets = _implied_own(event, "CVL", "protesters", country_name)
            if not targets and event.cameo.code in words["population_codes"]:
                targets = _implied_own(event, "CVL", "civilians", country_name)
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
            and target.kind in ("place", "modifier", "country")
            and target.sector is None
            and _held_by_forces(target, trigger, words)
        ):
            # "Ukrainian positions", "US bases": whatever is done to them, its forces
            event.target = replace(target, code=f"{target.country}MIL", sector="MIL")
        elif (
            target is not None
            and target.country
            and target.kind in ("place", "modifier")
            and target.sector is None
            and event.cameo.root in words["civilian_place_roots"]
            and event.cameo.code not in words["civilian_place_exceptions"]
        ):
            # force against "Kharkiv" falls on its people, against "a military base in
            # Borno" or "a police station in Diyarbakir" on those who hold it
            sector = _holders_of_target(target, trigger, words)
            event.target = replace(target, code=f"{target.country}{sector}", sector=sector)
        elif (
            target is not None
            and target.kind in ("place", "modifier")
            and event.cameo.code in words["civilian_place_exceptions"]
            and event.source is not None
        ):
            # A town taken in a country's own war is taken from whoever held it: by rebels,
            # from the government; by the state's forces, from the rebels.
            held_by = _holder(event.source, target)
            if held_by:
                event.target = replace(
                    target, code=f"{target.country}{held_by}", sector=held_by, kind="implied"
                )
    return completed


def _held_by_forces(target: ActorMention, trigger: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether a country is named only as the owner of military things: "Ukrainian
    positions", "an Israeli base", "US bases in the region"."""
    word = trigger.doc[target.token_start : target.token_end].root
    head = word.head
    return word.dep_ in ("amod", "compound", "nmod", "poss") and (
        head.lemma_.lower() in words["military_nouns"] or head.lower_ in words["military_nouns"]
    )


def _holders_of_target(
    place: ActorMention, trigger: Token, words: dict[str, frozenset[str]]
) -> str:
    """Who force in a place falls on: the military ("a military base in Borno", "army
    positions near Idlib"), the police ("a police station in Diyarbakir"), else civilians.
    The struck thing is read on the path from the place up to the predicate, and in the
    predicate's own objects."""
    doc = trigger.doc
    path = []
    token = doc[place.token_start : place.token_end].root
    while token.i != trigger.i and token.head.i != token.i and len(path) < 8:
        token = token.head
        path.append(token)
    objects = [
        t
        for child in trigger.children
        for t in (child, *child.children)
        if t.dep_ in ("dobj", "pobj", "nsubjpass")
    ]
    for noun in (*path, *objects):
        if noun.pos_ != "NOUN":
            continue
        if any(c.dep_ == "compound" and c.lower_ == "police" for c in noun.children):
            return "COP"
        if noun.lemma_.lower() in words["military_nouns"] or noun.lower_ in words["military_nouns"]:
            return "MIL"
    return "CVL"


def _holder(source: ActorMention, town: ActorMention) -> str | None:
    """Who held a town its own country's side took: the government from rebels' view, the
    rebels from the state's; None for a foreign army's conquest."""
    if source.sector in ("REB", "UAF") and source.country in (town.country, None):
        return "GOV"
    if source.code.startswith("IMG"):
        return "GOV"
    if source.sector in ("MIL", "GOV") and source.country == town.country:
        return "REB"
    return None


def addressed_to_no_actor(trigger: Token, by_token: dict[int, ActorMention]) -> bool:
    """ "Urged the international community to help", "appealed to donors to fund": the appeal
    is made to someone who is no actor, so no actor named in what they should do is its
    target."""
    if not any(c.dep_ == "xcomp" for c in trigger.children):
        return False
    addressees = [c for c in trigger.children if c.dep_ in ("dobj", "dative")] + [
        o
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ == "to"
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return any(not any(t.i in by_token for t in addressee.subtree) for addressee in addressees)


def _conditioned(
    trigger: Token, source: ActorMention, by_token: dict[int, ActorMention]
) -> list[ActorMention]:
    """A threat is aimed at whoever its condition names: "warned it would take resolute
    measures if Taiwan's president transited the United States"."""
    for token in trigger.subtree:
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children
        ):
            for subject in token.children:
                if subject.dep_ in ("nsubj", "nsubjpass"):
                    found = [
                        m
                        for m in actors_at(subject, by_token)
                        if m.code != source.code and not is_anonymous(m)
                    ]
                    if found:
                        return found
    return []


def _threatened(
    trigger: Token, source: ActorMention, by_token: dict[int, ActorMention]
) -> list[ActorMention]:
    """Whoever a warning's content names as its subject: "warned that any Indian incursion
    would be met with a response"."""
    for clause in trigger.children:
        if clause.dep_ == "ccomp":
            for subject in clause.children:
                if subject.dep_ in SUBJECT_DEPS:
                    return [
                        m
                        for m in actors_at(subject, by_token)
                        if not is_itself(source, m) and not is_anonymous(m)
                    ]
    return []


def _after_protests(trigger: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether the scene of an event is protests: "resigned after months of mass protests",
    "withdrew the bill a day after protesters stormed parliament"."""
    settings = [
        child
        for child in trigger.children
        if (child.dep_ == "prep" and child.lower_ in SETTING_PREPS)
        or (
            child.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in SETTING_PREPS for c in child.children)
        )
    ]
    return any(
        t.lemma_.lower() in words["protest_nouns"] or t.lemma_.lower() in words["protester_words"]
        for setting in settings
        for t in setting.subtree
    )


def _implied_own(
    event: Event, sector: str, name: str, country_name: Callable[[str], str]
) -> list[ActorMention]:
    """The source country's own government (which its people protest to) or civilians (on
    whom its curfews fall), as an implied target."""
    country = event.source.country if event.source else None
    if not country:
        return []
    return [
        ActorMention(
            text=event.trigger.text,
            start=event.trigger.start,
            end=event.trigger.end,
            name=f"{name} of {country_name(country)}",
            code=f"{country}{sector}",
            country=country,
            sector=sector,
            role="implied target",
            confidence=0.5,
            kind="implied",
            token_start=event.trigger_token,
            token_end=event.trigger_token + 1,
        )
    ]


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})

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


def phrase_targets(
    trigger: Token,
    source: ActorMention,
    by_token: dict[int, ActorMention],
    places: bool,
    foreign_only: bool,
    helped: bool = False,
    settings: bool = False,
    deployed: bool = False,
) -> list[ActorMention]:
    """The nearest actors below the predicate, level by level through its objects,
    complements and prepositional phrases: "launched an investigation into the organisers",
    "hailed relations with India", "threatened to stop transferring revenues to the PA".
    With ``helped``, also through a purpose clause of help to whom it helps; with
    ``settings``, through the clauses and phrases that set the scene. A ``deployed`` force
    and where it goes are neither of them whom it faces, but what is said of the force may
    name that ("patrols along its border with Belarus")."""

    def is_force(token: Token) -> bool:
        """What a deployment deploys: "sent troops", "stepped up patrols", "fighter jets"."""
        if token.dep_ in ("compound", "amod", "nmod"):
            token = token.head
        return token.dep_ == "dobj" and token.head.i == trigger.i

    def followed(token: Token) -> bool:
        if token.head.i == trigger.i and token.dep_ in TRIGGER_ARGUMENT_DEPS:
            return False  # the predicate's own subject or owner is its source
        if deployed and token.dep_ in ("prep", "dative") and is_destination(token):
            return False  # "to Estonia", not "to its border with Russia"
        if helped and (helps(token) or (token.dep_ in SUBJECT_DEPS and helps(token.head.head))):
            return True  # "sent aircraft to help Bolivia", "ready to help Ukraine rebuild"
        if settings:  # "ahead of", an adverb, sets a scene too
            return token.dep_ not in SCENE_SKIPPED_DEPS or token.lower_ in SETTING_PREPS
        return token.dep_ not in PHRASE_SKIPPED_DEPS and not (
            token.dep_ == "prep"
            and token.lower_ in SETTING_PREPS
            # "displeasure at Seoul's decision" names what it is about
            and not (token.lower_ == "at" and token.head.pos_ == "NOUN")
        )

    frontier = [c for c in trigger.children if followed(c)]
    while frontier:
        level = [
            t
            for t in frontier
            if t.i in by_token
            and by_token[t.i].kind not in ("pronoun", "implied")
            and not is_anonymous(by_token[t.i])
            and (places or by_token[t.i].kind != "place")
            and not is_itself(source, by_token[t.i])
            and not (foreign_only and _own_side(by_token[t.i], source))
            and not (deployed and is_force(t))
        ]
        if level:
            found = [m for m in with_conjuncts(level, by_token) if m.code != source.code]
            if found:
                return found
        frontier = [c for token in frontier for c in token.children if followed(c)]
    return []


def _own_side(mention: ActorMention, source: ActorMention) -> bool:
    """The source country's own state or territory ("deployed its troops to Mogadishu"), not
    its rebels or protesters ("ahead of an expected al-Shabaab offensive")."""
    return mention.country == source.country and mention.sector in (None, "GOV", "MIL", "COP")


def with_mediations(
    events: list[Event], evidence: Evidence, by_token: dict[int, ActorMention], lexicon: Lexicon
) -> list[Event]:
    """Talks, deals and truces "under the auspices of Russia", "brokered by Qatar" or
    "with Oman acting as mediator": each mediator mediates with each party (045), and
    mediators do not mediate with each other."""
    pattern = next(iter(lexicon.nouns.get("mediation", ())), None)
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
            match = Match(word, pattern)
            for new in build_events(
                match, evidence, "045", pairs, replace(event.modality), lexicon
            ):
                if all(triple(new) != triple(e) for e in [*events, *mediated]):
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
                        yield noun, actors_at(noun, by_token)
            elif child.dep_ == "prep" and child.lower_ == "with":
                for clause in child.children:  # "with Oman acting as mediator"
                    if any(t.lemma_.lower() in MEDIATION_NOUNS for t in clause.subtree):
                        subject = [c for c in clause.children if c.dep_ == "nsubj"]
                        if subject:
                            yield clause, actors_at(subject[0], by_token)
            elif child.dep_ == "acl" and child.lemma_.lower() in MEDIATING_VERBS:
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None:  # "a ceasefire brokered by Egypt and Qatar"
                    yield child, actors_in(agent, by_token)


def triple(event: Event) -> tuple[str | None, str | None, str]:
    return (
        event.source.code if event.source else None,
        event.target.code if event.target else None,
        event.cameo.code,
    )
