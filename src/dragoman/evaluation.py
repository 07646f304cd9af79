"""Scoring coded events against a gold file: precision, recall and F1 on
(source, target, type) triples, overall, per type, and a confusion table.

Negated, hedged and intended events ("did not meet", "could attack", "plans to strike") are
kept in dragoman's output, flagged, but they are not claims that something happened, so they
do not count as predictions here — except cooperation stated as intent, which CAMEO codes
itself (03x)."""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dragoman.actors.resolver import is_listed
from dragoman.events.calibration import calibration_error
from dragoman.pipeline import Pipeline, parse_date
from dragoman.schemas import Article, ArticleResult, Event
from dragoman.store.dedup import great_circle_km

BY_CHOICES = ("plover", "cameo-root", "cameo")


class GoldFormatError(ValueError):
    """A gold file line is not what ``dragoman eval`` documents."""


@dataclass(frozen=True, slots=True)
class Triple:
    source: str | None
    target: str | None
    type: str


@dataclass(slots=True)
class Scores:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass(slots=True)
class Report:
    by: str
    overall: Scores = field(default_factory=Scores)
    per_type: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    confusion: Counter = field(default_factory=Counter)
    records: int = 0
    errors: list[dict] = field(default_factory=list)
    scored: list[tuple[float, bool]] = field(default_factory=list)
    """Every coded event's confidence, and whether its triple is in the gold set."""

    @property
    def calibration_error(self) -> float:
        return calibration_error(self.scored)

    def to_dict(self) -> dict:
        return {
            "by": self.by,
            "records": self.records,
            "overall": self.overall.to_dict(),
            "calibration_error": round(self.calibration_error, 4),
            "per_type": {k: v.to_dict() for k, v in sorted(self.per_type.items())},
            "confusion": [
                {"gold": g, "predicted": p, "count": n}
                for (g, p), n in sorted(self.confusion.items())
            ],
        }


def type_of(cameo: str | None, plover: str | None, by: str) -> str:
    if by == "cameo":
        return cameo or "?"
    if by == "cameo-root":
        return (cameo or "??")[:2]
    return plover or (f"CAMEO{cameo[:2]}" if cameo else "?")


def actor_matches(gold: str | None, predicted: str | None) -> bool:
    """Gold ``IRQ`` accepts any Iraqi actor; gold ``IRQGOV`` needs that code's prefix."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return predicted.startswith(gold)


def event_triple(event: Event, by: str) -> Triple:
    return Triple(
        event.source.code if event.source else None,
        event.target.code if event.target else None,
        type_of(event.cameo.code, event.plover.type, by),
    )


def _gold_type(event: dict, by: str, pipeline: Pipeline) -> str:
    """A gold event's type; without a PLOVER type, the one dragoman's code table gives its
    CAMEO code (PLOVER's mapping leaves CAMEO 02 appeals untyped; we type them REQUEST)."""
    cameo, plover = event.get("cameo"), event.get("plover")
    if by == "plover" and not plover and cameo in pipeline.lexicon.codes:
        plover = pipeline.lexicon.info(cameo).plover.type
    return type_of(cameo, plover, by)


def asserted(event: Event) -> bool:
    """Whether an event is claimed to have happened (or, for CAMEO 03x and 13x, to be
    intended: an intention stated is the event)."""
    modality = event.modality
    if modality.negated or modality.hypothetical:
        return False
    return not modality.intent or event.cameo.root in ("03", "13")


PETRARCH_SENTENCE = re.compile(r"<Sentence\b(?P<attrs>[^>]*)>(?P<body>.*?)</Sentence>", re.S)
PETRARCH_CODING = re.compile(r"<EventCoding\b(?P<attrs>[^>]*?)/?>", re.S)
PETRARCH_TEXT = re.compile(r"<Text>(?P<text>.*?)</Text>", re.S)
XML_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def read_petrarch_validation(path: Path) -> Iterator[dict]:
    """Gold records from a PETRARCH validation file: ``<Sentence date id>`` elements holding
    ``<Text>`` and ``<EventCoding eventcode sourcecode targetcode/>`` (or ``noevents``)."""
    content = path.read_text(encoding="utf-8", errors="replace")
    for number, match in enumerate(PETRARCH_SENTENCE.finditer(content), 1):
        attrs = dict(XML_ATTRIBUTE.findall(match["attrs"]))
        text_match = PETRARCH_TEXT.search(match["body"])
        if text_match is None:
            raise GoldFormatError(f"{path}: sentence {number} has no <Text>")
        events = []
        for coding in PETRARCH_CODING.finditer(match["body"]):
            fields = dict(XML_ATTRIBUTE.findall(coding["attrs"]))
            if fields.get("noevents", "").lower() == "true" or "eventcode" not in fields:
                continue
            events.append(
                {
                    "source": _petrarch_actor(fields.get("sourcecode")),
                    "target": _petrarch_actor(fields.get("targetcode")),
                    "cameo": fields["eventcode"],
                }
            )
        date = attrs.get("date", "")
        yield {
            "id": attrs.get("id", f"{path.name}:{number}"),
            "text": " ".join(html.unescape(text_match["text"]).split()),
            "date": f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None,
            "events": events,
        }


def _petrarch_actor(code: str | None) -> str | None:
    """PETRARCH writes a missing actor as ``---``."""
    return None if not code or code.strip("-") == "" else code.strip()


def read_gold(path: Path) -> Iterator[dict]:
    if path.suffix.lower() == ".xml":
        yield from read_petrarch_validation(path)
        return
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldFormatError(f"{path}:{number}: malformed JSON ({error.msg})") from error
            if not isinstance(record.get("text"), str) or not isinstance(
                record.get("events"), list
            ):
                raise GoldFormatError(f"{path}:{number}: needs 'text' and an 'events' list")
            record.setdefault("id", f"{path.name}:{number}")
            yield record


def evaluate(pipeline: Pipeline, records: Iterable[dict], by: str = "plover") -> Report:
    if by not in BY_CHOICES:
        raise ValueError(f"--by must be one of {BY_CHOICES}")
    report = Report(by=by)
    for record, result in _coded(pipeline, list(records)):
        report.records += 1
        gold = list(
            {
                Triple(e.get("source"), e.get("target"), _gold_type(e, by, pipeline))
                for e in record["events"]
            }
        )
        predicted = list({event_triple(e, by) for e in result.events if asserted(e)})
        score_record(report, gold, predicted)
        for event in result.events:
            triple = event_triple(event, by)
            right = any(
                g.type == triple.type
                and actor_matches(g.source, triple.source)
                and actor_matches(g.target, triple.target)
                for g in gold
            )
            report.scored.append((event.confidence, right and asserted(event)))
    return report


def _matches(gold: Triple, predicted: Triple) -> bool:
    return (
        gold.type == predicted.type
        and actor_matches(gold.source, predicted.source)
        and actor_matches(gold.target, predicted.target)
    )


def _best_matching(gold: list[Triple], predicted: list[Triple]) -> dict[int, int]:
    """The largest one-to-one matching of gold to predicted triples (augmenting paths), so
    that the score does not depend on the order triples come in: gold ``IRQ`` may take
    ``IRQGOV`` or ``IRQCVL``, and must leave the one another gold triple needs."""
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for p, triple in enumerate(predicted):
            if p in seen or not _matches(gold[g], triple):
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(gold)):
        augment(g, set())
    return {g: p for p, g in owner.items()}


