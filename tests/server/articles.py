"""The test corpus of the analyst views: the founding article and a few short ones we wrote,
one of them carrying script and image payloads in its title, text, outlet and url."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from dragoman.pipeline import Pipeline
from dragoman.schemas import Article
from dragoman.store import Store

SEED_DATE = dt.date(2021, 10, 25)
XSS_TITLE = '<img src=x onerror="window.__xss=1">Qatar and Iraq talk border security'
XSS_TEXT = (
    "Qatar's foreign minister met Iraqi officials in Baghdad on Monday to discuss "
    '<script>window.__xss=1</script> and <img src=x onerror="window.__xss=1"> border security.'
)
SHORT_ARTICLES = (
    Article(
        id="xss-payload",
        text=XSS_TEXT,
        title=XSS_TITLE,
        url="javascript:window.__xss=1",
        source="<b onmouseover=window.__xss=1>Wire</b>",
        date=dt.date(2021, 11, 2),
    ),
    Article(
        id="blockade-2017",
        text="Saudi Arabia imposed sanctions on Qatar on Monday. Egypt condemned Qatar for "
        "supporting militants.",
        title="Sanctions on Qatar",
        url="https://example.org/2017/blockade",
        source="Example Wire",
        date=dt.date(2017, 6, 5),
    ),
    Article(
        id="kadhimi-doha",
        text="Iraqi Prime Minister Mustafa al-Kadhimi visited Doha on Tuesday and met the Emir "
        "of Qatar. Qatar pledged aid to Iraq.",
        title="Kadhimi in Doha",
        url="https://example.org/2021/kadhimi-doha",
        source="Example Wire",
        date=dt.date(2021, 6, 15),
    ),
)


def seed_article(seed_text: str) -> Article:
    return Article(
        id="000_a8b22af158ed9ab5",
        text=seed_text,
        title="Iraq's Interior Minister in Doha",
        source="Alwaght",
        date=SEED_DATE,
    )


def build_store(path: Path, pipeline: Pipeline, articles: Iterable[Article]) -> Path:
    with Store(path) as store:
        for result in pipeline.process(articles):
            store.add(result)
    return path
