"""Dyad time series: periods, gap filling and both directions."""

from __future__ import annotations

import datetime as dt

import pytest

from dragoman.analysis import dyad_series, period_start
from dragoman.store import EventFilter
from dragoman.store.store import EventQuery


@pytest.mark.parametrize(
    ("interval", "start"),
    [
        ("day", dt.date(2021, 10, 27)),
        ("week", dt.date(2021, 10, 25)),
        ("month", dt.date(2021, 10, 1)),
    ],
)
def test_period_start(interval, start):
    assert period_start(dt.date(2021, 10, 27), interval) == start


def test_an_unknown_interval_is_an_error():
    with pytest.raises(ValueError, match="interval"):
        period_start(dt.date(2021, 1, 1), "hour")


def test_monthly_series_both_directions_with_gaps_filled(store):
    series = dyad_series(store, "IRQ", "QAT", "month")
    periods = [point.period for point in series.points]
    assert periods == ["2021-06", "2021-07", "2021-08", "2021-09", "2021-10", "2021-11"]
    june, july, october = series.points[0], series.points[1], series.points[4]
    assert june.a_to_b.events == 2 and june.b_to_a.events == 1  # visit + talks; aid pledge
    assert july.a_to_b.events == july.b_to_a.events == 0
    assert october.a_to_b.events >= 3 and october.b_to_a.events >= 2
    assert october.a_to_b.goldstein == pytest.approx(
        sum(
            e["cameo"]["goldstein"]
            for e in store.events(EventFilter(dyad=("IRQ", "QAT")))
            if e["date"]["value"].startswith("2021-10")
        )
    )
    reverse = dyad_series(store, "QAT", "IRQ", "month")
    assert [p.a_to_b.events for p in reverse.points] == [p.b_to_a.events for p in series.points]


def test_weekly_and_daily_labels(store):
    weeks = dyad_series(store, "IRQ", "QAT", "week")
    assert weeks.points[0].period == "2021-W24" and weeks.points[0].start == "2021-06-14"
    days = dyad_series(store, "IRQ", "QAT", "day")
    assert days.points[0].period == "2021-06-15"
    assert sum(p.a_to_b.events for p in days.points) == sum(p.a_to_b.events for p in weeks.points)


def test_other_filters_apply_to_both_directions(store):
    consults = dyad_series(store, "IRQ", "QAT", "month", EventQuery(root="04"))
    expected = [
        e for e in store.events(EventFilter(dyad=("IRQ", "QAT"))) if e["cameo"]["root"] == "04"
    ]
    assert sum(p.a_to_b.events for p in consults.points) == len(expected) >= 3
    assert sum(p.b_to_a.events for p in consults.points) == 1  # the November meeting
    assert dyad_series(store, "IRQ", "NOR", "month").points == []