def score_record(report: Report, gold: list[Triple], predicted: list[Triple]) -> None:
    gold, predicted = sorted(gold, key=repr), sorted(predicted, key=repr)
    matched = _best_matching(gold, predicted)
    unmatched = [p for i, p in enumerate(predicted) if i not in matched.values()]
    missed: list[Triple] = []
    for index, triple in enumerate(gold):
        report.overall.gold += 1
        report.per_type[triple.type].gold += 1
        if index not in matched:
            missed.append(triple)
            continue
        report.overall.true_positives += 1
        report.per_type[triple.type].true_positives += 1
        report.confusion[(triple.type, triple.type)] += 1
    for triple in predicted:
        report.overall.predicted += 1
        report.per_type[triple.type].predicted += 1
    for triple in missed:
        confused = next(
            (
                p
                for p in unmatched
                if actor_matches(triple.source, p.source) and actor_matches(triple.target, p.target)
            ),
            None,
        )
        report.confusion[(triple.type, confused.type if confused else "(none)")] += 1


def evaluate_actors(pipeline: Pipeline, records: Iterable[dict]) -> Scores:
    """Actor mentions against gold ``{"text", "code"}``, listed in text order: a prediction
    counts when its span overlaps the gold phrase and its code starts with the gold code
    (gold ``IGOUNO`` accepts ``IGOUNOSCR``, the Security Council)."""
    scores = Scores()
    for record, result in _coded(pipeline, list(records)):
        predicted = [m for m in result.actors if is_listed(m)]
        scores.predicted += len(predicted)
        unmatched = list(predicted)
        for gold, span in _gold_spans(record["text"], record["mentions"]):
            scores.gold += 1
            if span is None:
                continue
            start, end = span
            hit = next(
                (
                    m
                    for m in unmatched
                    if m.start < end and start < m.end and m.code.startswith(gold["code"])
                ),
                None,
            )
            if hit is not None:
                unmatched.remove(hit)
                scores.true_positives += 1
    return scores


def _coded(pipeline: Pipeline, records: list[dict]) -> Iterator[tuple[dict, ArticleResult]]:
    """Each gold record with what the pipeline makes of its text and date."""
    articles = [
        Article(id=str(r["id"]), text=r["text"], date=parse_date(r.get("date"))) for r in records
    ]
    return zip(records, pipeline.process(articles), strict=True)


def _gold_spans(text: str, golds: list[dict]) -> Iterator[tuple[dict, tuple[int, int] | None]]:
    """Gold phrases, listed in text order, with where each stands (None if not found)."""
    search_from = 0
    for gold in golds:
        span = _find_phrase(text, gold["text"], search_from)
        if span is not None:
            search_from = span[1]
        yield gold, span


def _find_phrase(text: str, phrase: str, start: int) -> tuple[int, int] | None:
    """The phrase as whole words, first after ``start``, else anywhere."""
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
    match = pattern.search(text, start) or pattern.search(text)
    return match.span() if match else None


def evaluate_places(
    pipeline: Pipeline, records: Iterable[dict], within_km: float = 161
) -> tuple[int, int]:
    """(toponyms resolved within ``within_km`` of the gold point, gold toponyms); a missed
    toponym counts as wrong. 161 km (100 miles) is the geoparsing literature's usual bar."""
    correct = total = 0
    for record, result in _coded(pipeline, list(records)):
        for gold, span in _gold_spans(record["text"], record["places"]):
            total += 1
            if span is None:
                continue
            start, end = span
            hit = next((p for p in result.places if p.start < end and start < p.end), None)
            if (
                hit is not None
                and hit.lat is not None
                and great_circle_km(gold["lat"], gold["lon"], hit.lat, hit.lon) <= within_km
            ):
                correct += 1
    return correct, total
