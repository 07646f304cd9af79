"""The long fuzzing campaign: N random documents through the whole pipeline, every output
checked against dragoman.invariants. Prints documents, events, failures and time.

    python bench/fuzz_campaign.py --documents 10000 [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reliability"))

from test_fuzz import NAMES, TAILS, VERBS

from dragoman.invariants import InvariantError, check_result
from dragoman.pipeline import Pipeline
from dragoman.schemas import Article

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .,;:'\"-—’«»()\n\t0123456789"
    "éüçñ ءابتثجحخدذرزسشصضطظعغفقكلمنهوي 中文 🚀🔥 \u202e\u200b\x00\x07"
)


def documents(count: int, seed: int) -> Iterator[Article]:
    rng = random.Random(seed)
    for number in range(count):
        kind = rng.random()
        if kind < 0.6:
            text = " ".join(
                f"{rng.choice(NAMES)} {rng.choice(VERBS)} {rng.choice(NAMES)} {rng.choice(TAILS)}"
                for _ in range(rng.randint(1, 12))
            )
        elif kind < 0.85:
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 600)))
        else:
            text = " ".join(
                rng.choice(
                    [
                        *NAMES,
                        *VERBS,
                        *TAILS,
                        "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30))),
                    ]
                )
                for _ in range(rng.randint(1, 60))
            )
        if not text.strip():
            text = "Iraq met Qatar."
        year = rng.randint(1900, 2100)
        date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.8 else None
        yield Article(f"fuzz-{number}", text, date=date)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pipeline = Pipeline()
    started = time.perf_counter()
    events = failures = done = 0
    for result in pipeline.process(documents(args.documents, args.seed)):
        done += 1
        events += len(result.events)
        try:
            check_result(result, pipeline.lexicon)
        except InvariantError as error:
            failures += 1
            print(f"FAIL {result.article.id}: {error}")
    elapsed = time.perf_counter() - started
    print(
        f"{done} documents, {events} events, {failures} invariant failures, "
        f"{elapsed:.0f}s (seed {args.seed})"
    )


if __name__ == "__main__":
    main()
