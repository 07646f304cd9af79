"""The JSON API on a store coded from the founding article and our short articles."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")

from tests.server.articles import XSS_TEXT, XSS_TITLE
from tests.server.conftest import TOKEN


def _events(client, **params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_events_come_with_counts_mentions_and_highlighted_evidence(client):
    page = _events(client, q="first met with")
    assert page["total"] == 1
    event = page["events"][0]
    assert (event["source"]["code"], event["target"]["code"]) == ("IRQGOV", "QATGOV")
    assert event["cameo"]["code"] == "040" and event["num_mentions"] == 1
    spans = {span["role"]: span["text"] for span in event["evidence"]["spans"]}
    assert spans["source"] == "al-Qanemi"
    assert spans["trigger"] == "met with"
    assert spans["target"].startswith("Qatari Prime Minister")
    mention = event["mentions"][0]
    assert mention["outlet"] == "Alwaght" and len(mention["article_key"]) == 64
    assert mention["evidence"] == event["evidence"]
    sentence = event["evidence"]["sentence"]
    for span in event["evidence"]["spans"]:
        assert sentence[span["start"] : span["end"]] == span["text"]


def test_event_filters(client):
    everything = _events(client)["total"]
    irq_qat = _events(client, dyad="IRQ-QAT")
    assert 0 < irq_qat["total"] < everything
    assert all(e["source"]["code"].startswith("IRQ") for e in irq_qat["events"])
    assert all(e["target"]["code"].startswith("QAT") for e in irq_qat["events"])
    assert _events(client, dyad="irq-qat")["total"] == irq_qat["total"]
    sanctions = _events(client, code="163")
    assert [e["source"]["code"] for e in sanctions["events"]] == ["SAU"]
    assert sanctions["events"][0]["num_articles"] == 2  # the seed and our 2017 wire story
    assert _events(client, root="16")["total"] == sanctions["total"]
    assert all(e["plover"]["type"] == "ACCUSE" for e in _events(client, plover="accuse")["events"])
    in_2017 = _events(client, since="2017-01-01", until="2017-12-31")["events"]
    assert in_2017 and all(e["date"]["value"].startswith("2017") for e in in_2017)
    assert all(e["location"]["country"] == "QAT" for e in _events(client, country="qat")["events"])
    assert {e["target"]["code"] for e in _events(client, source="SAU")["events"]} == {"QAT"}
    assert _events(client, actor="EGY", target="QAT")["total"] == 1


def test_paging_and_the_text_search_takes_its_words_literally(client):
    total = _events(client)["total"]
    first, second = _events(client, limit=5), _events(client, limit=5, offset=5)
    assert first["total"] == total and len(first["events"]) == 5
    assert not {e["event_id"] for e in first["events"]} & {e["event_id"] for e in second["events"]}
    assert _events(client, q="%")["total"] == 0
    assert _events(client, q="Qatar_s")["total"] == 0  # "_" is no wildcard: no "Qatar's"
    payload = _events(client, q="__xss")["events"]
    assert payload and all("__xss" in e["sentence"] for e in payload)
    assert _events(client, q="' OR 1=1 --")["total"] == 0


def test_one_event_by_id(client):
    event = _events(client, code="163")["events"][0]
    same = client.get(f"/api/events/{event['event_id']}").json()
    assert same["event_id"] == event["event_id"] and same["mentions"] == event["mentions"]
    assert client.get("/api/events/0000000000000000").status_code == 404


def test_articles_list_and_one_article_with_its_spans(client):
    listing = client.get("/api/articles").json()
    assert listing["total"] == 4
    assert "text" not in listing["articles"][0]
    xss = next(a for a in listing["articles"] if a["article_id"] == "xss-payload")
    assert xss["title"] == XSS_TITLE
    article = client.get(f"/api/articles/{xss['article_key']}").json()
    assert article["text"] == XSS_TEXT
    event = article["events"][0]
    for role in ("source", "target", "trigger"):
        span = event[role]
        assert article["text"][span["start"] : span["end"]] == span["text"]
    assert client.get("/api/articles/" + "0" * 64).status_code == 404
    assert client.get("/api/articles/not-a-key").status_code == 422


def test_network_nodes_and_edges(client):
    network = client.get("/api/network").json()
    labels = {node["id"]: node["label"] for node in network["nodes"]}
    assert labels["IRQ"] == "Iraq" and labels["QAT"] == "Qatar"
    edges = {(e["source"], e["target"]): e for e in network["edges"]}
    irq_qat = edges["IRQ", "QAT"]
    assert irq_qat["events"] == _events(client, dyad="IRQ-QAT")["total"]
    assert irq_qat["goldstein_mean"] > 0 and irq_qat["quad_class_shares"]["1"] == 1.0
    blockade = edges["SAU", "QAT"]
    assert blockade["goldstein_mean"] < -5 and blockade["quad_class_shares"]["4"] == 1.0
    actors = client.get("/api/network", params={"level": "actor", "dyad": "IRQ-QAT"}).json()
    assert {"IRQGOV", "QATGOV"} <= {node["id"] for node in actors["nodes"]}
    assert client.get("/api/network", params={"level": "planet"}).status_code == 422


def test_dyad_series_both_directions(client):
    series = client.get("/api/dyads/IRQ/QAT/series", params={"interval": "month"}).json()
    periods = [point["period"] for point in series["points"]]
    assert periods[0] == "2021-06" and "2021-10" in periods and periods == sorted(periods)
    assert len(periods) == len(set(periods))  # one point per month, gaps filled
    october = series["points"][periods.index("2021-10")]
    assert october["a_to_b"]["events"] >= 3 and october["b_to_a"]["events"] >= 2
    assert october["a_to_b"]["goldstein"] > 0
    weeks = client.get("/api/dyads/irq/qat/series", params={"interval": "week"}).json()
    assert weeks["points"][0]["period"] == "2021-W24"
    total = sum(p["a_to_b"]["events"] + p["b_to_a"]["events"] for p in weeks["points"])
    assert total == sum(p["a_to_b"]["events"] + p["b_to_a"]["events"] for p in series["points"])
    assert client.get("/api/dyads/IRQ/QAT/series", params={"interval": "hour"}).status_code == 422


def test_locations_for_the_map(client):
    places = {p["name"]: p for p in client.get("/api/locations").json()["locations"]}
    assert places["Doha"]["country"] == "QAT" and places["Doha"]["events"] >= 3
    assert 25 < places["Doha"]["lat"] < 26


def test_code_returns_events_without_storing_them(client):
    before = client.get("/api/stats").json()
    response = client.post(
        "/api/code",
        json={"text": "Saudi Arabia imposed sanctions on Qatar.", "date": "2017-06-05"},
    )
    assert response.status_code == 200, response.text
    (event,) = response.json()["events"]
    assert (event["source"]["code"], event["cameo"]["code"], event["target"]["code"]) == (
        "SAU",
        "163",
        "QAT",
    )
    assert {s["role"]: s["text"] for s in event["evidence"]["spans"]}["source"] == "Saudi Arabia"
    assert client.get("/api/stats").json() == before


def test_ingest_needs_the_token_and_stores(empty_client):
    body = {"text": "Qatar pledged aid to Iraq.", "date": "2021-06-15", "title": "Aid"}
    assert empty_client.post("/api/articles", json=body).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    refused = empty_client.post("/api/articles", json=body, headers=wrong)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    good = {"Authorization": f"Bearer {TOKEN}"}
    stored = empty_client.post("/api/articles", json=body, headers=good)
    assert stored.status_code == 201, stored.text
    assert stored.json()["status"] == "added" and stored.json()["events"] == 1
    again = empty_client.post("/api/articles", json=body, headers=good)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert empty_client.get("/api/stats").json()["events"] == 1
    assert empty_client.get("/api/events").json()["events"][0]["target"]["code"] == "IRQ"


def test_without_a_token_ingest_is_open(tmp_path, pipeline):
    from dragoman.server import create_app
    from tests.server.conftest import make_client

    client = make_client(create_app(tmp_path / "open.db", pipeline_factory=lambda: pipeline))
    response = client.post("/api/articles", json={"text": "Egypt condemned Qatar."})
    assert response.status_code == 201 and response.json()["article_id"].startswith("api-")


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2021-02-30"},
        {"since": "25/10/2021"},
        {"since": "2022-01-01", "until": "2021-01-01"},
        {"limit": 5000},
        {"limit": 0},
        {"offset": -1},
        {"dyad": "IRQ"},
        {"actor": "IRQ;DROP TABLE events"},
        {"code": "abc"},
        {"plover": "PARTY"},
        {"country": "IRAQ"},
        {"q": "x" * 201},
        {"colour": "red"},
    ],
)
def test_bad_filters_are_clear_422s(client, params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and all(item["msg"] for item in detail)


def test_bad_bodies_are_refused(client):
    assert client.post("/api/code", json={"text": "   "}).status_code == 422
    assert client.post("/api/code", json={"text": "x", "date": "yesterday"}).status_code == 422
    assert (
        client.post("/api/code", json={"text": "x", "url": "javascript:alert(1)"}).status_code
        == 422
    )
    too_long = client.post("/api/code", json={"text": "word " * 40_001})
    assert too_long.status_code == 422 and "200000" in too_long.text
    huge = client.post(
        "/api/code", content=b"x" * 1_200_000, headers={"content-type": "application/json"}
    )
    assert huge.status_code == 413 and "too large" in huge.json()["detail"]


def test_a_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(30):
            yield b"x" * 50_000

    response = client.post(
        "/api/code", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_errors_show_no_stack_trace(full_db, monkeypatch):
    from dragoman.server import create_app
    from dragoman.store.store import Store, StoreError
    from tests.server.conftest import make_client

    client = make_client(create_app(full_db), raise_server_exceptions=False)

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(Store, "count_events", broken)
    response = client.get("/api/events")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error; see the server log"}
    assert "Traceback" not in response.text and "secret" not in response.text

    def unusable(*_args, **_kwargs):
        raise StoreError(f"cannot open the database {full_db}: disk I/O error")

    monkeypatch.setattr(Store, "articles", unusable)
    response = client.get("/api/articles")
    assert response.status_code == 503 and str(full_db) not in response.text


def test_headers_cors_off_by_default_and_on_when_asked(client, full_db):
    from dragoman.server import create_app
    from tests.server.conftest import make_client

    response = client.get("/api/stats", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]
    opened = make_client(create_app(full_db, cors_origins=["https://elsewhere.example"]))
    response = opened.get("/api/stats", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["access-control-allow-origin"] == "https://elsewhere.example"


def test_openapi_and_docs_are_served_from_the_package(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles",
        "/api/articles/{key}",
        "/api/network",
        "/api/dyads/{a}/{b}/series",
        "/api/code",
    ):
        assert path in spec["paths"]
    assert spec["paths"]["/api/articles"]["post"]["security"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "static/vendor/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_the_dashboard_loads_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text and "//cdn" not in page.text
    for asset in ("app.js", "style.css", "vendor/cytoscape.min.js", "vendor/countries-110m.json"):
        assert client.get(f"/static/{asset}").status_code == 200
    script = client.get("/static/app.js").text
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_an_empty_token_is_refused(tmp_path):
    from dragoman.server import create_app

    with pytest.raises(ValueError, match="token"):
        create_app(tmp_path / "x.db", token=" ")
