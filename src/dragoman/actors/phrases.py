"""Find known phrases in a document's tokens: the work of spaCy's ``PhraseMatcher``, in plain
Python over numbers that need no vocabulary entries.

A ``PhraseMatcher`` wants each phrase as a tokenised ``Doc``, and tokenising the knowledge
base's ~10,000 names and role words creates a vocabulary entry for every new word: a third of
a second at every start. Here a phrase is the tuple of spaCy's 64-bit string hashes of its
tokens' ORTH or LOWER (the numbers ``Doc.to_array`` gives), which can be cached as plain data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc

PhraseMatch = tuple[str, int, int]
"""``(key, start, end)``: the phrase added under ``key`` is ``doc[start:end]``."""


PhraseData = tuple[dict[tuple[int, ...], tuple[str, ...]], dict[int, tuple[int, ...]]]
"""A table as plain data, for ``marshal``: token sequences -> keys, first token -> lengths."""


class PhraseTable:
    """Token sequences -> the keys they were added under.

    ``matches`` finds what a ``PhraseMatcher`` with the same phrases finds: every occurrence of
    every phrase, nested and overlapping ones included, ordered by start, then by end. Where
    several keys share one token sequence ("Al Ahram" and "al Ahram" read case-blind), each
    match is reported once per key, in the order the keys were added.
    """

    def __init__(self, data: PhraseData) -> None:
        self._keys, self._lengths = data

    @classmethod
    def build(cls, phrases: Iterable[tuple[str, Sequence[int]]]) -> PhraseTable:
        """From ``(key, token hashes)`` pairs; phrases without tokens are left out."""
        keys: dict[tuple[int, ...], list[str]] = defaultdict(list)
        for key, tokens in phrases:
            if tokens:
                names = keys[tuple(tokens)]
                if key not in names:
                    names.append(key)
        lengths: dict[int, set[int]] = defaultdict(set)
        for tokens in keys:
            lengths[tokens[0]].add(len(tokens))
        return cls(
            (
                {tokens: tuple(names) for tokens, names in keys.items()},
                {first: tuple(sorted(found)) for first, found in lengths.items()},
            )
        )

    @property
    def data(self) -> PhraseData:
        return self._keys, self._lengths

    def __len__(self) -> int:
        return sum(len(keys) for keys in self._keys.values())

    def matches(self, tokens: Sequence[int]) -> list[PhraseMatch]:
        tokens = tuple(tokens)
        size = len(tokens)
        lengths_of = self._lengths
        keys_of = self._keys
        found: list[PhraseMatch] = []
        for start in [i for i, token in enumerate(tokens) if token in lengths_of]:
            for length in lengths_of[tokens[start]]:
                end = start + length
                if end > size:
                    break
                for key in keys_of.get(tokens[start:end], ()):
                    found.append((key, start, end))
        return found


def token_hashes(doc: Doc) -> tuple[list[int], list[int]]:
    """The ORTH and LOWER hashes of a document's tokens, as the phrase tables key them."""
    if not len(doc):
        return [], []
    orth, lower = doc.to_array([ORTH, LOWER]).T.tolist()
    return orth, lower
