"""Schemathesis over the OpenAPI spec the app serves: requests generated from the spec
(valid and invalid) against every operation, with no 5xx and answers that match the spec."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")
pytest.importorskip("schemathesis", reason="in the dev extra: pip install -e '.[dev]'")

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from dragoman.server import create_app
from tests.server.articles import SHORT_ARTICLES, build_store, seed_article
from tests.server.conftest import TOKEN

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
AUTH = {"Authorization": f"Bearer {TOKEN}"}
"""POST /api/articles stores into this module's own temporary store, so it gets the token."""

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(":memory:"))
"""The spec does not depend on the store, so it is read at collection from an app over an
in-memory one; the requests go to ``seeded_app`` (schemathesis's fixture-based lazy schema
does not run under pytest 9: it sets ``node._nodeid``, which pytest no longer has)."""


@pytest.fixture(scope="module")
def seeded_app(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_text) -> Any:
    db = tmp_path_factory.mktemp("schemathesis") / "events.db"
    build_store(db, pipeline, [seed_article(seed_text), *SHORT_ARTICLES])
    return create_app(db, token=TOKEN, pipeline_factory=lambda: pipeline)


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_follows_its_spec(case, seeded_app):
    case.call_and_validate(app=seeded_app, headers=AUTH, checks=CHECKS)
