"""The pipeline as a stream: in order, lazily, and the same with several worker processes."""

from __future__ import annotations

import datetime as dt
import itertools
import json

from dragoman.pipeline import Pipeline
from dragoman.schemas import Article
from tests.conftest import DATA


def _articles(count: int) -> list[Article]:
    records = [json.loads(line) for line in (DATA / "events_dev_11_20.jsonl").open()]
    return [
        Article(
            f"a{n}",
            " ".join(r["text"] for r in records[n * 4 : n * 4 + 4]),
            date=dt.date(2021, 6, 1),
        )
        for n in range(count)
    ]


def test_results_stream_in_input_order_without_reading_everything(pipeline):
    consumed = []

    def feed():
        for article in _articles(40):
            consumed.append(article.id)
            yield article

    first = next(pipeline.process(feed()))
    assert first.article.id == "a0"
    assert len(consumed) < 40  # the input is read as results are wanted, not all at once


def test_workers_give_the_same_events_in_the_same_order(pipeline):
    articles = _articles(12)
    one = [[e.to_dict() for e in r.events] for r in pipeline.process(articles)]
    forked = Pipeline(workers=2, batch_size=2)
    two = [[e.to_dict() for e in r.events] for r in forked.process(iter(articles))]
    assert two == one
    assert list(itertools.chain.from_iterable(one))
