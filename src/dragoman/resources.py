"""One loader for the package's data files: TSV tables and YAML lexicons."""

from __future__ import annotations

import csv
import hashlib
import io
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import yaml

CACHE_ENV = "DRAGOMAN_CACHE_DIR"
"""Where compiled data is cached; ``off`` disables the cache."""


class DataFileError(ValueError):
    """A data file is malformed; the message names the file and line."""


def data_path(package: str, name: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("dragoman.actors", "countries.tsv")``."""
    return Path(str(resources.files(package).joinpath("data", name)))


def bundled_files(package: str, pattern: str) -> list[Path]:
    folder = Path(str(resources.files(package).joinpath("data")))
    return sorted(folder.glob(pattern))


def split_list(cell: str | None) -> list[str]:
    """A ``|``-separated cell as a list, without empty items."""
    return [item.strip() for item in (cell or "").split("|") if item.strip()]


def read_tsv(path: Path | str) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated table whose ``#`` lines are comments; checks the column count."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line and line[0] != "#"]
    if not lines:
        return
    header = lines[0][1].split("\t")
    reader = csv.reader(
        io.StringIO("\n".join(line for _, line in lines[1:])),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    for (number, _), cells in zip(lines[1:], reader, strict=True):
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        if len(cells) != len(header):
            raise DataFileError(
                f"{path.name}:{number}: expected {len(header)} columns, found {len(cells)}"
            )
        yield {key: value.strip() for key, value in zip(header, cells, strict=True)}


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it: the same data, ten times faster."""


def read_yaml(path: Path | str) -> object:
    try:
        return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise DataFileError(f"{Path(path).name}: {error}") from error


def cache_dir() -> Path | None:
    """``$DRAGOMAN_CACHE_DIR``, else the user's cache folder; None when caching is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dragoman"


def cached(name: str, sources: list[Path | str], build: Callable[[], object]) -> object:
    """``build()``, or its value as saved by an earlier process with the same dragoman version
    and the same source files. The value must be plain data (dicts, lists, tuples, strings,
    numbers, None), saved with ``marshal``. The cache is an optimisation, never required: a
    missing, stale, corrupt or unwritable cache means building again."""
    from dragoman import __version__

    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.sha256(f"{__version__} {sys.version_info[:2]}".encode())
    for source in sources:
        key.update(Path(source).read_bytes() if isinstance(source, Path) else source.encode())
    path = folder / f"{name}-{key.hexdigest()[:20]}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not cached yet, or unreadable: build it
    value = build()
    save_cache_file(folder, path, marshal.dumps(value))
    return value


def save_cache_file(folder: Path, path: Path, data: bytes) -> None:
    """Write atomically (parallel processes may race) and drop older versions of the entry."""
    name = path.name.rsplit("-", 1)[0]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
    except OSError:
        return  # a read-only home: run without the cache
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        for stale in folder.glob(f"{name}-*{path.suffix}"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        Path(temporary).unlink(missing_ok=True)  # a full disk: run without the cache
