"""What more processes buy: `--workers 2` against 1, and a process pool around the whole
pipeline, on the same texts in one run; words per second; peak memory while streaming.

Each variant runs in a fresh (spawned) process, so model loads and memory do not leak from
one to the next. Prints figures and ratios; asserts nothing about timings, only that every
variant finds the same events.

    python bench/workers.py [--articles 300] [--workers 2] [--stream 600]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from corpus import build

from dragoman.pipeline import Pipeline
from dragoman.schemas import Article

CHUNK_ARTICLES = 8
"""Articles per task handed to a pool worker: small enough to balance, big enough to batch."""


@dataclass(frozen=True)
class Run:
    name: str
    load_seconds: float
    """Model load and worker start-up, before the first article."""
    coding_seconds: float
    events: int
    digest: str
    """Hash of the sorted event ids: every variant must find the same events."""


def articles(records: Iterable[dict]) -> Iterator[Article]:
    for r in records:
        yield Article(r["id"], r["text"], date=dt.date.fromisoformat(r["date"]))


def digest(event_ids: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(sorted(event_ids)).encode()).hexdigest()[:12]


def run_pipeline(records: list[dict], workers: int) -> Run:
    """`Pipeline(workers=N)`, as `dragoman ingest --workers N` runs it: N forked copies of the
    loaded pipeline, each running every stage on batches of articles."""
    started = time.perf_counter()
    pipeline = Pipeline(workers=workers)
    ready = time.perf_counter()
    ids = [e.to_dict()["event_id"] for r in pipeline.process(articles(records)) for e in r.events]
    done = time.perf_counter()
    return Run(f"Pipeline(workers={workers})", ready - started, done - ready, len(ids), digest(ids))


_WORKER_PIPELINE: Pipeline | None = None


def _load_worker(barrier: mp.synchronize.Barrier) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline()
    barrier.wait()  # every worker has its pipeline before the clock starts


def _ready() -> bool:
    return _WORKER_PIPELINE is not None


def _code_chunk(chunk: list[dict]) -> list[dict]:
    assert _WORKER_PIPELINE is not None
    return [e.to_dict() for r in _WORKER_PIPELINE.process(articles(chunk)) for e in r.events]


def run_pool(records: list[dict], workers: int) -> Run:
    """A fork pool around the whole pipeline, each worker with its own Pipeline (as a Spark
    executor has); chunks of articles in, full event records back."""
    context = mp.get_context("fork")
    started = time.perf_counter()
    barrier = context.Barrier(workers)
    with context.Pool(workers, initializer=_load_worker, initargs=(barrier,)) as pool:
        pool.apply(_ready)
        ready = time.perf_counter()
        chunks = [records[i : i + CHUNK_ARTICLES] for i in range(0, len(records), CHUNK_ARTICLES)]
        ids = [e["event_id"] for events in pool.imap(_code_chunk, chunks) for e in events]
        done = time.perf_counter()
    return Run(
        f"fork pool of {workers} pipelines", ready - started, done - ready, len(ids), digest(ids)
    )


def peak_rss(records: list[dict], stream: int) -> list[tuple[int, float]]:
    """Peak resident memory (MB) of one process after loading and while streaming ``stream``
    articles (the corpus cycled under new ids); results are dropped as they come."""

    def cycled() -> Iterator[dict]:
        for number, record in enumerate(itertools.islice(itertools.cycle(records), stream)):
            yield {**record, "id": f"{record['id']}-{number}"}

    pipeline = Pipeline()
    marks = {stream // 4, stream // 2, stream}
    peaks = [(0, _max_rss_mb())]
    for count, result in enumerate(pipeline.process(articles(cycled())), 1):
        del result
        if count in marks:
            peaks.append((count, _max_rss_mb()))
    return peaks


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _burn(steps: int) -> int:
    total = 0
    for step in range(steps):
        total += step * step
    return total


def cpu_ceiling(workers: int, steps: int = 10_000_000) -> float:
    """How much faster ``workers`` processes do pure-Python work than one, on this machine:
    the ceiling for the ratios above (virtual CPUs are not always whole cores)."""
    started = time.perf_counter()
    for _ in range(workers):
        _burn(steps)
    serial = time.perf_counter() - started
    started = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        pool.map(_burn, [steps] * workers)
    return serial / (time.perf_counter() - started)


def in_child(function, *args):
    """Run ``function`` in a fresh spawned process: its own imports, model and memory."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as executor:
        return executor.submit(function, *args).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stream", type=int, default=600, help="Articles for the RSS run.")
    args = parser.parse_args()
    records = build(args.articles)
    words = sum(len(r["text"].split()) for r in records)
    print(f"corpus: {len(records)} articles, {words:,} words; {os.cpu_count()} CPUs")
    ceiling = cpu_ceiling(args.workers)
    print(
        f"machine: {args.workers} processes of plain Python work run x{ceiling:.2f} faster than 1"
    )

    runs = [
        in_child(run_pipeline, records, 1),
        in_child(run_pipeline, records, args.workers),
        in_child(run_pool, records, args.workers),
    ]
    serial = runs[0]
    for run in runs:
        total = run.load_seconds + run.coding_seconds
        print(
            f"{run.name:>28}: load {run.load_seconds:5.1f}s, coding {run.coding_seconds:6.1f}s "
            f"= {words / run.coding_seconds:7,.0f} words/s "
            f"({words / total:7,.0f} end to end incl. load), "
            f"x{serial.coding_seconds / run.coding_seconds:.2f} vs 1 process; "
            f"{run.events} events [{run.digest}]"
        )
    same = len({run.digest for run in runs}) == 1
    print(f"same events in every variant: {'yes' if same else 'NO'}")
    spacy_parallel, pool = runs[1], runs[2]
    faster = pool if pool.coding_seconds < spacy_parallel.coding_seconds else spacy_parallel
    slower = spacy_parallel if faster is pool else pool
    speedup = serial.coding_seconds / spacy_parallel.coding_seconds
    print(
        f"--workers {args.workers} vs 1: x{speedup:.2f}; "
        f"faster with {args.workers} processes: {faster.name} "
        f"(x{slower.coding_seconds / faster.coding_seconds:.2f} over {slower.name})"
    )

    peaks = in_child(peak_rss, records, args.stream)
    marks = ", ".join(f"{count} articles {mb:,.0f} MB" for count, mb in peaks[1:])
    print(f"peak RSS of one streaming process: after load {peaks[0][1]:,.0f} MB; {marks}")


if __name__ == "__main__":
    main()
