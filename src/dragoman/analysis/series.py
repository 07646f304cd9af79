"""Dyad time series: how often, and how cooperatively, A acts on B and B on A over time."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from dragoman.store import Store
from dragoman.store.store import EventQuery

Interval = Literal["day", "week", "month"]
MAX_FILLED_PERIODS = 5000
"""Empty periods between the first and last are filled in up to this many (a daily series
over 13 years); longer series list only the periods that have events."""


@dataclass(slots=True)
class Direction:
    events: int = 0
    mentions: int = 0
    goldstein: float = 0.0
    """The sum of the events' Goldstein scores."""


@dataclass(slots=True)
class SeriesPoint:
    period: str
    """``2021-10-25``, ``2021-W42`` or ``2021-10``."""
    start: str
    a_to_b: Direction = field(default_factory=Direction)
    b_to_a: Direction = field(default_factory=Direction)


@dataclass(slots=True)
class DyadSeries:
    a: str
    b: str
    interval: str
    points: list[SeriesPoint]
    undated: int = 0
    """Events of the dyad with no date; they are in no period."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def dyad_series(
    store: Store,
    a: str,
    b: str,
    interval: Interval = "month",
    query: EventQuery | None = None,
) -> DyadSeries:
    """Counts and Goldstein sums per period for A→B and B→A; A and B are code prefixes
    (``IRQ`` takes in ``IRQGOV``). Other filters in ``query`` apply to both directions."""
    query = query or EventQuery()
    buckets: dict[dt.date, SeriesPoint] = {}
    undated = 0
    for direction, pair in (("a_to_b", (a, b)), ("b_to_a", (b, a))):
        where = dataclasses.replace(query.where, dyad=pair, actor=None, source=None, target=None)
        for row in store.event_rows(dataclasses.replace(query, where=where)):
            if not row["date_start"]:
                undated += 1
                continue
            start = period_start(dt.date.fromisoformat(row["date_start"]), interval)
            point = buckets.setdefault(start, _point(start, interval))
            counts: Direction = getattr(point, direction)
            counts.events += 1
            counts.mentions += row["num_mentions"]
            counts.goldstein = round(counts.goldstein + row["goldstein"], 3)
    return DyadSeries(a, b, interval, _filled(buckets, interval), undated)


def period_start(day: dt.date, interval: Interval) -> dt.date:
    """The first day of the period holding ``day`` (weeks start on Monday, as ISO weeks)."""
    if interval == "day":
        return day
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown interval {interval!r}: expected day, week or month")


def _next(start: dt.date, interval: Interval) -> dt.date:
    if interval == "day":
        return start + dt.timedelta(days=1)
    if interval == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _label(start: dt.date, interval: Interval) -> str:
    if interval == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def _point(start: dt.date, interval: Interval) -> SeriesPoint:
    return SeriesPoint(_label(start, interval), start.isoformat())


def _filled(buckets: dict[dt.date, SeriesPoint], interval: Interval) -> list[SeriesPoint]:
    if not buckets:
        return []
    first, last = min(buckets), max(buckets)
    points: list[SeriesPoint] = []
    current = first
    while current <= last and len(points) < MAX_FILLED_PERIODS:
        points.append(buckets.get(current) or _point(current, interval))
        current = _next(current, interval)
    if current <= last:
        return [buckets[start] for start in sorted(buckets)]
    return points
