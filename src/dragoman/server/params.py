"""Request parameters and bodies, validated before any query runs (errors are 422s)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from dragoman.store import EventFilter
from dragoman.store.store import EventQuery

MAX_LIMIT = 1000
MAX_TEXT_CHARS = 200_000
"""Longest article text /api/code and /api/articles accept (a long feature is ~50,000)."""

CODE_PATTERN = r"^[A-Za-z0-9]{2,24}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""ASCII digits only ([0-9], not \\d, which also matches Arabic-Indic or full-width ones)."""
PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
ActorCode = Annotated[
    str,
    Field(pattern=CODE_PATTERN, description="Actor code prefix, e.g. IRQ or IRQGOV."),
]


def _real_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a calendar date (YYYY-MM-DD)") from error
    return value


DateText = Annotated[
    str, Field(pattern=DATE_PATTERN, description="YYYY-MM-DD"), AfterValidator(_real_date)
]


class FilterParams(BaseModel):
    """Filters that do not name actors."""

    model_config = ConfigDict(extra="forbid")

    since: DateText | None = Field(None, description="Events on or after this day.")
    until: DateText | None = Field(None, description="Events on or before this day.")
    code: str | None = Field(None, pattern=r"^[0-9]{2,4}$", description="CAMEO code prefix.")
    root: str | None = Field(None, pattern=r"^[0-9]{2}$", description="CAMEO root code.")
    plover: PloverType | None = Field(None, description="PLOVER event type.")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{3}$", description="Country of the event's location."
    )
    q: str | None = Field(
        None, min_length=1, max_length=200, description="Words in the evidence sentence."
    )

    @field_validator("plover", mode="before")
    @classmethod
    def _upper_plover(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("country")
    @classmethod
    def _upper_country(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    @model_validator(mode="after")
    def _ordered(self) -> FilterParams:
        if self.since and self.until and self.since > self.until:
            raise ValueError("since must not be after until")
        return self

    def to_query(self, where: EventFilter | None = None) -> EventQuery:
        where = where or EventFilter()
        where = EventFilter(
            since=self.since,
            until=self.until,
            actor=where.actor,
            source=where.source,
            target=where.target,
            dyad=where.dyad,
            code=self.code,
        )
        return EventQuery(
            where=where, root=self.root, plover=self.plover, country=self.country, text=self.q
        )


class EventParams(FilterParams):
    actor: ActorCode | None = Field(None, description="Source or target code prefix.")
    source: ActorCode | None = Field(None, description="Source code prefix.")
    target: ActorCode | None = Field(None, description="Target code prefix.")
    dyad: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9]{2,24}-[A-Za-z0-9]{2,24}$",
        description="SOURCE-TARGET code prefixes, e.g. IRQ-QAT.",
    )

    @field_validator("actor", "source", "target", "dyad")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    def to_query(self, where: EventFilter | None = None) -> EventQuery:
        pair = tuple(self.dyad.split("-", 1)) if self.dyad else None
        return super().to_query(
            EventFilter(actor=self.actor, source=self.source, target=self.target, dyad=pair)
        )


class PageParams(EventParams):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=10_000_000)


class NetworkParams(EventParams):
    level: Literal["country", "actor"] = Field(
        "country", description="Group actors by country (IRQGOV -> IRQ) or keep full codes."
    )


class SeriesParams(FilterParams):
    interval: Literal["day", "week", "month"] = "month"


class ArticlePageParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


class CodeRequest(BaseModel):
    """An article to code: its text, and what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    date: DateText | None = Field(None, description="Publication date, YYYY-MM-DD.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value


class IngestRequest(CodeRequest):
    """An article to code and store."""

    id: str | None = Field(None, min_length=1, max_length=200, description="Your id for it.")
    source: str | None = Field(None, max_length=200, description="The outlet.")
