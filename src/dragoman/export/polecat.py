"""A POLECAT-style layout: one flat, PLOVER-first row per event.

POLECAT (the PLOVER-coded successor to ICEWS) describes an event by its PLOVER type, mode and
contexts, an actor and a recipient with country and sector, and a geocoded place. We keep those
concepts under snake_case names rather than copy POLECAT's column titles, and add the CAMEO code,
the evidence sentence and the counts dragoman has. Lists (contexts, modality) are ``|``-joined,
as in the flat CSV. Countries are ISO 3166 alpha-3, sectors CAMEO/PLOVER codes.

``story_date`` is the publication date when the store passes ``publication_date``, else the event
date when that date was taken from the publication. ``modality`` lists the raised flags
(``negated``, ``intent``, ``hypothetical``, ``reported``) so readers can drop unreal events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TextIO

POLECAT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "story_id",
    "story_date",
    "source_url",
    "event_date",
    "date_precision",
    "event_type",
    "event_mode",
    "event_contexts",
    "quad_code",
    "cameo_code",
    "goldstein",
    "modality",
    "actor",
    "actor_code",
    "actor_country",
    "actor_sector",
    "actor_title",
    "actor_text",
    "recipient",
    "recipient_code",
    "recipient_country",
    "recipient_sector",
    "recipient_title",
    "recipient_text",
    "event_text",
    "place_name",
    "country",
    "latitude",
    "longitude",
    "geonameid",
    "place_precision",
    "num_mentions",
    "num_sources",
    "confidence",
)


def _party(prefix: str, actor: Mapping[str, Any] | None) -> dict[str, Any]:
    actor = actor or {}
    return {
        prefix: actor.get("name"),
        f"{prefix}_code": actor.get("code"),
        f"{prefix}_country": actor.get("country"),
        f"{prefix}_sector": actor.get("sector"),
        f"{prefix}_title": actor.get("role"),
        f"{prefix}_text": actor.get("text"),
    }


def polecat_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """One event record (``Event.to_dict()`` plus store fields) as a POLECAT-style row."""
    date = record.get("date") or {}
    location = record.get("location") or {}
    plover = record.get("plover") or {}
    cameo = record["cameo"]
    story_date = record.get("publication_date") or (
        date.get("value") if date.get("from_publication") else None
    )
    row: dict[str, Any] = {
        "event_id": record["event_id"],
        "story_id": record["article_id"],
        "story_date": story_date,
        "source_url": record.get("source_url"),
        "event_date": date.get("value"),
        "date_precision": date.get("precision"),
        "event_type": plover.get("type"),
        "event_mode": plover.get("mode"),
        "event_contexts": "|".join(plover.get("contexts") or ()) or None,
        "quad_code": cameo.get("quad_class"),
        "cameo_code": cameo.get("code"),
        "goldstein": cameo.get("goldstein"),
        "modality": "|".join(k for k, v in (record.get("modality") or {}).items() if v) or None,
        **_party("actor", record.get("source")),
        **_party("recipient", record.get("target")),
        "event_text": record.get("sentence"),
        "place_name": location.get("name"),
        "country": location.get("country"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geonameid": location.get("geonames_id"),
        "place_precision": location.get("precision"),
        "num_mentions": int(record.get("num_mentions") or 1),
        "num_sources": int(record.get("num_sources") or 1),
        "confidence": record.get("confidence"),
    }
    return row


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def write_polecat(records: Iterable[Mapping[str, Any]], stream: TextIO) -> int:
    """Write a tab-separated table with a header row; returns the number of events written."""
    stream.write("\t".join(POLECAT_COLUMNS) + "\n")
    count = 0
    for record in records:
        row = polecat_record(record)
        stream.write("\t".join(_cell(row[column]) for column in POLECAT_COLUMNS) + "\n")
        count += 1
    return count
