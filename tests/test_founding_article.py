"""Acceptance on the founding article (issues 2, 4, 5): the events an analyst reads in it."""

from __future__ import annotations

import pytest

from dragoman.schemas import Article
from tests.conftest import SEED_DATE


@pytest.fixture(scope="module")
def result(pipeline, seed_text):
    return next(pipeline.process([Article("seed", seed_text, date=SEED_DATE)]))


def _events(result, source=None, target=None, root=None, codes=None):
    found = []
    for event in result.events:
        if source and not (event.source and event.source.code.startswith(source)):
            continue
        if target and not (event.target and event.target.code.startswith(target)):
            continue
        if root and event.cameo.root not in root:
            continue
        if codes and event.cameo.code not in codes:
            continue
        found.append(event)
    return found


def test_every_span_points_at_the_input(result, seed_text):
    assert result.events
    for event in result.events:
        sent = event.sentence
        assert seed_text[event.sentence_start : event.sentence_start + len(sent)] == sent
        assert seed_text[event.trigger.start : event.trigger.end] == event.trigger.text
        for actor in (event.source, event.target):
            if actor:
                assert seed_text[actor.start : actor.end] == actor.text


def test_visit_of_the_interior_minister_to_doha(result):
    visits = _events(result, "IRQGOV", "QAT", codes={"042"})
    assert visits
    visit = visits[0]
    assert visit.plover.type == "CONSULT" and visit.plover.mode == "visit"
    assert visit.location is not None and visit.location.name == "Doha"
    assert visit.location.precision == "city"
    assert abs(visit.location.lat - 25.29) < 0.1 and abs(visit.location.lon - 51.53) < 0.1


def test_meeting_with_the_qatari_prime_minister(result):
    meetings = _events(result, "IRQGOV", "QATGOV", root={"04"})
    assert meetings
    assert meetings[0].plover.type == "CONSULT"
    assert "Khalid bin Khalifa" in meetings[0].target.text


def test_qatari_invitation(result):
    assert _events(
        result, "QAT", "IRQ", codes={"036", "040", "041", "042", "043", "044", "045", "046"}
    )


def test_saudi_led_sanctions_and_blockade_dated_2017(result):
    coercion = _events(result, "SAU", "QAT", root={"16", "17", "19"})
    assert coercion
    for event in coercion:
        assert event.date.value == "2017" and event.date.precision == "year"
        assert event.date.historical


def test_qatar_opposes_the_uae_saudi_arabia_and_egypt(result):
    targets = {e.target.code[:3] for e in _events(result, "QAT", root={"11", "12"})}
    assert len(targets & {"ARE", "SAU", "EGY"}) >= 2


def test_qatar_intends_security_cooperation_with_iraq(result):
    intents = _events(result, "QAT", "IRQ", root={"03"})
    assert intents and all(e.modality.intent for e in intents)


def test_fuad_hussein_visit_to_saudi_arabia_in_march(result):
    visits = _events(result, "IRQGOV", "SAU", codes={"042"})
    assert visits
    assert visits[0].date.value == "2021-03" and visits[0].date.precision == "month"


def test_few_events_beyond_what_the_article_states(result):
    assert len(result.events) <= 25


def test_event_ids_are_stable(pipeline, seed_text, result):
    again = next(pipeline.process([Article("seed", seed_text, date=SEED_DATE)]))
    assert [e.event_id for e in again.events] == [e.event_id for e in result.events]
    assert len({e.event_id for e in result.events}) == len(result.events)


def test_places_of_the_founding_article(result):
    resolved = {p.text: p for p in result.places}
    doha = resolved["Doha"]
    assert doha.country == "QAT" and abs(doha.lat - 25.29) < 0.05 and abs(doha.lon - 51.53) < 0.05
    assert resolved["Baghdad"].country == "IRQ"
    assert resolved["Riyadh"].country == "SAU"
    assert resolved["Abu Dhabi"].country == "ARE"
    assert not [p for p in result.places if p.text in ("Iraqi", "Qatari", "Saudi", "Emirati")]
