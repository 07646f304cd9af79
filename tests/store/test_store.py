"""The event store: idempotent, replaceable, deduplicating, migrating."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from dragoman.schemas import Article
from dragoman.store import EventFilter, Store, StoreError
from dragoman.store.schema import MIGRATIONS, VERSION

VISIT_REPORTS = [
    (
        "wire-a",
        "Wire A",
        "Iraqi Prime Minister Mustafa al-Kadhimi arrived in Riyadh on Monday "
        "for talks with Saudi leaders.",
    ),
    (
        "wire-b",
        "Wire B",
        "Mustafa al-Kadhimi, Iraq's prime minister, visited Saudi Arabia on "
        "Monday, his office said.",
    ),
    (
        "wire-c",
        "Wire C",
        "Iraq's premier al-Kadhimi flew to Riyadh on Monday to meet the Saudi crown prince.",
    ),
]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "events.db") as opened:
        yield opened


def _add(pipeline, store, article):
    return store.add(next(pipeline.process([article])))


def test_the_same_article_twice_is_stored_once(pipeline, store, seed_text):
    article = Article("seed", seed_text, date=dt.date(2021, 10, 25), url="https://x/1")
    first = _add(pipeline, store, article)
    counts = store.stats()
    assert first.status == "added" and counts["events"] > 5
    assert _add(pipeline, store, article).status == "duplicate"
    assert store.stats() == counts


def test_a_changed_article_replaces_its_old_version(pipeline, store):
    old = Article(
        "a",
        "Iran's foreign minister visited Baghdad.",
        date=dt.date(2021, 5, 3),
        url="https://x/story",
    )
    new = Article(
        "a",
        "Iran's foreign minister visited Damascus.",
        date=dt.date(2021, 5, 3),
        url="https://x/story",
    )
    _add(pipeline, store, old)
    assert _add(pipeline, store, new).status == "replaced"
    targets = {e["target"]["code"] for e in store.events()}
    assert targets == {"SYR"} and store.stats()["articles"] == 1


def test_one_visit_told_by_three_outlets_is_one_event(pipeline, store):
    for article_id, outlet, text in VISIT_REPORTS:
        _add(pipeline, store, Article(article_id, text, source=outlet, date=dt.date(2021, 3, 31)))
    visits = [e for e in store.events(EventFilter(dyad=("IRQGOV", "SAU"), code="042"))]
    assert len(visits) == 1
    (visit,) = visits
    assert visit["num_articles"] == 3 and visit["num_sources"] == 3
    assert len(visit["mentions"]) == visit["num_mentions"] >= 3
    first_id = visit["event_id"]
    _add(
        pipeline,
        store,
        Article(
            "wire-d",
            "Al-Kadhimi's visit to Saudi Arabia on Monday was his first abroad.",
            source="Wire D",
            date=dt.date(2021, 3, 31),
        ),
    )
    (again,) = list(store.events(EventFilter(dyad=("IRQGOV", "SAU"), code="042")))
    assert again["event_id"] == first_id and again["num_articles"] == 4


def test_different_events_stay_apart(pipeline, store):
    text = "Iraqi Prime Minister Mustafa al-Kadhimi visited Riyadh."
    _add(pipeline, store, Article("m", text, date=dt.date(2021, 3, 1)))
    _add(pipeline, store, Article("a", text.replace(".", " again."), date=dt.date(2021, 4, 15)))
    _add(
        pipeline,
        store,
        Article(
            "t",
            "Iraqi Prime Minister Mustafa al-Kadhimi met Saudi officials.",
            date=dt.date(2021, 3, 1),
        ),
    )
    events = list(store.events(EventFilter(source="IRQGOV")))
    assert len([e for e in events if e["cameo"]["code"] == "042"]) == 2
    assert [
        e for e in events if e["cameo"]["code"].startswith("04") and e["cameo"]["code"] != "042"
    ]


def test_an_older_schema_migrates(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO articles (article_key, article_id, text) VALUES ('k', 'a', 'text')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert store.stats()["articles"] == 1
        columns = {row[1] for row in store.db.execute("PRAGMA table_info(articles)")}
        assert "coded_by" in columns


def test_unusable_databases_are_clear_errors(tmp_path):
    folder = tmp_path / "not-a-db"
    folder.mkdir()
    with pytest.raises(StoreError, match="cannot open"):
        Store(folder)
    newer = tmp_path / "newer.db"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer dragoman"):
        Store(newer)
