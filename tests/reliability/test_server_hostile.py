"""Hostile requests against the API: injection attempts in every filter, odd bytes, huge
bodies, missing tokens. Each gets a clear 4xx or a normal answer, never a 5xx or a stack
trace, and the store keeps every event it had."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")

from dragoman.server import create_app
from dragoman.server.params import (
    MAX_LIMIT,
    ArticlePageParams,
    EventParams,
    NetworkParams,
    PageParams,
    SeriesParams,
)
from dragoman.server.security import MAX_BODY_BYTES
from tests.server.articles import SHORT_ARTICLES, build_store, seed_article
from tests.server.conftest import TOKEN, make_client

HOSTILE = (
    "' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE events; --',
    "IRQ'; DELETE FROM events WHERE '1'='1",
    "1 UNION SELECT name, sql FROM sqlite_master --",
    "%",
    "_",
    "%' --",
    "*",
    "\\",
    "IRQ\x00",
    "\x00' OR 1=1 --",
    "ИРАК",
    "العراق",
    "١٦٣",  # Arabic-Indic digits: a bare \d in a pattern lets them through
    "２０２１-１０-２５",
    "🚀",
    "\u202eQAT",
    "IRQ\n",
    "A" * 5_000,
    "' OR 1=1 --" * 500,
)
"""Values sent in place of every parameter."""

ENDPOINTS = {
    "/api/events": PageParams,
    "/api/network": NetworkParams,
    "/api/articles": ArticlePageParams,
    "/api/dyads/IRQ/QAT/series": SeriesParams,
    "/api/locations": EventParams,
}
QUERY_CASES = [(path, name) for path, model in ENDPOINTS.items() for name in model.model_fields]
LEAKS = ("Traceback", 'File "', "site-packages", "src/dragoman", "sqlite3.")
TABLES = ("articles", "events", "mentions")


def _size(path: str, body: dict[str, Any]) -> int:
    """How much an answer holds, to compare a filtered answer with the unfiltered one."""
    if path == "/api/events":
        return body["total"]
    if path == "/api/network":
        return len(body["edges"])
    if path == "/api/articles":
        return len(body["articles"])
    if path == "/api/locations":
        return sum(place["events"] for place in body["locations"])
    return sum(p["a_to_b"]["events"] + p["b_to_a"]["events"] for p in body["points"])


def _no_constant(name: str) -> None:
    raise AssertionError(f"the response has {name}, which is not JSON")


def _row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _assert_safe(response: Any, where: str, db: Path) -> None:
    """A 4xx with a clear message or a 200; no stack trace or file path either way."""
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    for leak in (*LEAKS, str(db.parent)):
        assert leak not in response.text, f"{where}: the response shows {leak!r}"


def _assert_clear_422(response: Any, name: str, where: str) -> None:
    detail = response.json()["detail"]
    assert detail, where
    for item in detail:
        assert item["msg"] and item["loc"][-1] == name, f"{where}: {item}"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_text) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "events.db"
    return build_store(path, pipeline, [seed_article(seed_text), *SHORT_ARTICLES])


@pytest.fixture(scope="module")
def client(db, pipeline) -> Any:
    app = create_app(db, token=TOKEN, pipeline_factory=lambda: pipeline)
    return make_client(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def before(db, client) -> dict[str, Any]:
    """Row counts, stats and the unfiltered answer of each endpoint, before any attack."""
    sizes = {path: _size(path, client.get(path).json()) for path in ENDPOINTS}
    return {"rows": _row_counts(db), "stats": client.get("/api/stats").json(), "sizes": sizes}


@pytest.mark.parametrize(("path", "name"), QUERY_CASES, ids=[f"{p} {n}" for p, n in QUERY_CASES])
def test_hostile_values_in_every_filter(client, db, before, path, name):
    for value in HOSTILE:
        where = f"{path}?{name}={value[:40]!r}"
        response = client.get(path, params={name: value})
        _assert_safe(response, where, db)
        assert response.status_code in (200, 422), where
        if response.status_code == 422:
            _assert_clear_422(response, name, where)
        else:  # accepted as plain data: it may narrow the answer, never widen it
            assert _size(path, response.json()) <= before["sizes"][path], where
    assert client.get("/api/stats").json() == before["stats"]


@pytest.mark.parametrize("name", ["a", "b"])
def test_hostile_values_in_the_dyad_path(client, db, before, name):
    for value in HOSTILE:
        a, b = (quote(value, safe=""), "QAT") if name == "a" else ("IRQ", quote(value, safe=""))
        response = client.get(f"/api/dyads/{a}/{b}/series")
        where = f"dyad {name}={value[:40]!r}"
        _assert_safe(response, where, db)
        assert response.status_code == 422, where
        _assert_clear_422(response, name, where)
    assert client.get("/api/stats").json() == before["stats"]


def test_digits_mean_ascii_digits(client):
    """CAMEO codes and dates are ASCII: other scripts' digits are refused, not searched for."""
    for name, value in (
        ("code", "١٦٣"),
        ("root", "١٦"),
        ("code", "１６３"),
        ("since", "٢٠٢١-١٠-٢٥"),
    ):
        response = client.get("/api/events", params={name: value})
        assert response.status_code == 422, (name, value, response.text)


