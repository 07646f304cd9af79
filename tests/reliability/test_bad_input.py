"""Hostile and broken input: each gets a correct result or a clear error record, and one bad
input never stops a batch (through the CLI and the Python API)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from dragoman.ingest import MAX_ARTICLE_CHARS, read_inputs
from dragoman.schemas import Article, InputError

GOOD = "Iranian Foreign Minister Javad Zarif visited Baghdad on Monday."


def _dragoman(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "dragoman", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder of every kind of bad input, plus one good article."""
    folder = tmp_path_factory.mktemp("bad inputs ünïcode")
    files = {
        "binary.txt": b"\x7fELF\x02\x01\x00\x00\x00\x00" * 50,
        "empty.txt": b"",
        "nul bytes.txt": GOOD.encode()[:20] + b"\x00\x00" + GOOD.encode()[20:],
        "invalid-utf8.txt": GOOD.encode() + b" \xff\xfe\xfa broken",
        "cp1252.txt": "Iran’s minister visited Baghdad — café talks.".encode("cp1252"),
        "utf16.txt": GOOD.encode("utf-16"),
        "scripts.html": (
            f"<html><body><script>alert('x')</script><style>p{{}}</style>"
            f"<p>{GOOD}</p></body></html>"
        ).encode(),
        "huge.txt": ("Iran met Iraq. " * (MAX_ARTICLE_CHARS // 15 + 10)).encode(),
        "long token.txt": ("x" * 200_000 + " " + GOOD).encode(),
        "arabic and emoji.txt": f"{GOOD} قال وزير الخارجية العراقي 🚀🔥 \u202e".encode(),
        "control.txt": ("\x01\x02\x1b[31m" + GOOD + "\x07").encode(),
        "records.jsonl": "\n".join(
            [
                json.dumps({"id": "ok", "text": GOOD, "date": "2020-01-06"}),
                "{not json",
                json.dumps({"id": "no-text"}),
                json.dumps({"id": "future", "text": GOOD, "date": "2999-01-01"}),
                json.dumps({"id": "year10000", "text": GOOD, "date": "10000-01-01"}),
                json.dumps(["a", "list"]),
            ]
        ).encode(),
        "missing-column.csv": b"id,body\n1,Iran met Iraq.\n",
        "broken.rss": b"<rss><channel><item><title>Unclosed",
        "ok.txt": GOOD.encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_python_api_reads_every_input_or_says_why(batch):
    results = list(read_inputs([str(batch)], dt.date(2020, 1, 6)))
    errors = {r.input.split("/")[-1]: r.reason for r in results if isinstance(r, InputError)}
    articles = {r.id: r for r in results if isinstance(r, Article)}
    assert "binary" in errors["binary.txt"]
    assert "empty" in errors["empty.txt"]
    assert "too long" in errors["huge.txt"]
    assert "'text' column" in errors["missing-column.csv"]
    assert "feed" in errors["broken.rss"]
    assert any("malformed JSON" in r for r in errors.values())
    assert any("invalid date" in r for r in errors.values())
    assert any("needs a string field 'text'" in r for r in errors.values())
    for name in (
        "cp1252.txt",
        "utf16.txt",
        "ok.txt",
        "arabic and emoji.txt",
        "control.txt",
        "invalid-utf8.txt",
        "long token.txt",
        "scripts.html",
    ):
        assert name in articles, name
    assert "Iran’s minister" in articles["cp1252.txt"].text
    assert "alert" not in articles["scripts.html"].text
    assert "\x1b" not in articles["control.txt"].text
    assert articles["future"].date == dt.date(2999, 1, 1)


def test_pipeline_codes_every_readable_input_with_spans_in_place(batch, pipeline):
    articles = [r for r in read_inputs([str(batch)], dt.date(2020, 1, 6)) if isinstance(r, Article)]
    for result in pipeline.process(articles):
        text = result.article.text
        for event in result.events:
            assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        for mention in result.actors:
            assert text[mention.start : mention.end] == mention.text


def test_cli_batch_goes_on_and_exits_3(batch, tmp_path):
    done = _dragoman("code", str(batch), "--date", "2020-01-06", "--quiet")
    assert done.returncode == 3
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert {e["article_id"] for e in events} >= {"ok.txt", "ok", "utf16.txt"}
    stored = _dragoman("ingest", str(batch), "--db", str(tmp_path / "s.db"), "--quiet")
    assert stored.returncode == 3
    counts = json.loads(_dragoman("stats", "--db", str(tmp_path / "s.db"), "--json").stdout)
    assert counts["errors"] >= 7 and counts["articles"] >= 5  # equal texts are one article


def test_malformed_stdin_jsonl_is_reported(tmp_path):
    done = _dragoman("code", "-", "--quiet", stdin='{"id": "a", "text": "Iran met Iraq."}\n{oops\n')
    assert done.returncode == 3


def test_an_extremely_long_sentence_is_coded_in_linear_time(pipeline):
    text = ", ".join(["Iran met Iraq and Qatar criticised Turkey"] * 800) + "."
    result = next(pipeline.process([Article("long", text, date=dt.date(2021, 1, 4))]))
    assert len(result.events) > 1000
    for event in result.events[:50]:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
