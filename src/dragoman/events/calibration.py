"""Calibrated confidence: the coder's raw score mapped to the share of events with that score
that were right on annotated sentences.

The raw score (pattern specificity, whether both actors were found, how sure the actor stage
was, modality, implied targets) orders events well but is no probability. ``fit`` bins events
by raw score, takes each bin's share of events whose (source, target, type) is in the gold
set, and makes the result monotone (pool adjacent violators); ``__call__`` interpolates
between the bins. The bundled table is fitted on ``tests/data/events_dev_*.jsonl`` with
``dragoman eval ... --calibrate``; README gives its error on the holdout split.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from dragoman.resources import DataFileError, data_path, read_tsv

PACKAGE = "dragoman.events"
HEADER = "# Raw coder score -> share of events right on a gold set (dragoman eval --calibrate).\n"


@dataclass(frozen=True, slots=True)
class Calibration:
    knots: tuple[tuple[float, float], ...]
    """(raw score, calibrated confidence) pairs, raw scores increasing."""

    def __call__(self, raw: float) -> float:
        knots = self.knots
        if not knots:
            return raw
        if raw <= knots[0][0]:
            return knots[0][1]
        for (x0, y0), (x1, y1) in pairwise(knots):
            if raw <= x1:
                return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
        return knots[-1][1]

    @classmethod
    def bundled(cls) -> Calibration:
        return cls.read(data_path(PACKAGE, "calibration.tsv"))

    @classmethod
    def read(cls, path: Path | str) -> Calibration:
        try:
            knots = tuple((float(row["raw"]), float(row["confidence"])) for row in read_tsv(path))
        except (KeyError, ValueError) as error:
            raise DataFileError(f"{path}: needs numeric 'raw' and 'confidence' columns") from error
        if any(b[0] < a[0] or b[1] < a[1] for a, b in pairwise(knots)):
            raise DataFileError(f"{path}: raw scores and confidences must both increase")
        return cls(knots)

    def write(self, path: Path | str, events: int) -> None:
        lines = [HEADER, f"# fitted on {events} coded events\n", "raw\tconfidence\n"]
        lines += [f"{raw:.3f}\t{confidence:.3f}\n" for raw, confidence in self.knots]
        Path(path).write_text("".join(lines), encoding="utf-8")

    @classmethod
    def fit(cls, scored: Iterable[tuple[float, bool]], bins: int = 5) -> Calibration:
        """Equal-count bins of (raw score, right?) pairs, made monotone; few bins, so that each
        holds a couple of hundred events on a dev set of our size."""
        ordered = sorted(scored)
        if not ordered:
            return cls(())
        size = max(1, len(ordered) // bins)
        blocks = [ordered[i : i + size] for i in range(0, len(ordered), size)]
        pooled = _pool_adjacent_violators(
            [(sum(r for r, _ in b) / len(b), sum(k for _, k in b) / len(b), len(b)) for b in blocks]
        )
        return cls(tuple((round(raw, 3), round(share, 3)) for raw, share, _ in pooled))


def _pool_adjacent_violators(
    blocks: Sequence[tuple[float, float, int]],
) -> list[tuple[float, float, int]]:
    """Merge neighbouring (mean raw, share right, count) blocks until shares never fall."""
    merged: list[tuple[float, float, int]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and merged[-2][1] > merged[-1][1]:
            (r0, s0, n0), (r1, s1, n1) = merged[-2], merged[-1]
            n = n0 + n1
            merged[-2:] = [((r0 * n0 + r1 * n1) / n, (s0 * n0 + s1 * n1) / n, n)]
    return merged


def calibration_error(scored: Iterable[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error: over equal-width confidence bins, the gap between stated
    confidence and the share right, weighted by the bin's size."""
    pairs = list(scored)
    if not pairs:
        return 0.0
    gaps = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [(c, ok) for c, ok in pairs if low <= c < high or (b == bins - 1 and c == 1.0)]
        if members:
            stated = sum(c for c, _ in members) / len(members)
            right = sum(ok for _, ok in members) / len(members)
            gaps += len(members) * abs(stated - right)
    return gaps / len(pairs)
