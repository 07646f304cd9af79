"""The POLECAT-style layout: PLOVER-first flat rows that keep the evidence sentence."""

from __future__ import annotations

import csv
import io
from typing import Any

from dragoman.export.polecat import POLECAT_COLUMNS, polecat_record, write_polecat
from dragoman.pipeline import Pipeline
from tests.export.test_gdelt import _actor, _record


def test_keys_are_the_documented_columns_in_order() -> None:
    assert list(polecat_record(_record())) == list(POLECAT_COLUMNS)
    assert len(set(POLECAT_COLUMNS)) == len(POLECAT_COLUMNS)


def test_founding_event_values() -> None:
    row = polecat_record(_record(source_url="https://example.org/story", num_mentions=3))
    assert row["event_id"] == "5c1f0e2a9b3d4c7e"
    assert row["story_id"] == "founding"
    assert row["story_date"] == row["event_date"] == "2021-05-31"
    assert row["date_precision"] == "day"
    assert (row["event_type"], row["event_mode"], row["event_contexts"]) == (
        "CONSULT",
        "meet",
        "security",
    )
    assert (row["quad_code"], row["cameo_code"], row["goldstein"]) == (1, "040", 1.0)
    assert row["modality"] is None
    assert row["actor"] == "Othman al-Ghanimi"
    assert (row["actor_code"], row["actor_country"], row["actor_sector"]) == (
        "IRQGOV",
        "IRQ",
        "GOV",
    )
    assert row["actor_text"] == "Al-Qanemi"
    assert row["recipient"] == "Khalid bin Khalifa Al Thani"
    assert (row["recipient_country"], row["recipient_sector"]) == ("QAT", "GOV")
    assert row["event_text"].startswith("Al-Qanemi first met with")
    assert (row["place_name"], row["country"]) == ("Doha", "QAT")
    assert (row["latitude"], row["longitude"], row["geonameid"]) == (25.2867, 51.5333, 290030)
    assert row["place_precision"] == "city"
    assert (row["num_mentions"], row["num_sources"]) == (3, 1)
    assert row["source_url"] == "https://example.org/story"
    assert row["confidence"] == 0.82


def test_missing_parts_are_none_not_guesses() -> None:
    record: dict[str, Any] = _record(
        source=None,
        location=None,
        date={"value": "2017", "precision": "year", "text": "in 2017", "from_publication": False},
        modality={"negated": True, "intent": False, "hypothetical": False, "reported": True},
        plover={"type": "ASSAULT", "mode": None, "contexts": []},
        target=_actor("ISIS", "Islamic State", "IMGMUSISI", None, "REB"),
    )
    row = polecat_record(record)
    assert row["actor"] is row["actor_country"] is row["place_name"] is row["latitude"] is None
    assert row["story_date"] is None  # the event date did not come from the publication
    assert row["event_date"] == "2017"
    assert row["modality"] == "negated|reported"
    assert row["event_contexts"] is None
    assert (row["recipient_code"], row["recipient_country"]) == ("IMGMUSISI", None)
    assert polecat_record(dict(record, publication_date="2021-05-31"))["story_date"] == "2021-05-31"


def test_written_table_reads_back() -> None:
    records = [_record(), _record(event_id="ffff", sentence="One\ttab and\na newline.")]
    stream = io.StringIO()
    assert write_polecat(records, stream) == 2
    rows = list(csv.DictReader(io.StringIO(stream.getvalue()), delimiter="\t"))
    assert len(rows) == 2
    assert list(rows[0]) == list(POLECAT_COLUMNS)
    assert rows[0]["event_type"] == "CONSULT"
    assert rows[0]["modality"] == ""
    assert rows[1]["event_text"] == "One tab and a newline."


def test_events_from_the_founding_article(pipeline: Pipeline, seed_text: str) -> None:
    events = pipeline.code(seed_text, "2021-10-25", "founding")
    rows = [polecat_record(event.to_dict()) for event in events]
    assert rows and all(list(row) == list(POLECAT_COLUMNS) for row in rows)
    assert {"IRQ", "QAT"} <= {row["actor_country"] for row in rows} | {
        row["recipient_country"] for row in rows
    }
    assert all(row["event_type"] and row["event_text"] for row in rows)
