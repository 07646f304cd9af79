"""Where events happened: one point per resolved place, for the map."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dragoman.store import Store
from dragoman.store.store import EventQuery


@dataclass(slots=True)
class LocationPoint:
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int = 0
    goldstein_mean: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def event_locations(store: Store, query: EventQuery | None = None) -> list[LocationPoint]:
    """Events with coordinates grouped by place, most eventful first."""
    points: dict[tuple[float, float, str | None], LocationPoint] = {}
    totals: dict[tuple[float, float, str | None], float] = {}
    for row in store.event_rows(query):
        if row["lat"] is None or row["lon"] is None:
            continue
        key = (row["lat"], row["lon"], row["location_name"])
        point = points.setdefault(
            key, LocationPoint(row["location_name"], row["country"], row["lat"], row["lon"])
        )
        point.events += 1
        totals[key] = totals.get(key, 0.0) + row["goldstein"]
    for key, point in points.items():
        point.goldstein_mean = round(totals[key] / point.events, 3)
    return sorted(points.values(), key=lambda p: (-p.events, p.name or ""))
