"""`dragoman ingest`, `stats` and `export` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import SEED


def _dragoman(*args):
    return subprocess.run(
        [sys.executable, "-m", "dragoman", *args], capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    (folder / "bad.txt").write_bytes(b"\x00\x00\x00binary")
    (folder / "empty.txt").write_text("  ")
    seed = folder / "seed.txt"
    seed.write_text(
        SEED.read_text()
        if SEED.exists()
        else "Iraq's Interior Minister Othman al-Ghanimi flew to Doha on Monday."
    )
    path = folder / "events.db"
    done = _dragoman("ingest", str(folder), "--db", str(path), "--date", "2021-10-25")
    assert done.returncode == 3, done.stderr  # two inputs rejected, the batch completed
    assert "bad.txt" in done.stderr and "empty.txt" in done.stderr
    return path


def test_stats(db):
    counts = json.loads(_dragoman("stats", "--db", str(db), "--json").stdout)
    assert counts["articles"] == 1 and counts["errors"] == 2 and counts["events"] >= 1
    assert set(counts) == {
        "articles",
        "events",
        "mentions",
        "errors",
        "sources",
        "first_date",
        "last_date",
    }


def test_gdelt_export_has_61_coded_columns(db):
    done = _dragoman("export", "--db", str(db), "--format", "gdelt")
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert rows and all(len(row) == 61 for row in rows)
    visit = next(r for r in rows if r[26] == "042" and r[15] == "QAT")  # EventCode, Actor2Code
    assert visit[5].startswith("IRQ")
    assert visit[53] == "QA"  # ActionGeo_CountryCode, in FIPS 10-4


def test_csv_jsonl_polecat_and_filters(db):
    rows = list(
        csv.DictReader(
            io.StringIO(
                _dragoman("export", "--db", str(db), "--format", "csv", "--dyad", "IRQ-QAT").stdout
            )
        )
    )
    assert rows and all(
        r["source_code"].startswith("IRQ") and r["target_code"].startswith("QAT") for r in rows
    )
    records = [
        json.loads(line)
        for line in _dragoman(
            "export", "--db", str(db), "--format", "jsonl", "--code", "04"
        ).stdout.splitlines()
    ]
    assert records and all(r["cameo"]["code"].startswith("04") for r in records)
    assert all(r["mentions"] and r["num_mentions"] == len(r["mentions"]) for r in records)
    polecat = _dragoman("export", "--db", str(db), "--format", "polecat").stdout.splitlines()
    assert polecat[0].split("\t")[0] and len(polecat) > 1


def test_parquet_export_is_typed(db, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    assert (
        _dragoman("export", "--db", str(db), "--format", "parquet", "--out", str(out)).returncode
        == 0
    )
    table = pq.read_table(out)
    assert table.num_rows >= 1
    assert str(table.schema.field("quad_class").type) == "int64"
    assert str(table.schema.field("goldstein").type) == "double"


def test_unusable_database_is_a_fatal_error(tmp_path):
    done = _dragoman("ingest", "-", "--db", str(tmp_path))
    assert done.returncode == 1 and "cannot open" in done.stderr
