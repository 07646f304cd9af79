"""Turn a matched predicate, its actor pairs and modality into scored ``Event`` records.

Shared by the coder, which builds a sentence's events, and by mediation, which adds events of
its own; ``identified`` gives each event its stable id once the sentence has settled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Span

from dragoman.events.lexicon import Lexicon
from dragoman.events.matching import Match
from dragoman.schemas import ActorMention, Event, Modality, Trigger


class Evidence:
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


def build_events(
    match: Match,
    evidence: Evidence,
    code: str,
    pairs: list[tuple[ActorMention | None, ActorMention | None]],
    modality: Modality,
    lexicon: Lexicon,
) -> list[Event]:
    """One event per actor pair, coded and scored: a more specific pattern, a full dyad and
    confident actors raise the confidence; negation, hedges, intent and reports lower it."""
    modality = replace(modality)
    if code.startswith("03"):
        modality.intent = True  # CAMEO 03x codes are intentions by definition
    info = lexicon.info(code)
    trigger = _trigger(match)
    base = 0.55 + 0.04 * min(match.pattern.specificity, 5)
    events = []
    for source, target in pairs:
        confidence = base + (0.1 if source and target else 0.0)
        confidence *= _mean(m.confidence for m in (source, target) if m) ** 0.5
        confidence *= modality_weight(modality) * match.weight
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


def _trigger(match: Match) -> Trigger:
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


def modality_weight(modality: Modality) -> float:
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


def identified(event: Event) -> Event:
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
