"""The SQLite schema: one idempotent SQL constant, then numbered migrations.

A database records its version in ``PRAGMA user_version``; opening an older file applies the
migrations it lacks, in order, each in its own transaction.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_key TEXT PRIMARY KEY,         -- content hash of normalised text + url
    article_id  TEXT NOT NULL,            -- the input's id or file name
    url         TEXT,
    title       TEXT,
    source      TEXT,
    published   TEXT,                     -- YYYY-MM-DD or NULL
    text        TEXT NOT NULL,
    n_events    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);

CREATE TABLE IF NOT EXISTS events (
    event_id     TEXT PRIMARY KEY,        -- the id of the event's first mention: stable
    cameo_code   TEXT NOT NULL,
    cameo_root   TEXT NOT NULL,
    quad_class   INTEGER NOT NULL,
    goldstein    REAL NOT NULL,
    plover_type  TEXT,
    source_code  TEXT,
    target_code  TEXT,
    date_start   TEXT,                    -- first day the event's date covers
    date_end     TEXT,                    -- last day it covers
    country      TEXT,                    -- location country
    lat          REAL,
    lon          REAL,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    num_sources  INTEGER NOT NULL DEFAULT 0,
    record       TEXT NOT NULL            -- the first mention's DESIGN.md record, as JSON
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_code, target_code, cameo_root);
CREATE INDEX IF NOT EXISTS events_date ON events(date_start);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id     TEXT PRIMARY KEY,      -- the coder's event_id for this sentence
    event_id       TEXT NOT NULL REFERENCES events(event_id),
    article_key    TEXT NOT NULL REFERENCES articles(article_key) ON DELETE CASCADE,
    sentence_index INTEGER NOT NULL,
    confidence     REAL NOT NULL,
    record         TEXT NOT NULL          -- the mention's DESIGN.md record, as JSON
);
CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_key);

CREATE TABLE IF NOT EXISTS actor_mentions (
    article_key TEXT NOT NULL REFERENCES articles(article_key) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    code        TEXT NOT NULL,
    record      TEXT NOT NULL,
    PRIMARY KEY (article_key, start, code)
);

CREATE TABLE IF NOT EXISTS errors (
    input  TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (input, reason)
);
"""

MIGRATIONS: tuple[str, ...] = (
    SCHEMA,
    "ALTER TABLE articles ADD COLUMN coded_by TEXT;",  # the dragoman version that coded it
)
"""Migration N brings a database from version N to N + 1. Version 1 is the schema above;
later changes append statements here and never edit earlier ones."""

VERSION = len(MIGRATIONS)
