"""The place development set (tests/data/places_dev.jsonl): >= 0.90 within 161 km."""

import json

from dragoman.evaluation import evaluate_places
from tests.conftest import DATA


def test_dev_set_accuracy(pipeline):
    records = [json.loads(line) for line in (DATA / "places_dev.jsonl").open(encoding="utf-8")]
    countries = {p["country"] for r in records for p in r["places"] if p["country"]}
    assert sum(len(r["places"]) for r in records) >= 300 and len(countries) >= 40
    correct, total = evaluate_places(pipeline, records)
    print(f"places dev: {correct}/{total} = {correct / total:.3f} within 161 km")
    assert correct / total >= 0.90
