"""Each lexicon family on sentences written for it (tests/data/lexicon_examples.jsonl).

An example passes when the coder finds an event claimed to have happened (or, for CAMEO 03x,
intended) with the expected CAMEO code, and with actors matching the expected ones where they
are given (a country code accepts any actor of that country, as in `dragoman eval`)."""

from __future__ import annotations

import json

import pytest

from dragoman.evaluation import actor_matches, asserted
from dragoman.schemas import Article, Event
from tests.conftest import DATA

EXAMPLES = [
    json.loads(line)
    for line in (DATA / "lexicon_examples.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.fixture(scope="module")
def coded(pipeline) -> dict[str, list[Event]]:
    articles = [Article(example["id"], example["text"]) for example in EXAMPLES]
    return {result.article.id: result.events for result in pipeline.process(articles)}


def test_examples_are_unique_and_well_formed():
    assert len({e["id"] for e in EXAMPLES}) == len({e["text"] for e in EXAMPLES}) == len(EXAMPLES)
    assert all(e["events"] and all(x["cameo"] for x in e["events"]) for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_example_is_coded(example, coded):
    events = [e for e in coded[example["id"]] if asserted(e) or e.cameo.root == "03"]
    found = {(e.source and e.source.code, e.target and e.target.code, e.cameo.code) for e in events}
    for expected in example["events"]:
        assert any(
            code == expected["cameo"]
            and (expected["source"] is None or actor_matches(expected["source"], source))
            and (expected["target"] is None or actor_matches(expected["target"], target))
            for source, target, code in found
        ), (expected, sorted(found, key=str))


NOT_EVENTS = [
    "Kenya's national football team beat Ghana 1-0 in a qualifier.",  # "beat" needs a person
    "Russian tanks entered the village square at dawn.",  # no aid arrives
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_near_misses_are_no_events(text, pipeline):
    result = next(iter(pipeline.process([Article("near-miss", text)])))
    assert not [e for e in result.events if e.cameo.root in ("07", "18")], result.events
