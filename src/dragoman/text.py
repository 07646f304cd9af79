"""Text folding shared by the stages that match names."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = re.compile(r"[’'`ʿʾ‘]")
NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Lower case, accents and apostrophes removed, other punctuation as single spaces."""
    if not text.isascii():  # ASCII has nothing to decompose; most names are ASCII
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NON_ALPHANUMERIC.sub(" ", APOSTROPHES.sub("", text).lower()).strip()
