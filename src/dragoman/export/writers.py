"""Event writers. JSONL carries the full record; CSV and Parquet flatten it into typed columns.

Every writer takes the DESIGN.md record (``Event.to_dict()``, or a stored event with its
``num_mentions``/``num_articles``/``num_sources`` and ``mentions``), so `dragoman code` and
`dragoman export` share them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

FLAT_COLUMNS: dict[str, str] = {
    "event_id": "string", "article_id": "string", "sentence_index": "int64",
    "date": "string", "date_precision": "string", "date_historical": "bool",
    "source_text": "string", "source_name": "string", "source_code": "string",
    "source_country": "string", "source_sector": "string",
    "target_text": "string", "target_name": "string", "target_code": "string",
    "target_country": "string", "target_sector": "string",
    "cameo_code": "string", "cameo_root": "string", "quad_class": "int64",
    "goldstein": "float64", "plover_type": "string", "plover_mode": "string",
    "plover_contexts": "string", "trigger": "string", "negated": "bool", "intent": "bool",
    "hypothetical": "bool", "reported": "bool", "location_name": "string",
    "location_country": "string", "lat": "float64", "lon": "float64",
    "location_precision": "string", "geonames_id": "int64", "confidence": "float64",
    "num_mentions": "int64", "num_articles": "int64", "num_sources": "int64",
    "sentence": "string",
}  # fmt: skip
"""Flat column names and their types (Arrow type names)."""


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """One event record as flat columns."""
    date = record.get("date") or {}
    location = record.get("location") or {}
    row: dict[str, Any] = {
        "event_id": record["event_id"], "article_id": record["article_id"],
        "sentence_index": record["sentence_index"], "date": date.get("value"),
        "date_precision": date.get("precision"), "date_historical": date.get("historical"),
        "cameo_code": record["cameo"]["code"], "cameo_root": record["cameo"]["root"],
        "quad_class": record["cameo"]["quad_class"], "goldstein": record["cameo"]["goldstein"],
        "plover_type": record["plover"]["type"], "plover_mode": record["plover"]["mode"],
        "plover_contexts": "|".join(record["plover"]["contexts"]),
        "trigger": record["trigger"]["text"], "confidence": record["confidence"],
        "location_name": location.get("name"), "location_country": location.get("country"),
        "lat": location.get("lat"), "lon": location.get("lon"),
        "location_precision": location.get("precision"),
        "geonames_id": location.get("geonames_id"),
        "num_mentions": record.get("num_mentions", 1),
        "num_articles": record.get("num_articles", 1),
        "num_sources": record.get("num_sources", 1), "sentence": record["sentence"],
    }  # fmt: skip
    for role in ("source", "target"):
        actor = record.get(role) or {}
        for field in ("text", "name", "code", "country", "sector"):
            row[f"{role}_{field}"] = actor.get(field)
    row.update(record["modality"])
    return {column: row.get(column) for column in FLAT_COLUMNS}


def write_jsonl(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=list(FLAT_COLUMNS))
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(flat_row(record))
        count += 1
    return count


def write_parquet(
    records: Iterable[dict[str, Any]],
    path: Path,
    batch: int = 10_000,
    extra_columns: Mapping[str, str] | None = None,
) -> int:
    """Flat columns with their types, written in row groups so memory stays bounded;
    ``extra_columns`` (name -> Arrow type name) are taken from each record as they are."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:  # pragma: no cover - pyarrow is a dependency
        raise RuntimeError("Parquet export needs pyarrow: pip install pyarrow") from error
    extra = dict(extra_columns or {})
    columns = {**FLAT_COLUMNS, **extra}
    schema = pa.schema([(name, pa.type_for_alias(kind)) for name, kind in columns.items()])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[dict[str, Any]] = []
        for record in records:
            rows.append({**flat_row(record), **{name: record.get(name) for name in extra}})
            count += 1
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or count == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return count


def write_records(fmt: str, records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write records in a text format (jsonl, csv, gdelt, polecat); returns how many."""
    from dragoman.export.gdelt import write_gdelt
    from dragoman.export.polecat import write_polecat

    writers = {
        "jsonl": write_jsonl,
        "csv": write_csv,
        "gdelt": write_gdelt,
        "polecat": write_polecat,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {sorted(writers)}")
    return writers[fmt](records, stream)
