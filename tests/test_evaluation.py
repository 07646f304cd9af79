"""`dragoman eval`: gold formats and scoring rules."""

from __future__ import annotations

from dragoman.evaluation import (
    Report,
    Triple,
    actor_matches,
    read_gold,
    score_record,
)

PETRARCH_XML = """<Sentences>
<Sentence date = "20150805" id = "T-01" source = "wire" sentence = "True">
<EventCoding sentenceid = "T-01" eventcode = "042" sourcecode = "IRNGOV" targetcode = "IRQ"/>
<Text>
Iranian Foreign Minister Javad Zarif visited Baghdad on Wednesday.
</Text>
</Sentence>
<Sentence date = "20150806" id = "T-02" sentence = "True">
<EventCoding sentenceid = "T-02" noevents = "True"/>
<Text>Markets were calm &amp; quiet.</Text>
</Sentence>
</Sentences>"""


def test_petrarch_validation_xml_is_read(tmp_path):
    path = tmp_path / "validation.xml"
    path.write_text(PETRARCH_XML)
    first, second = read_gold(path)
    assert first["id"] == "T-01" and first["date"] == "2015-08-05"
    assert first["text"].startswith("Iranian Foreign Minister")
    assert first["events"] == [{"source": "IRNGOV", "target": "IRQ", "cameo": "042"}]
    assert second["events"] == [] and second["text"] == "Markets were calm & quiet."


def test_country_codes_accept_their_actors():
    assert actor_matches("IRQ", "IRQGOV") and actor_matches(None, None)
    assert not actor_matches("IRQ", None) and not actor_matches("IRQGOV", "IRQ")


def test_scores_and_confusion():
    report = Report(by="plover")
    gold = [Triple("IRN", "IRQ", "CONSULT"), Triple("IRQ", "IRN", "ACCUSE")]
    predicted = [Triple("IRNGOV", "IRQ", "CONSULT"), Triple("IRQ", "IRN", "REJECT")]
    score_record(report, gold, predicted)
    assert report.overall.true_positives == 1
    assert report.overall.precision == 0.5 and report.overall.recall == 0.5
    assert report.confusion[("ACCUSE", "REJECT")] == 1


def test_scores_do_not_depend_on_the_order_of_triples():
    from dragoman.evaluation import Report, Triple, score_record

    gold = [Triple("IRQ", "QAT", "CONSULT"), Triple("IRQGOV", "QAT", "CONSULT")]
    predicted = [Triple("IRQGOV", "QAT", "CONSULT"), Triple("IRQCVL", "QAT", "CONSULT")]
    for ordering in (predicted, predicted[::-1]):
        report = Report(by="plover")
        score_record(report, gold, ordering)
        assert report.overall.true_positives == 2
