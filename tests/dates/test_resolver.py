import datetime as dt

import pytest

from dragoman.dates import resolve_expression

PUBLISHED = dt.date(2021, 10, 25)  # a Monday


@pytest.mark.parametrize(
    ("text", "value", "precision", "historical"),
    [
        ("in 2017", "2017", "year", True),
        ("in early March", "2021-03", "month", False),
        ("in November", "2020-11", "month", False),
        ("on 5 June 2017", "2017-06-05", "day", True),
        ("June 5, 2017", "2017-06-05", "day", True),
        ("in June 2017", "2017-06", "month", True),
        ("yesterday", "2021-10-24", "day", False),
        ("on Wednesday", "2021-10-20", "day", False),
        ("last week", "2021-10-18/2021-10-24", "range", False),
        ("last month", "2021-09", "month", False),
        ("last year", "2020", "year", False),
        ("three years ago", "2018", "year", True),
        ("the summer of 2019", "2019-06-01/2019-08-31", "range", True),
        ("in the 1990s", "1990-01-01/1999-12-31", "range", True),
    ],
)
def test_expressions_resolve_against_publication(text, value, precision, historical):
    resolved = resolve_expression(text, PUBLISHED)
    assert resolved is not None
    assert (resolved.value, resolved.precision, resolved.historical) == (
        value,
        precision,
        historical,
    )
    assert resolved.from_publication is False


def test_relative_dates_stay_unresolved_without_publication_date():
    assert resolve_expression("yesterday", None) is None
    assert resolve_expression("in early March", None) is None
    assert resolve_expression("in 2017", None).value == "2017"


def test_words_that_are_not_dates_resolve_to_nothing():
    assert resolve_expression("the first time", PUBLISHED) is None


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("last summer", dt.date(2021, 10, 25), "2021-06-01/2021-08-31"),
        ("last summer", dt.date(2021, 7, 10), "2020-06-01/2020-08-31"),
        ("this summer", dt.date(2021, 7, 10), "2021-06-01/2021-08-31"),
        ("last winter", dt.date(2021, 10, 25), "2020-12-01/2021-02-28"),
    ],
)
def test_seasons_are_the_latest_one_before_publication(text, published, value):
    assert resolve_expression(text, published).value == value
