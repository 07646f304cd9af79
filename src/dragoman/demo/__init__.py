"""The bundled demo: the founding article, an Alwaght analysis of Iraq's Interior Minister's visit
to Doha (published October 2021), coded and shown as a table."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from dragoman.schemas import Article

DEMO_DATE = dt.date(2021, 10, 25)


def demo_articles() -> list[Article]:
    folder = Path(str(resources.files("dragoman.demo")))
    return [
        Article(
            id=path.name,
            text=path.read_text(encoding="utf-8").rstrip(),
            source="Alwaght",
            date=DEMO_DATE,
        )
        for path in sorted(folder.glob("*.txt"))
    ]
