"""The embedded event database: articles, their actor mentions, events and their mentions.

Every article is stored in one transaction, so a run killed at any point leaves either the
whole article or none of it; articles are keyed by a content hash, so running the same input
again adds nothing. Mentions of one real-world event, in one article or many, are merged into
one event whose id is that of its first mention and never changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dragoman import __version__
from dragoman.schemas import Article, ArticleResult, InputError
from dragoman.store.dedup import date_span, dates_compatible, places_compatible
from dragoman.store.schema import MIGRATIONS, VERSION


class StoreError(RuntimeError):
    """The database cannot be used (unreadable, read-only, full, or from a newer version)."""


@dataclass(frozen=True, slots=True)
class AddOutcome:
    status: str  # added | duplicate | replaced
    events: int = 0
    new_events: int = 0


@dataclass(frozen=True, slots=True)
class EventFilter:
    since: str | None = None
    until: str | None = None
    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    code: str | None = None


def article_key(article: Article) -> str:
    """Content hash of the normalised text and url: the same article twice is one article."""
    text = " ".join(article.text.split())
    return hashlib.sha256(f"{text}\n{article.url or ''}".encode()).hexdigest()


class Store:
    """A SQLite file in WAL mode; nothing to start."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the database {self.path}: {error}") from error

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise StoreError(f"{self.path} was written by a newer dragoman (schema {version})")
        for number in range(version, VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except sqlite3.Error:
                self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def has(self, article: Article) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM articles WHERE article_key = ?", (article_key(article),)
            ).fetchone()
            is not None
        )

    def add(self, result: ArticleResult) -> AddOutcome:
        """Store one coded article atomically; an unchanged article is left as it is, a changed
        one (same url, new text) replaces its old version and events."""
        return self.add_records(
            result.article,
            [event.to_dict() for event in result.events],
            [mention.to_dict() for mention in result.actors],
        )

    def add_records(
        self,
        article: Article,
        events: Sequence[dict[str, Any]],
        actors: Sequence[dict[str, Any]] = (),
    ) -> AddOutcome:
        """:meth:`add` for an article whose events (and actor mentions) arrive as DESIGN.md
        records, as Spark's event output carries them: the same transaction, the same dedup."""
        key = article_key(article)
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                outcome = self._add(article, events, actors, key)
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise StoreError(f"cannot write to {self.path}: {error}") from error
        return outcome

    def _add(
        self,
        article: Article,
        events: Sequence[dict[str, Any]],
        actors: Sequence[dict[str, Any]],
        key: str,
    ) -> AddOutcome:
        if self.db.execute("SELECT 1 FROM articles WHERE article_key = ?", (key,)).fetchone():
            return AddOutcome("duplicate")
        status = "added"
        if article.url:
            old = self.db.execute(
                "SELECT article_key FROM articles WHERE url = ?", (article.url,)
            ).fetchall()
            for row in old:
                self._remove_article(row["article_key"])
                status = "replaced"
        self.db.execute(
            "INSERT INTO articles (article_key, article_id, url, title, source, published, text,"
            " n_events, coded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                article.id,
                article.url,
                article.title,
                article.source,
                article.date.isoformat() if article.date else None,
                article.text,
                len(events),
                __version__,
            ),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO actor_mentions (article_key, start, end, code, record)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (key, m["start"], m["end"], m["code"], json.dumps(m, ensure_ascii=False))
                for m in actors
            ],
        )
        touched: set[str] = set()
        new_events = 0
        for record in events:
            event_id = self._matching_event(record, article.date)
            if event_id is None:
                event_id = self._new_event_id(record["event_id"], key)
                self._insert_event(event_id, record, article.date)
                new_events += 1
            mention_id = hashlib.sha1(f"{key}|{record['event_id']}".encode()).hexdigest()[:16]
            self.db.execute(
                "INSERT OR IGNORE INTO mentions (mention_id, event_id, article_key,"
                " sentence_index, confidence, record) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    mention_id,
                    event_id,
                    key,
                    record["sentence_index"],
                    record["confidence"],
                    json.dumps(record, ensure_ascii=False),
                ),
            )
            touched.add(event_id)
        self._recount(touched)
        return AddOutcome(status, len(events), new_events)

    def _new_event_id(self, candidate: str, key: str) -> str:
        exists = self.db.execute("SELECT 1 FROM events WHERE event_id = ?", (candidate,))
        if exists.fetchone() is None:
            return candidate
        return hashlib.sha1(f"{key}|{candidate}".encode()).hexdigest()[:16]

    def _insert_event(
        self, event_id: str, record: dict[str, Any], published: dt.date | None
    ) -> None:
        date = record.get("date") or {}
        span = date_span(date.get("value"), date.get("precision"), published)
        exact = date_span(date.get("value"), None, published) if date.get("value") else span
        location = record.get("location") or {}
        self.db.execute(
            "INSERT INTO events (event_id, cameo_code, cameo_root, quad_class, goldstein,"
            " plover_type, source_code, target_code, date_start, date_end, country, lat, lon,"
            " record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event_id,
                record["cameo"]["code"],
                record["cameo"]["root"],
                record["cameo"]["quad_class"],
                record["cameo"]["goldstein"],
                record["plover"]["type"],
                _code(record["source"]),
                _code(record["target"]),
                exact.start.isoformat() if exact else None,
                exact.end.isoformat() if exact else None,
                location.get("country"),
                location.get("lat"),
                location.get("lon"),
                json.dumps(record, ensure_ascii=False),
            ),
        )

    def _matching_event(self, record: dict[str, Any], published: dt.date | None) -> str | None:
        date = record.get("date") or {}
        span = date_span(date.get("value"), date.get("precision"), published)
        rows = self.db.execute(
            "SELECT event_id, record FROM events WHERE source_code IS ? AND target_code IS ?"
            " AND substr(cameo_code, 1, 3) = ? ORDER BY rowid",
            (_code(record["source"]), _code(record["target"]), record["cameo"]["code"][:3]),
        )
        for row in rows:
            known = json.loads(row["record"])
            known_date = known.get("date") or {}
            known_span = date_span(known_date.get("value"), known_date.get("precision"), None)
            if dates_compatible(span, known_span) and places_compatible(
                record.get("location"), known.get("location")
            ):
                return row["event_id"]
        return None

    def _recount(self, event_ids: set[str]) -> None:
        for event_id in sorted(event_ids):
            self.db.execute(
                "UPDATE events SET"
                " num_mentions = (SELECT COUNT(*) FROM mentions WHERE event_id = :id),"
                " num_articles = (SELECT COUNT(DISTINCT article_key) FROM mentions"
                "                 WHERE event_id = :id),"
                " num_sources = (SELECT COUNT(DISTINCT COALESCE(a.source, a.url, a.article_id))"
                "                FROM mentions m JOIN articles a USING (article_key)"
                "                WHERE m.event_id = :id)"
                " WHERE event_id = :id",
                {"id": event_id},
            )

    def _remove_article(self, key: str) -> None:
        """Take an article and its mentions out; events left with no mention go too, and an
        event whose first mention went keeps its id but takes its next mention's record."""
        touched = {
            row["event_id"]
            for row in self.db.execute(
                "SELECT DISTINCT event_id FROM mentions WHERE article_key = ?", (key,)
            )
        }
        self.db.execute("DELETE FROM mentions WHERE article_key = ?", (key,))
        self.db.execute("DELETE FROM actor_mentions WHERE article_key = ?", (key,))
        self.db.execute("DELETE FROM articles WHERE article_key = ?", (key,))
        for event_id in touched:
            first = self.db.execute(
                "SELECT record FROM mentions WHERE event_id = ? ORDER BY rowid LIMIT 1", (event_id,)
            ).fetchone()
            if first is None:
                self.db.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            else:
                self.db.execute(
                    "UPDATE events SET record = ? WHERE event_id = ?", (first["record"], event_id)
                )
        self._recount(
            {
                e
                for e in touched
                if self.db.execute("SELECT 1 FROM events WHERE event_id = ?", (e,)).fetchone()
            }
        )

    def add_error(self, error: InputError) -> None:
        try:
            self.db.execute(
                "INSERT OR IGNORE INTO errors (input, reason) VALUES (?, ?)",
                (error.input, error.reason),
            )
        except sqlite3.Error as failure:
            raise StoreError(f"cannot write to {self.path}: {failure}") from failure

    # -- reading ---------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        one = self.db.execute
        dates = one("SELECT MIN(published), MAX(published) FROM articles").fetchone()
        return {
            "articles": one("SELECT COUNT(*) FROM articles").fetchone()[0],
            "events": one("SELECT COUNT(*) FROM events").fetchone()[0],
            "mentions": one("SELECT COUNT(*) FROM mentions").fetchone()[0],
            "errors": one("SELECT COUNT(*) FROM errors").fetchone()[0],
            "sources": one(
                "SELECT COUNT(DISTINCT COALESCE(source, url, article_id)) FROM articles"
            ).fetchone()[0],
            "first_date": dates[0],
            "last_date": dates[1],
        }

    def events(self, where: EventFilter = EventFilter()) -> Iterator[dict[str, Any]]:
        """Events as DESIGN.md records with their counts and mentions, in date order."""
        clauses, params = _filter_sql(where)
        sql = (
            "SELECT * FROM events"
            + (" WHERE " + " AND ".join(clauses) if clauses else "")
            + " ORDER BY date_start, event_id"
        )
        for row in self.db.execute(sql, params).fetchall():
            yield self._full_record(row, evidence=False)

    # -- reading for the analyst views (server, analysis) ----------------------------------
    def count_events(self, query: EventQuery | None = None) -> int:
        clauses, params = _query_sql(query or EventQuery())
        sql = "SELECT COUNT(*) FROM events" + _where(clauses)
        return int(self.db.execute(sql, params).fetchone()[0])

    def event_page(
        self, query: EventQuery | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """One page of events, as :meth:`events` records whose mentions also carry the
        article's key and title and the sentence's offset in the article text."""
        clauses, params = _query_sql(query or EventQuery())
        sql = (
            "SELECT * FROM events"
            + _where(clauses)
            + " ORDER BY date_start, event_id LIMIT ? OFFSET ?"
        )
        rows = self.db.execute(sql, [*params, limit, offset]).fetchall()
        return [self._full_record(row) for row in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return self._full_record(row) if row else None

    def event_rows(self, query: EventQuery | None = None) -> Iterator[dict[str, Any]]:
        """Light rows for aggregation: codes, countries, names, scores, date, place; no
        evidence."""
        clauses, params = _query_sql(query or EventQuery())
        sql = (
            "SELECT event_id, source_code, target_code, cameo_code, cameo_root, quad_class,"
            " goldstein, plover_type, date_start, date_end, country, lat, lon, num_mentions,"
            " json_extract(record, '$.source.country') AS source_country,"
            " json_extract(record, '$.target.country') AS target_country,"
            " json_extract(record, '$.source.name') AS source_name,"
            " json_extract(record, '$.target.name') AS target_name,"
            " json_extract(record, '$.source.sector') AS source_sector,"
            " json_extract(record, '$.target.sector') AS target_sector,"
            " json_extract(record, '$.location.name') AS location_name"
            " FROM events" + _where(clauses) + " ORDER BY date_start, event_id"
        )
        for row in self.db.execute(sql, params):
            yield dict(row)

    def articles(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles without their text, newest first."""
        rows = self.db.execute(
            "SELECT article_key, article_id, url, title, source, published, n_events, coded_by"
            " FROM articles ORDER BY published DESC, rowid DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [dict(row) for row in rows]

    def article(self, key: str) -> dict[str, Any] | None:
        """One article (by its key) with its text and, for each of its event mentions, the
        character spans of source, target and trigger in that text."""
        row = self.db.execute(
            "SELECT article_key, article_id, url, title, source, published, n_events, coded_by,"
            " text FROM articles WHERE article_key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        article = dict(row)
        mentions = self.db.execute(
            "SELECT m.event_id, m.record FROM mentions m WHERE m.article_key = ?"
            " ORDER BY m.sentence_index, m.rowid",
            (key,),
        )
        article["events"] = [
            _article_mention(m["event_id"], json.loads(m["record"]), article["text"])
            for m in mentions
        ]
        return article

    def _full_record(self, row: sqlite3.Row, evidence: bool = True) -> dict[str, Any]:
        """An event's DESIGN.md record with its counts and mentions; with ``evidence``, each
        mention also says where its sentence starts in its article (for highlighting)."""
        record = json.loads(row["record"])
        record["event_id"] = row["event_id"]
        record.update(
            num_mentions=row["num_mentions"],
            num_articles=row["num_articles"],
            num_sources=row["num_sources"],
        )
        text = ", a.text" if evidence else ""
        mentions = self.db.execute(
            "SELECT m.record, m.article_key, a.url, a.source, a.article_id, a.published, a.title"
            f"{text} FROM mentions m JOIN articles a USING (article_key)"
            " WHERE m.event_id = ? ORDER BY m.rowid",
            (row["event_id"],),
        ).fetchall()
        record["mentions"] = []
        for m in mentions:
            mention = {**_mention_summary(m), "article_key": m["article_key"], "title": m["title"]}
            if evidence:
                mention["sentence_start"] = _sentence_start(json.loads(m["record"]), m["text"])
            record["mentions"].append(mention)
        first = mentions[0] if mentions else None
        record["source_url"] = first["url"] if first else None
        record["date_added"] = first["published"] if first else None
        if evidence:
            record["sentence_start"] = record["mentions"][0]["sentence_start"] if first else None
        return record


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _code(actor: dict[str, Any] | None) -> str | None:
    return actor["code"] if actor else None


def _mention_summary(row: sqlite3.Row) -> dict[str, Any]:
    record = json.loads(row["record"])
    return {
        "article_id": row["article_id"],
        "url": row["url"],
        "outlet": row["source"],
        "published": row["published"],
        "sentence_index": record["sentence_index"],
        "sentence": record["sentence"],
        "trigger": record["trigger"],
        "source": record["source"],
        "target": record["target"],
        "confidence": record["confidence"],
        "mention_event_id": record["event_id"],
    }


def _filter_sql(where: EventFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.since:
        clauses.append("date_end >= ?")
        params.append(where.since)
    if where.until:
        clauses.append("date_start <= ?")
        params.append(where.until)
    if where.actor:
        clauses.append("(source_code LIKE ? OR target_code LIKE ?)")
        params += [f"{where.actor}%", f"{where.actor}%"]
    if where.source:
        clauses.append("source_code LIKE ?")
        params.append(f"{where.source}%")
    if where.target:
        clauses.append("target_code LIKE ?")
        params.append(f"{where.target}%")
    if where.dyad:
        clauses.append("source_code LIKE ? AND target_code LIKE ?")
        params += [f"{where.dyad[0]}%", f"{where.dyad[1]}%"]
    if where.code:
        clauses.append("cameo_code LIKE ?")
        params.append(f"{where.code}%")
    return clauses, params


@dataclass(frozen=True, slots=True)
class EventQuery:
    """An :class:`EventFilter` plus the analyst views' filters."""

    where: EventFilter = EventFilter()
    root: str | None = None
    plover: str | None = None
    country: str | None = None
    """The event location's country (ISO alpha-3); actors are filtered by code prefix."""
    text: str | None = None
    """Words the evidence sentence of any mention contains (case-insensitive for ASCII)."""


def _query_sql(query: EventQuery) -> tuple[list[str], list[Any]]:
    clauses, params = _filter_sql(query.where)
    if query.root:
        clauses.append("cameo_root = ?")
        params.append(query.root)
    if query.plover:
        clauses.append("plover_type = ?")
        params.append(query.plover)
    if query.country:
        clauses.append("country = ?")
        params.append(query.country)
    if query.text:
        clauses.append(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = events.event_id"
            " AND json_extract(m.record, '$.sentence') LIKE ? ESCAPE '\\')"
        )
        params.append(f"%{_escape_like(query.text)}%")
    return clauses, params


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sentence_start(record: dict[str, Any], text: str) -> int | None:
    """Where the mention's sentence starts in the article: the occurrence that holds its
    trigger (a sentence can occur twice)."""
    sentence, trigger = record.get("sentence") or "", record.get("trigger") or {}
    start, end = trigger.get("start", 0), trigger.get("end", 0)
    found = text.rfind(sentence, 0, start + len(sentence)) if sentence else -1
    return found if found >= 0 and found + len(sentence) >= end else None


def _article_mention(event_id: str, record: dict[str, Any], text: str) -> dict[str, Any]:
    def span(actor: dict[str, Any] | None) -> dict[str, Any] | None:
        if not actor:
            return None
        keys = ("text", "start", "end", "name", "code")
        return {key: actor.get(key) for key in keys}

    return {
        "event_id": event_id,
        "mention_event_id": record["event_id"],
        "sentence_index": record["sentence_index"],
        "sentence_start": _sentence_start(record, text),
        "cameo": record["cameo"],
        "plover": record["plover"],
        "source": span(record.get("source")),
        "target": span(record.get("target")),
        "trigger": record["trigger"],
        "modality": record.get("modality"),
    }
