"""When two mentions tell the same real-world event.

Same dyad (source and target codes), same CAMEO base code (the first three digits: a visit
and a meeting stay apart), dates whose spans, widened by a window that grows with their
imprecision, overlap, and compatible locations (same country, and for two city-level points
no more than 100 km apart).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

DAY_WINDOW = dt.timedelta(days=3)
"""Reports of a day-precise event may date it a couple of days apart (time zones, "Monday"
in a Tuesday paper)."""
NEAR_KM = 100.0


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: dt.date
    end: dt.date


def date_span(
    value: str | None, precision: str | None, fallback: dt.date | None
) -> DateSpan | None:
    """The days an event date covers, widened for day precision; None when unknown."""
    if not value:
        if fallback is None:
            return None
        return DateSpan(fallback - DAY_WINDOW, fallback + DAY_WINDOW)
    first, _, last = value.partition("/")
    start, end = _bounds(first)[0], _bounds(last or first)[1]
    if precision == "day":
        start, end = start - DAY_WINDOW, end + DAY_WINDOW
    return DateSpan(start, end)


def _bounds(value: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def dates_compatible(left: DateSpan | None, right: DateSpan | None) -> bool:
    if left is None or right is None:
        return True
    return left.start <= right.end and right.start <= left.end


def places_compatible(left: dict | None, right: dict | None) -> bool:
    if not left or not right:
        return True
    if left.get("country") and right.get("country") and left["country"] != right["country"]:
        return False
    if left.get("precision") == right.get("precision") == "city" and None not in (
        left.get("lat"),
        left.get("lon"),
        right.get("lat"),
        right.get("lon"),
    ):
        return great_circle_km(left["lat"], left["lon"], right["lat"], right["lon"]) <= NEAR_KM
    return True


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radians = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * radians / 2) ** 2
        + math.cos(lat1 * radians)
        * math.cos(lat2 * radians)
        * math.sin((lon2 - lon1) * radians / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(a))
