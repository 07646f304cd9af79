"""The Spark job gives the events of `dragoman code`, run in local[2] on a small corpus."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dragoman.cli import app as cli_app
from dragoman.export.writers import FLAT_COLUMNS, flat_row
from dragoman.spark import (
    PARTITION_COLUMN,
    SPARK_TYPES,
    code_dataframe,
    partition_date,
    register,
    rejected_articles,
)
from dragoman.store.parquet import RECORD_COLUMN, STORE_COLUMNS
from tests.conftest import DATA

HAS_PYSPARK = importlib.util.find_spec("pyspark") is not None
HAS_JAVA = bool(shutil.which("java") or os.environ.get("JAVA_HOME"))
needs_spark = pytest.mark.skipif(
    not (HAS_PYSPARK and HAS_JAVA),
    reason="needs pyspark (pip install 'dragoman[spark]') and Java 17 on PATH or JAVA_HOME",
)
DEFAULT_DATE = "2022-02-02"
runner = CliRunner()


def _corpus_records() -> list[dict]:
    """12 articles of four development sentences each, spread over the CAMEO roots; one has
    no date (takes --date), one no id (takes FILE:LINE), one is empty (rejected)."""
    lines = (DATA / "events_dev_01_10.jsonl").read_text(encoding="utf-8").splitlines()
    sentences = [json.loads(line) for line in lines]
    step = len(sentences) // 12
    records = []
    for number in range(12):
        picked = sentences[number * step : number * step + 4]
        text = (
            " ".join(s["text"] for s in picked[:2])
            + "\n\n"
            + " ".join(s["text"] for s in picked[2:])
        )
        records.append({"id": f"spark-{number:02d}", "text": text, "date": picked[0]["date"]})
    del records[3]["date"]
    del records[7]["id"]
    records.append({"id": "spark-empty", "text": "   ", "date": "2021-01-01"})
    return records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spark") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for record in _corpus_records():
            stream.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def expected(corpus: Path, tmp_path_factory) -> dict[str, dict]:
    """`dragoman code` on the corpus: event records by id."""
    out = tmp_path_factory.mktemp("code") / "events.jsonl"
    done = runner.invoke(
        cli_app, ["code", str(corpus), "--date", DEFAULT_DATE, "--out", str(out), "--quiet"]
    )
    assert done.exit_code == 3, done.output  # the empty article is rejected
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) > 30
    return {record["event_id"]: record for record in records}


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("dragoman-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _signature(record: dict) -> tuple:
    return (
        record["cameo"]["code"],
        (record["source"] or {}).get("code"),
        (record["target"] or {}).get("code"),
    )


def test_importing_the_module_does_not_import_pyspark():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, dragoman.spark; print('pyspark' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "False", done.stderr


def test_partition_is_the_first_day_of_the_event_date_else_publication():
    published = dt.date(2021, 6, 1)
    assert partition_date("2021-05-31", published) == "2021-05-31"
    assert partition_date("2021-05", published) == "2021-05-01"
    assert partition_date("2017", published) == "2017-01-01"
    assert partition_date("2021-03-01/2021-03-07", published) == "2021-03-01"
    assert partition_date(None, published) == "2021-06-01"
    assert partition_date(None, None) is None


def test_pipeline_process_agrees_with_dragoman_code(corpus, expected, pipeline):
    from dragoman.ingest import read_inputs
    from dragoman.schemas import Article

    articles = [
        a for a in read_inputs([str(corpus)], dt.date(2022, 2, 2)) if isinstance(a, Article)
    ]
    events = [e.to_dict() for r in pipeline.process(articles) for e in r.events]
    assert {e["event_id"]: _signature(e) for e in events} == {
        k: _signature(v) for k, v in expected.items()
    }
    assert any(e["article_id"] == "articles.jsonl:8" for e in events)  # the one without an id


@needs_spark
def test_code_dataframe_gives_the_events_of_dragoman_code(spark, expected):
    records = [r for r in _corpus_records() if "id" in r]
    rows = [(r["id"], r["text"], r.get("date")) for r in records]
    articles = spark.createDataFrame(rows, "id string, text string, date string")

    coded = code_dataframe(articles, default_date=DEFAULT_DATE)
    types = dict(coded.dtypes)
    assert types == {
        **{name: SPARK_TYPES[kind] for name, kind in FLAT_COLUMNS.items()},
        PARTITION_COLUMN: "string",
        **{name: SPARK_TYPES[kind] for name, kind in STORE_COLUMNS.items()},
    }
    got = {row["event_id"]: row.asDict() for row in coded.collect()}

    wanted = {k: v for k, v in expected.items() if v["article_id"] != "articles.jsonl:8"}
    assert set(got) == set(wanted)
    for event_id, record in wanted.items():
        row = got[event_id]
        assert {k: row[k] for k in FLAT_COLUMNS} == flat_row(record)
        assert json.loads(row[RECORD_COLUMN]) == record  # what the store takes back
        published = next(
            r.get("date", DEFAULT_DATE) for r in records if r["id"] == row["article_id"]
        )
        assert row[PARTITION_COLUMN] == partition_date(
            (record["date"] or {}).get("value"), dt.date.fromisoformat(published)
        )

    rejected = rejected_articles(articles, default_date=DEFAULT_DATE).collect()
    assert [(r["input"], r["reason"]) for r in rejected] == [
        ("id spark-empty", "empty article: no text after normalisation")
    ]


@needs_spark
def test_spark_command_writes_the_events_of_dragoman_code(spark, corpus, expected, tmp_path):
    app = typer.Typer()
    register(app)
    app.command("version")(lambda: None)  # keep `spark` a subcommand, as in the real CLI

    parquet = tmp_path / "parquet"
    done = runner.invoke(
        app,
        [
            "spark",
            str(corpus),
            "--out",
            str(parquet),
            "--master",
            "local[2]",
            "--date",
            DEFAULT_DATE,
        ],
    )
    assert done.exit_code == 3, done.output
    assert "empty article" in done.output

    table = spark.read.parquet(str(parquet)).collect()
    got = {row["event_id"]: row for row in table}
    assert set(got) == set(expected)
    for event_id, record in expected.items():
        row = got[event_id]
        assert (row["cameo_code"], row["source_code"], row["target_code"]) == _signature(record)
    assert {p.name for p in parquet.iterdir() if p.is_dir()} == {
        f"{PARTITION_COLUMN}={row[PARTITION_COLUMN]}" for row in table
    }

    jsonl = tmp_path / "jsonl"
    done = runner.invoke(
        app,
        ["spark", str(corpus), "--out", str(jsonl), "--format", "jsonl", "--date", DEFAULT_DATE],
    )
    assert done.exit_code == 3, done.output
    lines = [
        line for part in sorted(jsonl.rglob("part-*")) for line in part.read_text().splitlines()
    ]
    assert {r["event_id"]: r for r in map(json.loads, lines)} == expected

    again = runner.invoke(app, ["spark", str(corpus), "--out", str(jsonl)])
    assert again.exit_code == 1
    assert "--overwrite" in again.output
