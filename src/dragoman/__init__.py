"""dragoman: reads English news and turns it into political event data with evidence."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from dragoman.pipeline import Pipeline
from dragoman.schemas import ActorMention, Article, ArticleResult, Event, EventDate, Place

__version__ = "0.1.0"
__all__ = [
    "ActorMention",
    "Article",
    "ArticleResult",
    "Event",
    "EventDate",
    "Pipeline",
    "Place",
    "__version__",
    "code",
]


@lru_cache(maxsize=2)
def _default_pipeline(model: str | None) -> Pipeline:
    return Pipeline(model)


def code(
    text: str,
    date: dt.date | str | None = None,
    *,
    model: str | None = None,
    article_id: str = "text",
) -> list[Event]:
    """Code one article's text into events; the pipeline is loaded once and reused."""
    return _default_pipeline(model).code(text, date, article_id)
