"""Shared fixtures: one real pipeline (model loaded) for the whole test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dragoman.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_a8b22af158ed9ab5.txt"
DATA = Path(__file__).parent / "data"
SEED_DATE = dt.date(2021, 10, 25)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if SEED.exists():
        return SEED.read_text(encoding="utf-8").rstrip()
    from dragoman.demo import demo_articles

    return demo_articles()[0].text
