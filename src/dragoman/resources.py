"""One loader for the package's data files: TSV tables and YAML lexicons."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import yaml


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
