"""The date development set (tests/data/dates_dev.jsonl): at least 95% resolved exactly."""

import datetime as dt
import json

from dragoman.dates import resolve_expression
from tests.conftest import DATA


def test_dev_set_accuracy():
    records = [json.loads(line) for line in (DATA / "dates_dev.jsonl").open(encoding="utf-8")]
    assert len(records) >= 200
    wrong = []
    for record in records:
        resolved = resolve_expression(record["text"], dt.date.fromisoformat(record["publication"]))
        got = (
            (resolved.value, resolved.precision, resolved.historical)
            if resolved
            else (None, None, False)
        )
        if got != (record["value"], record["precision"], record["historical"]):
            wrong.append((record["id"], record["text"], got))
    accuracy = 1 - len(wrong) / len(records)
    assert accuracy >= 0.95, wrong[:20]
