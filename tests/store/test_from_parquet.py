"""`dragoman ingest --from-parquet`: Spark's event output gives the store of `dragoman ingest`."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dragoman.cli import app
from dragoman.export.writers import FLAT_COLUMNS, write_parquet
from dragoman.schemas import Article, ArticleResult
from dragoman.store import Store
from dragoman.store.parquet import (
    STORE_COLUMNS,
    ParquetInputError,
    ingest_parquet,
    read_coded_articles,
    store_columns,
)
from tests.store.test_store import VISIT_REPORTS
from tests.test_spark import DEFAULT_DATE, _corpus_records, needs_spark

runner = CliRunner()


def _articles() -> list[Article]:
    """Three outlets telling one visit (merged across articles), a follow-up, and articles of
    development sentences."""
    visit = dt.date(2021, 3, 31)
    articles = [
        Article(name, text, source=outlet, date=visit, url=f"https://news.example/{name}")
        for name, outlet, text in VISIT_REPORTS
    ]
    articles.append(
        Article(
            "wire-d",
            "Al-Kadhimi's visit to Saudi Arabia on Monday was his first abroad. Iraq's "
            "foreign minister met his Iranian counterpart in Baghdad on Tuesday.",
            title="Firsts",
            source="Wire D",
            date=visit,
        )
    )
    for record in _corpus_records()[:5]:
        date = dt.date.fromisoformat(record.get("date", DEFAULT_DATE))
        articles.append(Article(record["id"], record["text"], date=date))
    return articles


def _rows(results: list[ArticleResult]) -> list[dict]:
    """Event rows as `dragoman spark` writes them, in the scrambled order of its date
    partitions."""
    rows = []
    for position, result in enumerate(results, 1):
        for index, event in enumerate(result.events):
            record = event.to_dict()
            rows.append({**record, **store_columns(result.article, position, index, record)})
    return sorted(rows, key=lambda row: (row["date"] or {}).get("value") or "", reverse=True)


def _snapshot(db: Path) -> tuple[list[dict], dict]:
    """The events with their mentions, and the counts; not those of articles or errors, as
    Spark's output holds neither articles without events nor the articles it rejected."""
    with Store(db) as store:
        counts = store.stats()
        del counts["articles"], counts["errors"]
        return list(store.events()), counts


@pytest.fixture(scope="module")
def results(pipeline) -> list[ArticleResult]:
    return list(pipeline.process(_articles()))


