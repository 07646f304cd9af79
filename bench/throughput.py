"""`dragoman code` (every stage) against the bare spaCy pipeline, as whole processes on the
same texts: each run starts Python, loads its model and data, and reads the same JSONL.
Each process runs ``--repeat`` times, alternating, and the medians are compared (the machine's
noise is a few per cent). Prints both times, the throughput ratio (target: dragoman >= 0.90 of
spaCy), each process's start-up (the same run on an empty corpus) and the ratio without it,
which is what a long stream sees.

    python bench/throughput.py [--articles 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import build

BARE_SPACY = """
import json, sys, spacy
from dragoman.nlp import resolve_model_name
nlp = spacy.load(resolve_model_name())
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    records = build(args.articles)
    words = sum(len(r["text"].split()) for r in records)
    with tempfile.TemporaryDirectory() as folder:
        corpus, empty = Path(folder) / "corpus.jsonl", Path(folder) / "empty.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        empty.write_text("", encoding="utf-8")

        def spacy_run(path: Path) -> list[str]:
            return [sys.executable, "-c", BARE_SPACY, str(path)]

        def dragoman_run(path: Path) -> list[str]:
            out = str(Path(folder) / "events.jsonl")
            return [sys.executable, "-m", "dragoman", "code", str(path), "--quiet", "--out", out]

        runs = [(timed(spacy_run(corpus)), timed(dragoman_run(corpus))) for _ in range(args.repeat)]
        spacy_seconds = statistics.median(s for s, _ in runs)
        dragoman_seconds = statistics.median(d for _, d in runs)
        spacy_start = timed(spacy_run(empty))
        dragoman_start = timed(dragoman_run(empty))
    print(f"corpus: {len(records)} articles, {words:,} words; median of {args.repeat} runs each")
    print(f"bare spaCy process: {spacy_seconds:.1f}s = {words / spacy_seconds:,.0f} words/s")
    print(
        f"dragoman code process: {dragoman_seconds:.1f}s = {words / dragoman_seconds:,.0f} words/s"
    )
    print(f"dragoman / spaCy throughput: {spacy_seconds / dragoman_seconds:.3f} (target >= 0.90)")
    print(f"start-up (empty input): spaCy {spacy_start:.1f}s, dragoman {dragoman_start:.1f}s")
    steady = (spacy_seconds - spacy_start) / (dragoman_seconds - dragoman_start)
    print(f"dragoman / spaCy throughput without start-up: {steady:.3f}")


if __name__ == "__main__":
    main()
