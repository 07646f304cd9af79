"""Event dates through the whole pipeline."""

import datetime as dt

from dragoman.schemas import Article


def _events(pipeline, text, date):
    return next(pipeline.process([Article("t", text, date=date)])).events


def test_event_takes_its_own_date_words(pipeline):
    (event,) = [
        e
        for e in _events(
            pipeline,
            "Iran's foreign minister visited Baghdad last Wednesday.",
            dt.date(2021, 10, 25),
        )
        if e.cameo.code == "042"
    ]
    assert (event.date.value, event.date.precision) == ("2021-10-20", "day")
    assert event.date.text == "last Wednesday" and not event.date.from_publication


def test_no_date_words_means_the_publication_date(pipeline):
    (event,) = [
        e
        for e in _events(
            pipeline, "Iran's foreign minister visited Baghdad.", dt.date(2021, 10, 25)
        )
        if e.cameo.code == "042"
    ]
    assert event.date.value == "2021-10-25" and event.date.from_publication


def test_without_publication_date_relative_words_stay_unresolved(pipeline):
    (event,) = [
        e
        for e in _events(pipeline, "Iran's foreign minister visited Baghdad last week.", None)
        if e.cameo.code == "042"
    ]
    assert event.date.value is None and event.date.text == "last week"
    assert not event.date.from_publication
