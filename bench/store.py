"""What the SQLite store adds to coding time, measured in one run on the same articles.

Codes the corpus once (timing the pipeline alone), then stores every result in a fresh
database (timing the store alone), and prints store time / coding time. Target: <= 0.10.

    python bench/store.py [--articles 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from corpus import build

from dragoman.pipeline import Pipeline
from dragoman.schemas import Article
from dragoman.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    articles = [
        Article(
            r["id"],
            r["text"],
            date=dt.date.fromisoformat(r["date"]),
            url=f"https://bench.example/{r['id']}",
        )
        for r in build(args.articles)
    ]
    pipeline = Pipeline()
    started = time.perf_counter()
    results = list(pipeline.process(articles))
    coding = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        started = time.perf_counter()
        for result in results:
            store.add(result)
        storing = time.perf_counter() - started
        counts = store.stats()
    print(f"{len(articles)} articles, {counts['events']} events, {counts['mentions']} mentions")
    print(
        f"coding: {coding:.2f}s; storing: {storing:.2f}s = {storing / coding:.3f} x coding "
        f"(target <= 0.10)"
    )


if __name__ == "__main__":
    main()
