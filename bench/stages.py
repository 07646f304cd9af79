"""How much each dragoman stage adds to spaCy's own processing time, measured in one run.

Prints, for the same corpus: spaCy's time (nlp.pipe of the same model) and the time of the
actor, event, and places+dates stages as ratios of it. Targets: each stage <= 0.15.

    python bench/stages.py [--articles 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from corpus import build

from dragoman.pipeline import Pipeline
from dragoman.schemas import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    records = build(args.articles)
    articles = [Article(r["id"], r["text"], date=dt.date.fromisoformat(r["date"])) for r in records]
    pipeline = Pipeline()
    words = sum(len(a.text.split()) for a in articles)

    started = time.perf_counter()
    docs = list(pipeline.nlp.pipe((a.text for a in articles), batch_size=pipeline.batch_size))
    spacy_seconds = time.perf_counter() - started

    timings = {"actors": 0.0, "events": 0.0, "places+dates": 0.0}
    for doc, article in zip(docs, articles, strict=True):
        t0 = time.perf_counter()
        actors = pipeline.actors.resolve(doc, article.date)
        t1 = time.perf_counter()
        events = pipeline.coder.code(doc, actors, article.id)
        t2 = time.perf_counter()
        places = pipeline.geoparser.places(doc, actors)
        for event in events:
            trigger = doc[event.trigger_token]
            pipeline.geoparser.event_location(trigger, event.cameo.root, None, places)
            pipeline.dates.event_date(trigger, trigger.sent, article.date)
        t3 = time.perf_counter()
        timings["actors"] += t1 - t0
        timings["events"] += t2 - t1
        timings["places+dates"] += t3 - t2

    print(f"corpus: {len(articles)} articles, {words:,} words")
    print(f"spaCy nlp.pipe: {spacy_seconds:.2f}s ({words / spacy_seconds:,.0f} words/s)")
    for stage, seconds in timings.items():
        print(
            f"{stage:>13}: {seconds:.2f}s = {seconds / spacy_seconds:.3f} x spaCy (target <= 0.15)"
        )


if __name__ == "__main__":
    main()
