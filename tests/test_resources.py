"""The on-disk cache of compiled data: used when fresh, rebuilt when stale, corrupt or absent,
and never required."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.places.geoparser import Gazetteer
from dragoman.resources import CACHE_ENV, cached


class Builder:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_a_cached_value_is_built_once(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.tsv"
    source.write_text("a\tb\n", encoding="utf-8")
    build = Builder({"a": [1, 2], "b": (3.5, None, True)})
    assert cached("table", [source], build) == build.value
    assert cached("table", [source], build) == build.value
    assert build.calls == 1
    assert len(list(cache.glob("table-*.marshal"))) == 1


def test_a_changed_source_rebuilds_and_replaces_the_old_entry(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.tsv"
    source.write_text("old\n", encoding="utf-8")
    cached("table", [source], Builder("old"))
    source.write_text("new\n", encoding="utf-8")
    build = Builder("new")
    assert cached("table", [source], build) == "new"
    assert build.calls == 1
    assert len(list(cache.glob("table-*.marshal"))) == 1


def test_a_corrupt_cache_is_rebuilt(cache: Path) -> None:
    cached("table", ["v1"], Builder([1, 2, 3]))
    (entry,) = cache.glob("table-*.marshal")
    entry.write_bytes(b"\x00garbage")
    build = Builder([1, 2, 3])
    assert cached("table", ["v1"], build) == [1, 2, 3]
    assert build.calls == 1


def test_an_unwritable_cache_is_not_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))  # cannot be created under a file
    build = Builder({"x": 1})
    assert cached("table", ["v1"], build) == {"x": 1}
    assert cached("table", ["v1"], build) == {"x": 1}
    assert build.calls == 2


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    build = Builder(1)
    cached("table", ["v1"], build)
    cached("table", ["v1"], build)
    assert build.calls == 2


def test_the_cached_gazetteer_equals_a_fresh_one(cache: Path, monkeypatch) -> None:
    first = Gazetteer()  # builds and saves
    assert list(cache.glob("gazetteer-*.marshal"))
    second = Gazetteer()  # reads
    monkeypatch.setenv(CACHE_ENV, "off")
    fresh = Gazetteer()
    for gazetteer in (first, second):
        assert len(gazetteer) == len(fresh)
        assert [gazetteer.entry(i) for i in range(len(fresh))] == [
            fresh.entry(i) for i in range(len(fresh))
        ]
        assert gazetteer.by_name == fresh.by_name
        assert gazetteer.iso2_to_iso3 == fresh.iso2_to_iso3
    assert [e.name for e in second.candidates("Doha")] == ["Doha"]


def test_a_new_cache_file_replaces_older_versions_of_the_same_entry(tmp_path):
    from dragoman.resources import save_cache_file

    old, other = tmp_path / "patterns-aaaa.npy", tmp_path / "gazetteer-aaaa.marshal"
    old.write_bytes(b"old")
    other.write_bytes(b"other")
    save_cache_file(tmp_path, tmp_path / "patterns-bbbb.npy", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gazetteer-aaaa.marshal",
        "patterns-bbbb.npy",
    ]
