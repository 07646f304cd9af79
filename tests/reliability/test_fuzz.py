"""Property-based tests over the whole pipeline: random text, random actors, random records.
A short campaign runs here; `python bench/fuzz_campaign.py` runs the long one."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragoman.invariants import check_result
from dragoman.schemas import Article

NAMES = [
    "Iraq",
    "Qatar",
    "Doha",
    "Baghdad",
    "the UAE",
    "Hezbollah",
    "ISIS",
    "al-Qanemi",
    "President Erdogan",
    "Iranian troops",
    "the Kremlin",
    "NATO",
    "Sheikh Tamim",
    "Mustafa al-Kazemi",
    "الحكومة العراقية",
    "🚀",
    "Ünïcode Ltd",
    "O'Brien",
]
VERBS = [
    "met",
    "attacked",
    "visited",
    "accused",
    "imposed sanctions on",
    "did not meet",
    "may attack",
    "said it would help",
    "threatened",
    "held talks with",
    "invaded",
    "criticised",
    "praised",
    "signed an agreement with",
    "arrested",
]
TAILS = [
    "on Monday.",
    "in 2017.",
    "last week.",
    "in early March.",
    ", officials said.",
    ".",
    "in Mosul.",
    "near the border with Syria.",
    "!!",
    "\n\n",
]

sentences = st.builds(
    lambda a, v, b, t: f"{a} {v} {b} {t}",
    st.sampled_from(NAMES),
    st.sampled_from(VERBS),
    st.sampled_from(NAMES),
    st.sampled_from(TAILS),
)
texts = st.one_of(
    st.lists(sentences, min_size=1, max_size=6).map(" ".join),
    st.text(min_size=1, max_size=300),
    st.lists(st.one_of(sentences, st.text(max_size=40)), min_size=1, max_size=5).map(" ".join),
)
dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, date=dates)
def test_any_text_codes_within_the_invariants(pipeline, text, date):
    if not text.strip():
        return
    article = Article("fuzz", text, date=date)
    first = next(pipeline.process([article]))
    check_result(first, pipeline.lexicon)
    again = next(pipeline.process([article]))
    assert [e.event_id for e in again.events] == [e.event_id for e in first.events]
