"""Coded events from Parquet into the store: `dragoman ingest --from-parquet`.

`dragoman spark` writes one row per event mention, partitioned by date, so one article's
events may sit in several folders and articles lose their input order. Besides the flat
export columns each row carries ``STORE_COLUMNS``: the article (its text, for evidence, and
its key, so the same article coded locally is recognised), its position in the input, the
event's place in the article and the full event record. This module gathers the rows back
into articles, in input order, and hands each to :meth:`Store.add_records`: the store's own
transaction and dedup, so the result is that of `dragoman ingest` on the same articles.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dragoman.schemas import Article, InputError
from dragoman.store.store import AddOutcome, Store, article_key

RECORD_COLUMN = "record"
STORE_COLUMNS: dict[str, str] = {
    "article_key": "string",
    "article_position": "int64",
    "article_title": "string",
    "article_url": "string",
    "article_source": "string",
    "article_published": "string",
    "article_text": "string",
    "event_index": "int64",
    RECORD_COLUMN: "string",
}
"""Columns (Arrow type names) that, with ``article_id``, let the store take rows back."""
NEEDED_COLUMNS = ("article_id", *STORE_COLUMNS)
RECORD_FIELDS = ("event_id", "sentence_index", "confidence", "source", "target", "cameo", "plover")
"""What the store reads from an event record besides its optional date and location."""
READ_BATCH_ROWS = 1_000
"""Rows per Arrow batch read: each row holds its article's text, so keep batches small."""


class ParquetInputError(ValueError):
    """The input is not Parquet, or not event rows the store can take back."""


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with its events (DESIGN.md records) in the order the coder gave them."""

    article: Article
    events: list[dict[str, Any]]


def store_columns(
    article: Article, position: int | None, index: int, record: dict[str, Any]
) -> dict[str, Any]:
    """The ``STORE_COLUMNS`` of one event row: ``position`` orders articles as the input
    did, ``index`` the event within its article."""
    return {
        "article_key": article_key(article),
        "article_position": position,
        "article_title": article.title,
        "article_url": article.url,
        "article_source": article.source,
        "article_published": article.date.isoformat() if article.date else None,
        "article_text": article.text,
        "event_index": index,
        RECORD_COLUMN: json.dumps(record, ensure_ascii=False),
    }


def read_coded_articles(path: Path | str) -> Iterator[CodedArticle | InputError]:
    """The articles of a Parquet file or folder of event rows (partition folders such as
    ``date_partition=2021-05-31/`` are read too), in input order, each with its events.

    Rows are staged in a temporary SQLite file first, so memory stays bounded however large
    the output. Raises ``ParquetInputError`` before yielding anything when the input is not
    such Parquet; an article whose rows are damaged becomes an ``InputError``."""
    dataset = _dataset(Path(path))
    with tempfile.TemporaryDirectory(prefix="dragoman-parquet-") as folder:
        stage = sqlite3.connect(Path(folder) / "stage.db", isolation_level=None)
        try:
            _stage(stage, dataset, Path(path))
            yield from _staged_articles(stage, Path(path))
        finally:
            stage.close()


def ingest_parquet(store: Store, path: Path | str) -> Iterator[AddOutcome | InputError]:
    """Add every article of ``path`` to ``store``, one transaction each, as `dragoman ingest`
    adds coded articles; articles already stored come back ``duplicate``. A damaged article
    is recorded in the store's errors and yielded; the others go on."""
    for item in read_coded_articles(path):
        outcome = _add(store, item, Path(path)) if isinstance(item, CodedArticle) else item
        if isinstance(outcome, InputError):
            store.add_error(outcome)
        yield outcome


def _add(store: Store, coded: CodedArticle, path: Path) -> AddOutcome | InputError:
    try:
        return store.add_records(coded.article, coded.events)
    except (KeyError, TypeError, ValueError) as error:  # rolled back by the store
        where = f"{path}: article {coded.article.id}"
        return InputError(where, f"an event record the store cannot read: {error!r}")


def _dataset(path: Path) -> Any:
    import pyarrow as pa
    import pyarrow.dataset as ds

    if not path.exists():
        raise ParquetInputError(f"no such file or directory: {path}")
    try:
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
    except (pa.ArrowInvalid, OSError) as error:
        raise ParquetInputError(f"{path} is not readable Parquet: {error}") from error
    missing = [name for name in NEEDED_COLUMNS if name not in dataset.schema.names]
    if missing:
        raise ParquetInputError(
            f"{path} lacks the columns {', '.join(missing)}: it is not the event output of "
            "`dragoman spark` (flat exports such as `dragoman export --format parquet` carry "
            "neither the articles nor the full event records); code the articles with "
            "`dragoman spark` or `dragoman ingest`"
        )
    return dataset


def _stage(stage: sqlite3.Connection, dataset: Any, path: Path) -> None:
    import pyarrow as pa

    stage.execute(
        "CREATE TABLE articles (position INTEGER, key TEXT, article_id TEXT, title TEXT,"
        " url TEXT, source TEXT, published TEXT, text TEXT, PRIMARY KEY (position, key))"
    )
    stage.execute(
        "CREATE TABLE events (position INTEGER, key TEXT, event_index INTEGER, record TEXT)"
    )
    stage.execute("BEGIN")
    try:
        for batch in dataset.to_batches(columns=list(NEEDED_COLUMNS), batch_size=READ_BATCH_ROWS):
            rows = batch.to_pylist()
            stage.executemany(
                "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        row["article_position"],
                        row["article_key"],
                        row["article_id"],
                        row["article_title"],
                        row["article_url"],
                        row["article_source"],
                        row["article_published"],
                        row["article_text"],
                    )
                    for row in rows
                ],
            )
            stage.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?)",
                [
                    (row["article_position"], row["article_key"], row["event_index"], row["record"])
                    for row in rows
                ],
            )
    except (pa.ArrowException, OSError) as error:
        stage.execute("ROLLBACK")
        raise ParquetInputError(f"cannot read {path}: {error}") from error
    stage.execute("COMMIT")
    stage.execute("CREATE INDEX events_article ON events (position, key, event_index)")


def _staged_articles(stage: sqlite3.Connection, path: Path) -> Iterator[CodedArticle | InputError]:
    articles = stage.execute(
        "SELECT position, key, article_id, title, url, source, published, text FROM articles"
        " ORDER BY position, key"
    )
    for position, key, article_id, title, url, source, published, text in articles:
        where = f"{path}: article {article_id or key}"
        records = [
            row[0]
            for row in stage.execute(
                "SELECT record FROM events WHERE position IS ? AND key IS ?"
                " ORDER BY event_index, rowid",
                (position, key),
            )
        ]
        try:
            date = dt.date.fromisoformat(published) if published else None
            events = [json.loads(record) for record in records]
        except (TypeError, ValueError) as error:
            yield InputError(where, f"damaged row: {error}")
            continue
        if not article_id or not isinstance(text, str):
            yield InputError(where, "row without the article's id or text")
            continue
        if not all(isinstance(e, dict) and all(f in e for f in RECORD_FIELDS) for e in events):
            yield InputError(where, f"an event record lacks one of {', '.join(RECORD_FIELDS)}")
            continue
        article = Article(article_id, text, title=title, url=url, source=source, date=date)
        if article_key(article) != key:
            yield InputError(where, "article_key does not match the article's text and url")
            continue
        yield CodedArticle(article, events)
