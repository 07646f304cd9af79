"""Transliteration-robust keys for personal names.

Arabic, Persian, Turkish and Russian names reach English news in many spellings
(al-Qanemi, al-Ghanimi; al-Kadhimi, al-Kazemi). A key folds the letters that vary between
romanisations so that spellings of one name meet, while different names stay apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from dragoman.text import ascii_fold

NAME_PARTICLES = frozenset(
    "al el ul ad as ash at ar an az bin bint ibn ben abu abou de da di du van von der la le".split()
)
"""Articles and kinship particles that spellings add or drop freely."""

HONORIFICS = frozenset(
    "sheikh shaikh sheik mr mrs ms dr sayyed sayyid seyed ayatollah hojatoleslam mullah".split()
)

_FOLDS: tuple[tuple[str, str], ...] = (
    ("kh", "k"),
    ("gh", "k"),
    ("q", "k"),
    ("c", "k"),
    ("dh", "d"),
    ("dz", "d"),
    ("z", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("sh", "s"),
    ("ch", "s"),
    ("tch", "s"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("e", "i"),
    ("o", "u"),
)


def fold_token(token: str) -> str:
    for old, new in _FOLDS:
        token = token.replace(old, new)
    token = re.sub(r"(.)\1+", r"\1", token)
    if len(token) > 3 and token.endswith("h"):
        token = token[:-1]
    return token


@lru_cache(maxsize=65536)
def _folded_parts(name: str) -> tuple[str, ...]:
    parts = []
    for token in ascii_fold(name).split():
        if token in NAME_PARTICLES or token in HONORIFICS:
            continue
        parts.append(fold_token(token))
    return tuple(parts)


def name_tokens(name: str) -> list[str]:
    """Folded name parts without particles and honorifics: ``al-Qanemi`` -> ``['kanimi']``."""
    return list(_folded_parts(name))


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


def similar_parts(left: str, right: str) -> bool:
    """Two folded name parts are one name if equal, or one edit apart when both are long."""
    if left == right:
        return True
    if min(len(left), len(right)) < 5:
        return False
    return Levenshtein.distance(left, right, score_cutoff=1) <= 1
