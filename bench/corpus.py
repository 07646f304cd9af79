"""Generate a news-like benchmark corpus from the development sentences (our own writing).

Each article strings together 8-20 sentences drawn with a fixed seed, so every run of the
benchmarks reads the same texts.

    python bench/corpus.py --articles 200 --out bench/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def sentences() -> list[tuple[str, str | None]]:
    found = []
    for path in sorted(DATA.glob("*_dev*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            if "text" in record and len(record["text"].split()) > 4:
                found.append((record["text"], record.get("date")))
    return found


def build(articles: int, seed: int = 13) -> list[dict]:
    pool = sentences()
    rng = random.Random(seed)
    corpus = []
    for number in range(articles):
        picked = rng.sample(pool, rng.randint(8, 20))
        paragraphs = [
            " ".join(text for text, _ in picked[i : i + 4]) for i in range(0, len(picked), 4)
        ]
        date = next((d for _, d in picked if d), "2021-06-01")
        corpus.append({"id": f"bench-{number:05d}", "text": "\n\n".join(paragraphs), "date": date})
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=Path("bench/corpus.jsonl"))
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as stream:
        for record in build(args.articles, args.seed):
            stream.write(json.dumps(record) + "\n")
    print(f"wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
