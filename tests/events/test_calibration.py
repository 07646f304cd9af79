"""Calibrated confidence: fitting, reading and applying the table."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dragoman.cli import app
from dragoman.events.calibration import Calibration, calibration_error
from dragoman.resources import DataFileError


def test_fit_gives_a_monotone_map_that_matches_the_shares_right():
    # raw 0.3 right 1 time in 5, raw 0.5 never (a violation to pool), raw 0.9 4 times in 5
    scored = [(0.3, i < 1) for i in range(5)] + [(0.5, False)] * 5
    scored += [(0.9, i < 4) for i in range(5)]
    fitted = Calibration.fit(scored, bins=3)
    shares = [share for _, share in fitted.knots]
    assert shares == sorted(shares)
    assert fitted(0.9) == pytest.approx(0.8)
    assert fitted(0.0) == fitted.knots[0][1] and fitted(1.0) == pytest.approx(0.8)
    assert calibration_error([(fitted(c), ok) for c, ok in scored]) <= calibration_error(scored)


def test_interpolates_between_knots():
    table = Calibration(((0.4, 0.2), (0.8, 0.6)))
    assert table(0.6) == pytest.approx(0.4)


def test_written_table_reads_back(tmp_path):
    path = tmp_path / "calibration.tsv"
    Calibration(((0.4, 0.2), (0.8, 0.6))).write(path, events=10)
    assert Calibration.read(path).knots == ((0.4, 0.2), (0.8, 0.6))


def test_a_falling_table_is_refused(tmp_path):
    path = tmp_path / "calibration.tsv"
    path.write_text("raw\tconfidence\n0.4\t0.6\n0.8\t0.2\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="increase"):
        Calibration.read(path)


def test_bundled_table_is_applied_to_events(pipeline):
    table = Calibration.bundled()
    assert len(table.knots) >= 3
    low, high = table.knots[0][1], table.knots[-1][1]
    import dragoman

    events = dragoman.code("Egypt's foreign minister met his Jordanian counterpart in Cairo.")
    assert events and all(low <= e.confidence <= high for e in events)


def test_eval_calibrate_writes_a_table(tmp_path):
    gold = tmp_path / "gold.jsonl"
    records = [
        {
            "id": "1",
            "text": "Chile recalled its ambassador from Venezuela.",
            "events": [{"source": "CHL", "target": "VEN", "cameo": "161"}],
        },
        {
            "id": "2",
            "text": "Norway praised Colombia's peace deal with rebels.",
            "events": [{"source": "NOR", "target": "COL", "cameo": "051"}],
        },
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    table = tmp_path / "calibration.tsv"
    result = CliRunner().invoke(app, ["eval", str(gold), "--json", "--calibrate", str(table)])
    assert result.exit_code == 0, result.output
    assert Calibration.read(table).knots
    assert "calibration_error" in json.loads(result.stdout)
