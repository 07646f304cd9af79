"""Event writers. JSONL carries the full record; CSV flattens it into typed columns."""

from __future__ import annotations

import csv
import json
from typing import Any, Protocol, TextIO

from dragoman.schemas import Event

FLAT_COLUMNS = (
    "event_id",
    "article_id",
    "sentence_index",
    "date",
    "date_precision",
    "date_historical",
    "source_text",
    "source_name",
    "source_code",
    "source_country",
    "source_sector",
    "target_text",
    "target_name",
    "target_code",
    "target_country",
    "target_sector",
    "cameo_code",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "plover_contexts",
    "trigger",
    "negated",
    "intent",
    "hypothetical",
    "reported",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "location_precision",
    "geonames_id",
    "confidence",
    "sentence",
)


def flat_row(event: Event) -> dict[str, Any]:
    """One event as flat columns, shared by CSV and the columnar exports."""
    record = event.to_dict()
    row: dict[str, Any] = {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "date": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_historical": event.date.historical if event.date else None,
        "cameo_code": event.cameo.code,
        "cameo_root": event.cameo.root,
        "quad_class": event.cameo.quad_class,
        "goldstein": event.cameo.goldstein,
        "plover_type": event.plover.type,
        "plover_mode": event.plover.mode,
        "plover_contexts": "|".join(event.plover.contexts),
        "trigger": event.trigger.text,
        "confidence": record["confidence"],
        "sentence": event.sentence,
    }
    for role in ("source", "target"):
        actor = getattr(event, role)
        for field in ("text", "name", "code", "country", "sector"):
            row[f"{role}_{field}"] = getattr(actor, field) if actor else None
    row.update(record["modality"])
    location = event.location
    row.update(
        {
            "location_name": location.name if location else None,
            "location_country": location.country if location else None,
            "lat": location.lat if location else None,
            "lon": location.lon if location else None,
            "location_precision": location.precision if location else None,
            "geonames_id": location.geonames_id if location else None,
        }
    )
    return row


class EventWriter(Protocol):
    def write(self, event: Event) -> None: ...


class JsonlWriter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, event: Event) -> None:
        self.stream.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")


class CsvWriter:
    def __init__(self, stream: TextIO) -> None:
        self.writer = csv.DictWriter(stream, fieldnames=FLAT_COLUMNS)
        self.writer.writeheader()

    def write(self, event: Event) -> None:
        self.writer.writerow(flat_row(event))


WRITERS = {"jsonl": JsonlWriter, "csv": CsvWriter}


def open_writer(fmt: str, stream: TextIO) -> EventWriter:
    try:
        return WRITERS[fmt](stream)
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {sorted(WRITERS)}") from None
