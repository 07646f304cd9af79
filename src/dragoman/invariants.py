"""Properties every pipeline output must have, whatever the input: checked by the fuzz tests
and by the long fuzzing campaign (bench/fuzz_campaign.py)."""

from __future__ import annotations

import json

from dragoman.events.lexicon import Lexicon
from dragoman.schemas import ArticleResult

PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})  # fmt: skip


class InvariantError(AssertionError):
    """An output broke a property every output must have."""


def check_result(result: ArticleResult, lexicon: Lexicon) -> None:
    """Every span lies inside the text and slices to its reported text; every code is a known
    CAMEO/PLOVER code; the records survive a JSON round trip."""
    text = result.article.text
    spans = [(m.start, m.end, m.text) for m in result.actors]
    spans += [(p.start, p.end, p.text) for p in result.places]
    for event in result.events:
        spans.append((event.trigger.start, event.trigger.end, event.trigger.text))
        spans += [(a.start, a.end, a.text) for a in (event.source, event.target) if a]
        if event.cameo.code not in lexicon.codes:
            raise InvariantError(f"unknown CAMEO code {event.cameo.code}")
        if event.plover.type is not None and event.plover.type not in PLOVER_TYPES:
            raise InvariantError(f"unknown PLOVER type {event.plover.type}")
        record = event.to_dict()
        if json.loads(json.dumps(record)) != record:
            raise InvariantError("event record does not survive JSON")
        if text.find(event.sentence) < 0:
            raise InvariantError("evidence sentence is not in the text")
    for start, end, fragment in spans:
        if not (0 <= start <= end <= len(text)) or text[start:end] != fragment:
            raise InvariantError(f"span {start}:{end} does not hold {fragment!r}")
