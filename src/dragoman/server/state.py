"""What the app holds between requests: its settings and one lazily built pipeline."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from dragoman.pipeline import Pipeline
from dragoman.store import Store


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path
    token: str | None = None


class Pipelines:
    """One pipeline, built on first use (loading the model takes seconds) and used by one
    request at a time: spaCy pipelines are not made for concurrent calls."""

    def __init__(self, factory: Callable[[], Pipeline]) -> None:
        self.factory = factory
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    @contextmanager
    def use(self) -> Iterator[Pipeline]:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self.factory()
            yield self._pipeline

    def warm(self) -> None:
        with self.use():
            pass


@contextmanager
def open_store(request: Request) -> Iterator[Store]:
    """A connection for this request alone: SQLite connections stay in their thread."""
    with Store(request.app.state.settings.db_path) as store:
        yield store


def pipelines(request: Request) -> Pipelines:
    return request.app.state.pipelines