@pytest.fixture(scope="module")
def local_db(results, tmp_path_factory) -> Path:
    """The store `dragoman ingest` builds: each coded article added in input order."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    with Store(db) as store:
        for result in results:
            store.add(result)
    return db


@pytest.fixture(scope="module")
def parquet(results, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "events.parquet"
    write_parquet(_rows(results), path, batch=7, extra_columns=STORE_COLUMNS)
    return path


def test_the_rows_carry_the_flat_columns_and_the_store_columns(parquet, results):
    table = pq.read_table(parquet)
    assert table.column_names == [*FLAT_COLUMNS, *STORE_COLUMNS]
    assert table.num_rows == sum(len(r.events) for r in results) > 15


def test_articles_come_back_in_input_order_with_their_events(parquet, results):
    coded = list(read_coded_articles(parquet))
    with_events = [r for r in results if r.events]
    assert [c.article for c in coded] == [r.article for r in with_events]
    assert [c.events for c in coded] == [[e.to_dict() for e in r.events] for r in with_events]


def test_parquet_gives_the_store_of_dragoman_ingest(parquet, local_db, tmp_path):
    db = tmp_path / "from-parquet.db"
    with Store(db) as store:
        outcomes = list(ingest_parquet(store, parquet))
    assert {o.status for o in outcomes} == {"added"}
    events, counts = _snapshot(db)
    assert (events, counts) == _snapshot(local_db)
    visit = next(e for e in events if e["num_articles"] >= 3)  # merged across outlets
    assert visit["cameo"]["code"] == "042" and visit["num_sources"] >= 3
    assert visit["mentions"][0]["article_id"] == "wire-a"  # the first article's id stays


def test_a_second_run_adds_nothing(parquet, local_db, tmp_path):
    db = tmp_path / "twice.db"
    with Store(db) as store:
        list(ingest_parquet(store, parquet))
    before = _snapshot(db)
    with Store(db) as store:
        assert {o.status for o in ingest_parquet(store, parquet)} == {"duplicate"}
    assert _snapshot(db) == before
    with Store(local_db) as store:  # articles coded locally are the same articles
        assert {o.status for o in ingest_parquet(store, parquet)} == {"duplicate"}


def test_a_killed_run_resumes_to_the_same_store(parquet, local_db, tmp_path):
    db = tmp_path / "resumed.db"
    with Store(db) as store:
        for done, _ in enumerate(ingest_parquet(store, parquet), 1):
            if done == 3:
                break  # the reader stops mid-way; three articles are committed
    with Store(db) as store:
        assert store.stats()["articles"] == 3
        statuses = [o.status for o in ingest_parquet(store, parquet)]
    assert statuses[:3] == ["duplicate"] * 3 and set(statuses[3:]) == {"added"}
    assert _snapshot(db) == _snapshot(local_db)


def test_a_damaged_article_is_an_error_and_the_batch_goes_on(results, tmp_path):
    rows = _rows(results)
    damaged = rows[0]["article_id"]
    for row in rows:
        if row["article_id"] == damaged:
            row["record"] = row["record"][:40]
    path = tmp_path / "damaged.parquet"
    write_parquet(rows, path, extra_columns=STORE_COLUMNS)
    db = tmp_path / "damaged.db"
    done = runner.invoke(app, ["ingest", "--from-parquet", str(path), "--db", str(db)])
    assert done.exit_code == 3, done.output
    assert f"article {damaged}: damaged row" in done.output
    with Store(db) as store:
        counts = store.stats()
    assert counts["errors"] == 1
    assert counts["articles"] == len([r for r in results if r.events]) - 1


def test_not_parquet_or_a_flat_export_is_a_clear_error(results, tmp_path):
    text = tmp_path / "events.jsonl"
    text.write_text('{"event_id": "x"}\n')
    flat = tmp_path / "flat.parquet"
    write_parquet([e.to_dict() for r in results for e in r.events], flat)
    db = tmp_path / "never.db"
    for path, message in (
        (text, "is not readable Parquet"),
        (flat, "lacks the columns article_key"),
        (tmp_path / "missing", "no such file or directory"),
    ):
        with pytest.raises(ParquetInputError, match=message):
            next(read_coded_articles(path))
        done = runner.invoke(app, ["ingest", "--from-parquet", str(path), "--db", str(db)])
        assert done.exit_code == 1, done.output
        assert "error" in done.output and message in " ".join(done.output.split())
    with Store(db) as store:
        assert store.stats()["articles"] == 0


def test_inputs_or_from_parquet_not_both(parquet, tmp_path):
    db = str(tmp_path / "x.db")
    assert runner.invoke(app, ["ingest", "--db", db]).exit_code == 2
    both = runner.invoke(app, ["ingest", "a.txt", "--from-parquet", str(parquet), "--db", db])
    assert both.exit_code == 2


# -- the real thing: `dragoman spark` in local[2], then --from-parquet -----------------------
@pytest.fixture(scope="module")
def spark_corpus(tmp_path_factory) -> Path:
    """The Spark test's corpus (one article without an id, one empty) plus three outlets
    telling one visit, so events merge across articles."""
    path = tmp_path_factory.mktemp("spark-corpus") / "articles.jsonl"
    records = _corpus_records()
    for name, outlet, text in VISIT_REPORTS:
        records.append({"id": name, "text": text, "source": outlet, "date": "2021-03-31"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@needs_spark
def test_spark_output_gives_the_store_of_dragoman_ingest(spark_corpus, tmp_path):
    out = tmp_path / "spark-events"
    spark_args = ["--out", str(out), "--master", "local[2]", "--date", DEFAULT_DATE]
    done = runner.invoke(app, ["spark", str(spark_corpus), *spark_args])
    assert done.exit_code == 3, done.output  # the empty article
    partitions = [p for p in out.iterdir() if p.name.startswith("date_partition=")]
    assert len(partitions) > 3

    local = tmp_path / "local.db"
    done = runner.invoke(
        app, ["ingest", str(spark_corpus), "--db", str(local), "--date", DEFAULT_DATE, "-q"]
    )
    assert done.exit_code == 3, done.output

    db = tmp_path / "spark.db"
    done = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", str(db)])
    assert done.exit_code == 0, done.output
    events, counts = _snapshot(db)
    assert (events, counts) == _snapshot(local)
    assert any(e["num_articles"] == 3 for e in events)
    assert any(m["article_id"] == "articles.jsonl:8" for e in events for m in e["mentions"])
    with sqlite3.connect(db) as stored, sqlite3.connect(local) as coded:
        query = "SELECT article_key, article_id, published, text, n_events FROM articles"
        assert set(stored.execute(query + " WHERE n_events > 0")) == set(
            coded.execute(query + " WHERE n_events > 0")
        )

    again = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "0 article(s) coded, 0 events" in again.output
    assert _snapshot(db) == (events, counts)

    part = next(partitions[0].glob("part-*.parquet"))  # one file of the output
    single = tmp_path / "single.db"
    done = runner.invoke(app, ["ingest", "--from-parquet", str(part), "--db", str(single)])
    assert done.exit_code == 0, done.output
    with Store(single) as store:
        assert 0 < store.stats()["mentions"] < counts["mentions"]

    bad = runner.invoke(app, ["ingest", "--from-parquet", str(spark_corpus), "--db", str(db)])
    assert bad.exit_code == 1
    assert "not readable Parquet" in " ".join(bad.output.split())
