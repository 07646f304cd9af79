"""`dragoman code` (every stage) against the bare spaCy pipeline, as whole processes on the
same texts: each run starts Python, loads its model and data, and reads the same JSONL.
Prints both times and the throughput ratio (target: dragoman >= 0.90 of spaCy).

    python bench/throughput.py [--articles 500]
"""

from __future__ import annotations

import argparse
import json
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
    args = parser.parse_args()
    records = build(args.articles)
    words = sum(len(r["text"].split()) for r in records)
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        spacy_seconds = timed([sys.executable, "-c", BARE_SPACY, str(corpus)])
        dragoman_seconds = timed(
            [
                sys.executable,
                "-m",
                "dragoman",
                "code",
                str(corpus),
                "--quiet",
                "--out",
                str(Path(folder) / "events.jsonl"),
            ]
        )
    print(f"corpus: {len(records)} articles, {words:,} words")
    print(f"bare spaCy process: {spacy_seconds:.1f}s = {words / spacy_seconds:,.0f} words/s")
    print(
        f"dragoman code process: {dragoman_seconds:.1f}s = {words / dragoman_seconds:,.0f} words/s"
    )
    print(f"dragoman / spaCy throughput: {spacy_seconds / dragoman_seconds:.3f} (target >= 0.90)")


if __name__ == "__main__":
    main()
