"""The embedded SQLite event store: idempotent, resumable ingest and cross-article dedup."""

from dragoman.store.store import AddOutcome, EventFilter, Store, StoreError, article_key

__all__ = ["AddOutcome", "EventFilter", "Store", "StoreError", "article_key"]
