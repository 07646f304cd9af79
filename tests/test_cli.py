"""The command line, end to end, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dragoman.cli import app
from tests.conftest import SEED

runner = CliRunner()


def _dragoman(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dragoman", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seeds")
def test_code_prints_only_jsonl_events_on_stdout():
    done = _dragoman("code", str(SEED), "--format", "jsonl", "--date", "2021-10-25")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines
    events = [json.loads(line) for line in lines]
    required = {
        "event_id",
        "article_id",
        "sentence_index",
        "sentence",
        "source",
        "target",
        "cameo",
        "plover",
        "trigger",
        "modality",
        "location",
        "date",
        "confidence",
    }
    assert all(required <= set(event) for event in events)
    assert {e["article_id"] for e in events} == {SEED.name}
    visit = next(e for e in events if e["cameo"]["code"] == "042")
    assert visit["source"]["code"] == "IRQGOV"


def test_stdin_csv_and_rejected_inputs_exit_3(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00binary")
    done = _dragoman(
        "code",
        "-",
        str(tmp_path / "bad.txt"),
        "--format",
        "csv",
        "--date",
        "2020-01-02",
        stdin="Iranian President Hassan Rouhani visited Baghdad.",
    )
    assert done.returncode == 3
    header, *rows = done.stdout.splitlines()
    assert header.startswith("event_id,article_id")
    assert rows and ",042," in rows[0]
    assert "bad.txt" in done.stderr


def test_bad_date_is_a_usage_error():
    result = runner.invoke(app, ["code", "-", "--date", "yesterday"], input="x")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_actors_and_places_commands(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Qatar's emir received Iraqi Prime Minister Mustafa al-Kadhimi in Doha.")
    done = _dragoman("actors", str(path), "--date", "2021-06-01")
    assert done.returncode == 0, done.stderr
    actors = [json.loads(line) for line in done.stdout.splitlines()]
    assert {"IRQGOV", "QATGOV"} <= {a["code"] for a in actors}
    done = _dragoman("places", str(path), "--format", "jsonl")
    places = [json.loads(line) for line in done.stdout.splitlines()]
    doha = next(p for p in places if p["text"] == "Doha")
    assert doha["country"] == "QAT" and doha["precision"] == "city"


def test_demo_prints_a_table():
    done = _dragoman("demo")
    assert done.returncode == 0, done.stderr
    assert "al-Qanemi" in done.stdout and "042" in done.stdout


def test_eval_reports_scores(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "1",
                "text": "Iranian President Hassan Rouhani visited Baghdad on Monday.",
                "date": "2019-03-12",
                "events": [
                    {"source": "IRNGOV", "target": "IRQ", "cameo": "042", "plover": "CONSULT"}
                ],
            }
        )
        + "\n"
    )
    done = _dragoman("eval", str(gold), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["overall"]["f1"] == 1.0


def test_command_line_works_without_the_server_and_spark_extras():
    """`pip install -e . && dragoman demo` must work: FastAPI and PySpark stay optional."""
    code = (
        "import sys; sys.modules.update(fastapi=None, uvicorn=None, pyspark=None); "
        "from typer.testing import CliRunner; from dragoman.cli import app; "
        "result = CliRunner().invoke(app, ['--help']); "
        "assert result.exit_code == 0 and 'serve' in result.output, result.output"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
