"""Stores for the API and browser tests, coded once per session by the real pipeline."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from dragoman.pipeline import Pipeline
from tests.server.articles import SHORT_ARTICLES, build_store, seed_article

TOKEN = "test-token-1234"


def make_client(app: Any, **options: Any) -> Any:
    with warnings.catch_warnings():  # newer Starlette prefers httpx2; httpx works the same
        warnings.filterwarnings("ignore", message=".*httpx2")
        from fastapi.testclient import TestClient
    return TestClient(app, **options)


@pytest.fixture(scope="session")
def full_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline, seed_text: str) -> Path:
    """The founding article and our short articles, the script payload among them."""
    path = tmp_path_factory.mktemp("server") / "full.db"
    return build_store(path, pipeline, [seed_article(seed_text), *SHORT_ARTICLES])


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline, seed_text: str) -> Path:
    """The founding article alone (for the screenshot)."""
    path = tmp_path_factory.mktemp("server") / "seed.db"
    return build_store(path, pipeline, [seed_article(seed_text)])


@pytest.fixture(scope="session")
def client(full_db: Path, pipeline: Pipeline) -> Any:
    from dragoman.server import create_app

    return make_client(create_app(full_db, token=TOKEN, pipeline_factory=lambda: pipeline))


@pytest.fixture
def empty_client(tmp_path: Path, pipeline: Pipeline) -> Any:
    """A client over a new store, for tests that write."""
    from dragoman.server import create_app

    app = create_app(tmp_path / "new.db", token=TOKEN, pipeline_factory=lambda: pipeline)
    return make_client(app)
