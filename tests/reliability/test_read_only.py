"""A database that cannot be written is a clear fatal error (exit 1) and nothing changes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest


def _dragoman(*args):
    return subprocess.run(
        [sys.executable, "-m", "dragoman", *args], capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def immutable(tmp_path):
    """A store whose file the kernel refuses to change (chattr +i binds even root)."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    first = tmp_path / "first.txt"
    first.write_text("Iran's foreign minister visited Baghdad on Monday.")
    db = tmp_path / "store.db"
    assert _dragoman("ingest", str(first), "--db", str(db), "--quiet").returncode == 0
    _dragoman("stats", "--db", str(db))  # checkpoint the WAL into the file
    for leftover in (tmp_path / "store.db-wal", tmp_path / "store.db-shm"):
        leftover.unlink(missing_ok=True)
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("this filesystem does not support immutable files")
    yield db
    subprocess.run(["chattr", "-i", str(db)], check=False)


def test_ingest_into_a_read_only_store_fails_clearly(immutable, tmp_path):
    second = tmp_path / "second.txt"
    second.write_text("Qatar's emir received the Iraqi prime minister in Doha.")
    done = _dragoman("ingest", str(second), "--db", str(immutable), "--quiet")
    assert done.returncode == 1
    assert "error" in done.stderr and "Traceback" not in done.stderr
    subprocess.run(["chattr", "-i", str(immutable)], check=True)
    counts = json.loads(_dragoman("stats", "--db", str(immutable), "--json").stdout)
    assert counts["articles"] == 1
