"""A full disk is a clear fatal error and leaves no partial article behind."""

from __future__ import annotations

import datetime as dt

import pytest

from dragoman.schemas import Article
from dragoman.store import Store, StoreError


def test_full_disk_fails_clearly_without_partial_rows(pipeline, tmp_path, seed_text):
    small = Article("small", "Iran's foreign minister visited Baghdad.", date=dt.date(2021, 1, 4))
    big = Article("big", seed_text * 4, date=dt.date(2021, 10, 25))
    with Store(tmp_path / "full.db") as store:
        store.add(next(pipeline.process([small])))
        before = store.stats()
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is now full
        with pytest.raises(StoreError, match="full"):
            store.add(next(pipeline.process([big])))
        assert store.stats() == before
        assert not store.has(big)
