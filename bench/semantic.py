"""The whole pipeline with and without the semantic fallback (``--semantic``), on the same
texts in one process: load times, then coding times and the throughput ratio. Needs the
``[semantic]`` extra. The first run ever also embeds the lexicon's patterns into the cache
(``~/.cache/dragoman``); ``--cold`` points the cache at an empty folder to time that.

    python bench/semantic.py [--articles 200] [--cold]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from corpus import build

from dragoman.pipeline import Pipeline, parse_date
from dragoman.schemas import Article


def timed_run(pipeline: Pipeline, articles: list[Article]) -> tuple[float, int, int]:
    started = time.perf_counter()
    events = semantic = 0
    for result in pipeline.process(articles):
        events += len(result.events)
        semantic += sum("semantic:" in e.pattern for e in result.events)
    return time.perf_counter() - started, events, semantic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--cold", action="store_true", help="Embed the patterns afresh.")
    args = parser.parse_args()
    if args.cold:
        os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="dragoman-bench-")
    records = build(args.articles)
    articles = [Article(r["id"], r["text"], date=parse_date(r.get("date"))) for r in records]
    words = sum(len(a.text.split()) for a in articles)

    started = time.perf_counter()
    plain = Pipeline()
    plain_load = time.perf_counter() - started
    started = time.perf_counter()
    semantic = Pipeline(semantic=True)
    semantic_load = time.perf_counter() - started

    timed_run(plain, articles[:5])  # warm both up on a few articles
    timed_run(semantic, articles[:5])
    plain_seconds, plain_events, _ = timed_run(plain, articles)
    semantic_seconds, semantic_events, found = timed_run(semantic, articles)

    cache = "empty cache" if args.cold else "cached pattern embeddings, if any"
    print(f"corpus: {len(articles)} articles, {words:,} words")
    print(f"load: default {plain_load:.1f}s, --semantic {semantic_load:.1f}s ({cache})")
    print(
        f"default:    {plain_seconds:.1f}s = {words / plain_seconds:,.0f} words/s, "
        f"{plain_events} events"
    )
    print(
        f"--semantic: {semantic_seconds:.1f}s = {words / semantic_seconds:,.0f} words/s, "
        f"{semantic_events} events ({found} found by similarity)"
    )
    print(f"throughput ratio --semantic / default: {plain_seconds / semantic_seconds:.2f}")


if __name__ == "__main__":
    main()
