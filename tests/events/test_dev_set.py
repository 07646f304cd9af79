"""The event development set (tests/data/events_dev_*.jsonl), scored by `dragoman eval`.

The target is 0.80 F1 on (source, target, PLOVER type); a change that takes the coder below
it fails here. The never-tuned holdout splits are reported in the README, not asserted."""

import json

from dragoman.evaluation import evaluate, read_gold
from tests.conftest import DATA

TARGET_F1 = 0.80


def test_dev_set_size_and_coverage():
    records = [r for path in sorted(DATA.glob("events_dev_*.jsonl")) for r in read_gold(path)]
    assert len(records) >= 600
    roots = {e["cameo"][:2] for r in records for e in r["events"] if e.get("cameo")}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    for root in roots:
        sentences = [
            r for r in records if any(e.get("cameo", "").startswith(root) for e in r["events"])
        ]
        assert len(sentences) >= 20, root


def test_dev_set_f1_reaches_the_target(pipeline):
    records = [r for path in sorted(DATA.glob("events_dev_*.jsonl")) for r in read_gold(path)]
    report = evaluate(pipeline, records, "plover")
    print(json.dumps(report.overall.to_dict()))
    assert report.overall.f1 >= TARGET_F1


def test_every_root_is_coded_somewhere(pipeline):
    records = [r for path in sorted(DATA.glob("events_dev_*.jsonl")) for r in read_gold(path)]
    report = evaluate(pipeline, records, "cameo-root")
    hits = {root for root, scores in report.per_type.items() if scores.true_positives}
    assert len(hits) >= 18, sorted(hits)
