"""Issue acceptance: the actors of the founding article, resolved as of its date."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_DATE


@pytest.fixture(scope="module")
def mentions(pipeline, seed_text):
    from dragoman.schemas import Article

    result = next(pipeline.process([Article("seed", seed_text, date=SEED_DATE)]))
    return result.actors


def _find(mentions, text):
    return [m for m in mentions if text in m.text]


def test_every_mention_span_points_at_its_text(mentions, seed_text):
    for mention in mentions:
        assert seed_text[mention.start : mention.end] == mention.text


def test_al_qanemi_is_iraqs_interior_minister_every_time(mentions):
    found = _find(mentions, "al-Qanemi")
    assert len(found) >= 4
    for mention in found:
        assert mention.code == "IRQGOV"
        assert mention.role == "Minister of Interior"


def test_qatari_prime_minister_full_span(mentions):
    (mention,) = _find(mentions, "Khalid bin Khalifa bin Abdulaziz Al Thani")
    assert mention.text.endswith("Khalid bin Khalifa bin Abdulaziz Al Thani")
    assert (mention.code, mention.role) == ("QATGOV", "Prime Minister")


def test_kadhimi_and_fuad_hussein_are_iraqi_government(mentions):
    kadhimi = _find(mentions, "al-Kadhimi")
    assert kadhimi and all(m.code == "IRQGOV" for m in kadhimi)
    (hussein,) = _find(mentions, "Fuad Hussein")
    assert hussein.code == "IRQGOV"
    assert hussein.role == "Minister of Foreign Affairs"


def test_ministry_capitals_and_armed_groups(mentions):
    assert _find(mentions, "Iraqi Interior Ministry")[0].code == "IRQGOV"
    codes = {m.text: m.code for m in mentions}
    assert codes["Doha"] == "QAT" and codes["Baghdad"] == "IRQ"
    assert codes["Abu Dhabi"] == "ARE" and codes["Riyadh"] == "SAU"
    assert codes["ISIS"].startswith("IMG") and codes["Al-Qaeda"].startswith("IMG")


def test_outlet_is_media_and_interior_alone_is_no_actor(mentions):
    (outlet,) = _find(mentions, "Alwaght")
    assert outlet.sector == "MED" and outlet.kind == "organisation"
    assert not [m for m in mentions if m.text == "Interior"]
