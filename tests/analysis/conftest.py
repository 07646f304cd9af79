"""A store coded from the founding article and our short articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.pipeline import Pipeline
from dragoman.store import Store
from tests.server.articles import SHORT_ARTICLES, build_store, seed_article


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline, seed_text: str):
    path: Path = tmp_path_factory.mktemp("analysis") / "events.db"
    build_store(path, pipeline, [seed_article(seed_text), *SHORT_ARTICLES])
    with Store(path) as opened:
        yield opened
