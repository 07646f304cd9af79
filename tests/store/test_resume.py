"""A killed ingest resumes without loss or duplicates (SIGKILL at random points)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import DATA

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")


def _corpus(path, articles=60, seed=7):
    sentences = [json.loads(line) for line in (DATA / "events_dev_11_20.jsonl").open()]
    rng = random.Random(seed)
    with path.open("w") as stream:
        for number in range(articles):
            picked = rng.sample(sentences, 8)
            stream.write(
                json.dumps(
                    {
                        "id": f"story-{number:03d}",
                        "date": picked[0]["date"],
                        "url": f"https://news.example/{number}",
                        "text": " ".join(s["text"] for s in picked),
                    }
                )
                + "\n"
            )


def _dragoman(*args):
    return [sys.executable, "-m", "dragoman", *args]


def _export(db):
    done = subprocess.run(
        _dragoman("export", "--db", str(db), "--format", "jsonl"),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout


def _stored(db):
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "stories.jsonl"
    _corpus(path)
    return path


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("whole") / "whole.db"
    subprocess.run(
        _dragoman("ingest", str(corpus), "--db", str(db), "--quiet"), check=True, timeout=600
    )
    return _export(db)


@pytest.mark.parametrize("seed", [1, 2])
def test_killed_ingest_resumes_to_the_same_store(corpus, uninterrupted, tmp_path, seed):
    db = tmp_path / "killed.db"
    rng = random.Random(seed)
    process = subprocess.Popen(_dragoman("ingest", str(corpus), "--db", str(db), "--quiet"))
    target = rng.randint(3, 40)
    deadline = time.monotonic() + 120
    while _stored(db) < target and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _stored(db) < 60
    for _ in range(2):
        subprocess.run(
            _dragoman("ingest", str(corpus), "--db", str(db), "--quiet"), check=True, timeout=600
        )
    assert _export(db) == uninterrupted
    assert (
        json.loads(
            subprocess.run(
                _dragoman("stats", "--db", str(db), "--json"),
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )["articles"]
        == 60
    )