@pytest.mark.parametrize("value", ["' OR 1=1 --", "' OR '1'='1", '") OR ("1"="1', "%", "%%"])
def test_a_tautology_in_the_text_search_finds_nothing(client, value):
    assert client.get("/api/events", params={"q": value}).json()["total"] == 0


def test_a_repeated_parameter_is_validated_too(client, db):
    response = client.get("/api/events", params=[("actor", "IRQ"), ("actor", "' OR 1=1 --")])
    _assert_safe(response, "repeated actor", db)
    assert response.status_code == 422


@pytest.mark.parametrize("path", ["/api/events", "/api/articles"])
def test_limit_caps(client, path):
    assert client.get(path, params={"limit": MAX_LIMIT}).status_code == 200
    for limit in (MAX_LIMIT + 1, 10**40, 0, -1, "1e3", "NaN"):
        response = client.get(path, params={"limit": limit})
        assert response.status_code == 422, (limit, response.text)
        assert response.json()["detail"][0]["loc"] == ["query", "limit"]
    refused = client.get(path, params={"limit": MAX_LIMIT + 1}).json()["detail"][0]
    assert str(MAX_LIMIT) in refused["msg"]
    assert client.get(path, params={"offset": 10**40}).status_code == 422
    assert client.get(path, params={"offset": 10_000_000}).status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_article_text_is_coded_or_refused(client, db, value):
    response = client.post("/api/code", json={"text": value, "title": value})
    _assert_safe(response, f"/api/code text={value[:40]!r}", db)
    assert response.status_code in (200, 422)


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "Qatar met Iraq \\ud800."}',
        b'{"text": "Qatar met Iraq.", "title": "\\udfff"}',
        b'{"text": "Qatar met Iraq.", "\\ud800": 1}',
        b'{"text": "Qatar met Iraq.", "date": "2021-10-25\\u0000"}',
        b"[" * 100_000,
        b'{"text": ' * 50_000,
        b"\xff\xfe\x00",
        b'{"text": "Qatar met Iraq.", "url": "javascript:alert(1)"}',
        b"null",
        b'{"text": NaN}',
        b'{"text": "Qatar met Iraq.", "date": -Infinity}',
    ],
)
def test_broken_and_hostile_json_bodies_are_4xx(client, db, body):
    """Lone surrogates, NaN, deep nesting and bad bytes: refused with a message in strict
    JSON, not a 500."""
    response = client.post("/api/code", content=body, headers={"content-type": "application/json"})
    _assert_safe(response, f"/api/code body {body[:40]!r}", db)
    assert 400 <= response.status_code < 500
    response.content.decode("utf-8")  # encodable: no lone surrogate made it through
    assert json.loads(response.content, parse_constant=_no_constant)["detail"]


@pytest.mark.parametrize("path", ["/api/code", "/api/articles"])
def test_oversized_bodies_get_413(client, path):
    good = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    response = client.post(path, content=b"x" * (MAX_BODY_BYTES + 1), headers=good)
    assert response.status_code == 413 and "too large" in response.json()["detail"]

    def chunks():
        for _ in range(MAX_BODY_BYTES // 50_000 + 2):
            yield b"x" * 50_000

    assert client.post(path, content=chunks(), headers=good).status_code == 413


def test_ingest_needs_the_right_token(tmp_path, pipeline):
    db = tmp_path / "ingest.db"
    client = make_client(
        create_app(db, token=TOKEN, pipeline_factory=lambda: pipeline),
        raise_server_exceptions=False,
    )
    body = {"text": "Qatar pledged aid to Iraq.", "date": "2021-06-15"}
    refusals = [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-the-token"},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Bearer {TOKEN.upper()}"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"Authorization": "Bearer ' OR 1=1 --"},
        {"X-Token": TOKEN},
    ]
    for headers in refusals:
        response = client.post("/api/articles", json=body, headers=headers)
        _assert_safe(response, f"token {headers}", db)
        assert response.status_code in (401, 403), (headers, response.text)
        assert "token" in response.json()["detail"]
    assert _row_counts(db) == {"articles": 0, "events": 0, "mentions": 0}
    stored = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert stored.status_code == 201, stored.text
    assert _row_counts(db)["articles"] == 1 and stored.json()["events"] >= 1


def test_the_store_survived_every_attack(client, db, before):
    """Runs last in this module: the tables, their rows and the stats are as they were."""
    with sqlite3.connect(db) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert set(TABLES) <= names
    assert _row_counts(db) == before["rows"] and before["rows"]["events"] > 0
    assert client.get("/api/stats").json() == before["stats"]
