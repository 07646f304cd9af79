"""Typed records passed between the pipeline stages.

Their ``to_dict`` forms are the public output contract of DESIGN.md: field names here are an
interface that scripts and evaluations read, so they are never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One input document, as ingested; offsets in every record point into ``text``."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: Date | None = None


@dataclass(slots=True)
class ActorMention:
    """A resolved actor mention: who the text names, coded as country + sector or an org code."""

    text: str
    start: int
    end: int
    name: str
    code: str
    country: str | None
    sector: str | None
    role: str | None = None
    kb_id: str | None = None
    confidence: float = 1.0
    kind: str = "country"
    """``person``, ``country``, ``agent``, ``organisation``, ``region`` or ``pronoun``."""
    token_start: int = 0
    token_end: int = 0
    members: tuple[ActorMention, ...] = ()
    """For a phrase standing for several actors ("the two countries"): who they are."""

    @classmethod
    def for_country(
        cls,
        text: str,
        start: int,
        end: int,
        tokens: tuple[int, int],
        country: str,
        name: str,
        kind: str,
    ) -> ActorMention:
        """A phrase standing for a whole country: a place named where an actor is expected,
        "the country"; inferred, so of middling confidence."""
        return cls(
            text=text,
            start=start,
            end=end,
            name=name,
            code=country,
            country=country,
            sector=None,
            confidence=0.6,
            kind=kind,
            token_start=tokens[0],
            token_end=tokens[1],
        )

    def to_dict(self) -> dict[str, Any]:
        record = self._fields()
        if self.members:
            record["members"] = [member.code for member in self.members]
        return record

    def _fields(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "role": self.role,
            "kb_id": self.kb_id,
            "confidence": round(self.confidence, 3),
        }


@dataclass(slots=True)
class Place:
    """A toponym resolved to a gazetteer entry."""

    text: str
    start: int
    end: int
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str
    precision: str
    """``city``, ``admin1``, ``country`` or ``region``."""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "feature": self.feature,
            "precision": self.precision,
            "confidence": round(self.confidence, 3),
        }

    def location_dict(self) -> dict[str, Any]:
        """The compact form used as an event's ``location``."""
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "precision": self.precision,
        }


@dataclass(slots=True)
class EventDate:
    """When an event happened, at the precision the text allows."""

    value: str | None
    """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``START/END`` for ranges; None if unknown."""
    precision: str | None
    text: str | None
    from_publication: bool
    historical: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "precision": self.precision,
            "text": self.text,
            "from_publication": self.from_publication,
            "historical": self.historical,
        }


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    quad_class: int
    goldstein: float
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True)
class PloverCode:
    type: str | None
    mode: str | None
    contexts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "contexts": list(self.contexts)}


@dataclass(slots=True)
class Modality:
    negated: bool = False
    intent: bool = False
    hypothetical: bool = False
    reported: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "negated": self.negated,
            "intent": self.intent,
            "hypothetical": self.hypothetical,
            "reported": self.reported,
        }


@dataclass(frozen=True, slots=True)
class Trigger:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Event:
    """One coded event with the evidence it came from."""

    event_id: str
    article_id: str
    sentence_index: int
    sentence: str
    sentence_start: int
    source: ActorMention | None
    target: ActorMention | None
    cameo: CameoCode
    plover: PloverCode
    trigger: Trigger
    modality: Modality = field(default_factory=Modality)
    location: Place | None = None
    date: EventDate | None = None
    confidence: float = 0.5
    pattern: str = ""
    trigger_token: int = -1
    """Index of the trigger's head token in the parsed document; not serialised."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo.to_dict(),
            "plover": self.plover.to_dict(),
            "trigger": self.trigger.to_dict(),
            "modality": self.modality.to_dict(),
            "location": self.location.location_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "confidence": round(self.confidence, 3),
            "pattern": self.pattern,
        }


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read or coded; it is reported, never silently dropped."""

    input: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "reason": self.reason}


@dataclass(slots=True)
class ArticleResult:
    """Everything the pipeline found in one article."""

    article: Article
    actors: list[ActorMention]
    places: list[Place]
    events: list[Event]
