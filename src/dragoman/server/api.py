"""The JSON API: events, articles, network, dyad series, places; coding and ingest."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel

from dragoman.analysis import (
    DyadSeries,
    LocationPoint,
    Network,
    actor_network,
    dyad_series,
    event_locations,
)
from dragoman.pipeline import parse_date
from dragoman.schemas import Article
from dragoman.server.evidence import evidence, with_evidence
from dragoman.server.params import (
    CODE_PATTERN,
    ArticlePageParams,
    CodeRequest,
    EventParams,
    IngestRequest,
    NetworkParams,
    PageParams,
    SeriesParams,
)
from dragoman.server.security import require_token
from dragoman.server.state import open_store, pipelines
from dragoman.store import article_key

router = APIRouter(prefix="/api")
EventId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
ArticleKey = Annotated[
    str, Path(pattern=r"^[0-9a-f]{64}$", description="The article_key of /api/articles.")
]
Code = Annotated[str, Path(pattern=CODE_PATTERN, description="Actor code prefix, e.g. IRQ.")]


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    events: list[dict[str, Any]]
    """DESIGN.md event records with counts, mentions and ``evidence`` (the sentence and
    the source/target/trigger spans in it)."""


class ArticleSummary(BaseModel):
    article_key: str
    article_id: str
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    n_events: int
    coded_by: str | None


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


class ArticleDetail(ArticleSummary):
    text: str
    events: list[dict[str, Any]]
    """Each event mention: codes and the source/target/trigger spans in ``text``."""


class Locations(BaseModel):
    locations: list[LocationPoint]


class CodeResult(BaseModel):
    events: list[dict[str, Any]]


class IngestResult(BaseModel):
    status: str
    """``added``, ``replaced`` (same url, new text) or ``duplicate`` (already stored)."""
    article_key: str
    article_id: str
    events: int
    new_events: int


@router.get("/stats", tags=["store"])
def get_stats(request: Request) -> dict[str, Any]:
    """Counts of articles, events, mentions, errors and sources; first and last date."""
    with open_store(request) as store:
        return store.stats()


@router.get("/events", tags=["events"])
def list_events(request: Request, params: Annotated[PageParams, Query()]) -> EventPage:
    """Stored events in date order, each with its evidence and mentions."""
    query = params.to_query()
    with open_store(request) as store:
        total = store.count_events(query)
        records = store.event_page(query, params.limit, params.offset)
    return EventPage(
        total=total,
        limit=params.limit,
        offset=params.offset,
        events=[with_evidence(record) for record in records],
    )


@router.get("/events/{event_id}", tags=["events"])
def get_event(request: Request, event_id: EventId) -> dict[str, Any]:
    with open_store(request) as store:
        record = store.event(event_id)
    if record is None:
        raise HTTPException(404, f"no event {event_id}")
    return with_evidence(record)


@router.get("/articles", tags=["articles"])
def list_articles(request: Request, params: Annotated[ArticlePageParams, Query()]) -> ArticlePage:
    """Stored articles, newest first, without their text."""
    with open_store(request) as store:
        total = store.stats()["articles"]
        rows = store.articles(params.limit, params.offset)
    return ArticlePage(
        total=total,
        limit=params.limit,
        offset=params.offset,
        articles=[ArticleSummary(**row) for row in rows],
    )


@router.get("/articles/{key}", tags=["articles"])
def get_article(request: Request, key: ArticleKey) -> ArticleDetail:
    """One article's text with the spans of its events' source, target and trigger."""
    with open_store(request) as store:
        article = store.article(key)
    if article is None:
        raise HTTPException(404, f"no article {key}")
    return ArticleDetail(**article)


@router.get("/network", tags=["analysis"])
def get_network(request: Request, params: Annotated[NetworkParams, Query()]) -> Network:
    """Actors (or countries) with their event counts; directed dyads with counts, mean
    Goldstein score and quad class shares."""
    with open_store(request) as store:
        return actor_network(store, params.to_query(), params.level)


@router.get("/locations", tags=["analysis"])
def get_locations(request: Request, params: Annotated[EventParams, Query()]) -> Locations:
    """Event places with coordinates, with event counts and mean Goldstein score."""
    with open_store(request) as store:
        return Locations(locations=event_locations(store, params.to_query()))


@router.get("/dyads/{a}/{b}/series", tags=["analysis"])
def get_dyad_series(
    request: Request, a: Code, b: Code, params: Annotated[SeriesParams, Query()]
) -> DyadSeries:
    """Events and Goldstein sums per day, week or month, for A→B and B→A."""
    with open_store(request) as store:
        return dyad_series(store, a.upper(), b.upper(), params.interval, params.to_query())


@router.post("/code", tags=["coding"])
def code_text(request: Request, body: CodeRequest) -> CodeResult:
    """Code a text into events without storing it."""
    article = Article(
        id="pasted", text=body.text, title=body.title, url=body.url, date=parse_date(body.date)
    )
    with pipelines(request).use() as pipeline:
        result = next(pipeline.process([article]))
    events = []
    for event in result.events:
        record = event.to_dict()
        record["sentence_start"] = event.sentence_start
        record["evidence"] = evidence(record, event.sentence_start)
        events.append(record)
    return CodeResult(events=events)


@router.post(
    "/articles",
    tags=["articles"],
    status_code=201,
    dependencies=[Depends(require_token)],
    responses={200: {"description": "Already stored"}, 401: {"description": "Bad token"}},
)
def ingest_article(request: Request, response: Response, body: IngestRequest) -> IngestResult:
    """Code an article and store it with its events (the token is needed when one is set)."""
    article = Article(
        id=body.id or "",
        text=body.text,
        title=body.title,
        url=body.url,
        source=body.source,
        date=parse_date(body.date),
    )
    key = article_key(article)
    if not article.id:
        article = dataclasses.replace(article, id=f"api-{key[:12]}")
    with pipelines(request).use() as pipeline:
        result = next(pipeline.process([article]))
    with open_store(request) as store:
        outcome = store.add(result)
    if outcome.status == "duplicate":
        response.status_code = 200
    return IngestResult(
        status=outcome.status,
        article_key=key,
        article_id=article.id,
        events=outcome.events,
        new_events=outcome.new_events,
    )
