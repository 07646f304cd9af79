"""Text folding shared by the stages that match names."""

from __future__ import annotations

import re
import unicodedata


def ascii_fold(text: str) -> str:
    """Lower case, accents and apostrophes removed, other punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"[’'`ʿʾ‘]", "", stripped)
    return re.sub(r"[^a-z0-9]+", " ", stripped.lower()).strip()
