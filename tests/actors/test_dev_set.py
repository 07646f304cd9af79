"""The actor development set (tests/data/actors_dev.jsonl): F1 of at least 0.90."""

import json

from dragoman.evaluation import evaluate_actors
from tests.conftest import DATA


def test_dev_set_f1(pipeline):
    records = [json.loads(line) for line in (DATA / "actors_dev.jsonl").open(encoding="utf-8")]
    assert len(records) >= 300
    scores = evaluate_actors(pipeline, records)
    print(f"actors dev: P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f}")
    assert scores.f1 >= 0.90
