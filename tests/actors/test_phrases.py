"""The phrase tables that find knowledge-base names: PhraseMatcher's matches, from plain data."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from spacy.matcher import PhraseMatcher

from dragoman.actors.phrases import PhraseTable, token_hashes
from dragoman.actors.resolver import ActorResolver
from dragoman.resources import CACHE_ENV


def test_every_occurrence_is_found_nested_and_overlapping_by_start_then_end() -> None:
    table = PhraseTable.build([("ab", [1, 2]), ("abc", [1, 2, 3]), ("bc", [2, 3]), ("a", [1])])
    assert table.matches([1, 2, 3, 9, 1, 2]) == [
        ("a", 0, 1),
        ("ab", 0, 2),
        ("abc", 0, 3),
        ("bc", 1, 3),
        ("a", 4, 5),
        ("ab", 4, 6),
    ]


def test_a_phrase_must_end_inside_the_tokens() -> None:
    table = PhraseTable.build([("a", [1]), ("abc", [1, 2, 3])])
    assert table.matches([7, 1, 2]) == [("a", 1, 2)]
    assert table.matches([]) == []


def test_keys_sharing_tokens_are_reported_in_the_order_added() -> None:
    table = PhraseTable.build([("Al Ahram", [5, 6]), ("al Ahram", [5, 6]), ("Al Ahram", [5, 6])])
    assert table.matches([5, 6]) == [("Al Ahram", 0, 2), ("al Ahram", 0, 2)]
    assert len(table) == 2


def test_a_phrase_without_tokens_is_left_out() -> None:
    table = PhraseTable.build([("", []), ("a", [1])])
    assert len(table) == 1
    assert table.matches([1]) == [("a", 0, 1)]


def test_the_table_survives_marshal() -> None:
    table = PhraseTable.build([("x", [2**63 + 5, 17]), ("y", [17])])
    copy = PhraseTable(marshal.loads(marshal.dumps(table.data)))
    assert copy.matches([2**63 + 5, 17, 17]) == table.matches([2**63 + 5, 17, 17])
    assert copy.matches([2**63 + 5, 17, 17]) == [("x", 0, 2), ("y", 1, 2), ("y", 2, 3)]


TEXTS = [
    "Iraq's Interior Minister Othman al-Ghanimi met Qatar's emir in Doha on Sunday.",
    "IRAQ, QATAR SIGN SECURITY DEAL AS AL-KADHIMI VISITS DOHA",
    "Police and security forces fired on protesters; the foreign ministers of the Arab League "
    "met the United Nations envoy.",
    "Abdel Fattah al-Sisi and ABDEL FATTAH AL-SISI and the interior minister of Egypt.",
]


def _spacy_matches(nlp, phrases, attr, texts):
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for text, doc in zip(phrases, nlp.tokenizer.pipe(phrases), strict=True):
        matcher.add(text, [doc])
    found = []
    for doc in nlp.tokenizer.pipe(texts):
        found.append(sorted((nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc)))
    return found


def test_the_resolver_tables_find_what_spacys_phrase_matcher_finds(pipeline) -> None:
    nlp, kb, resolver = pipeline.nlp, pipeline.kb, pipeline.actors
    surfaces = sorted(kb.surfaces)
    headline = [s for s in surfaces if len(s) > 3 and not s.isupper()]
    docs = list(nlp.tokenizer.pipe(TEXTS))
    hashes = [token_hashes(doc) for doc in docs]
    proper = [sorted(resolver._proper.matches(orth)) for orth, _ in hashes]
    shouted = [sorted(resolver._shouted.matches(lower)) for _, lower in hashes]
    roles = [sorted(resolver._agents.matches(lower)) for _, lower in hashes]
    assert proper == _spacy_matches(nlp, surfaces, "ORTH", TEXTS)
    assert shouted == _spacy_matches(nlp, headline, "LOWER", TEXTS)
    assert roles == _spacy_matches(nlp, sorted(kb.agents), "LOWER", TEXTS)
    assert ("Doha", 13, 14) in proper[0]
    assert ("Abdel Fattah al-Sisi", 6, 11) in shouted[3]
    assert ("interior minister", 13, 15) in roles[3]


def test_cached_tables_equal_fresh_ones(
    pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = ActorResolver(pipeline.nlp, pipeline.kb)  # builds and saves
    assert list(tmp_path.glob("actor-phrases-*.marshal"))
    second = ActorResolver(pipeline.nlp, pipeline.kb)  # reads
    monkeypatch.setenv(CACHE_ENV, "off")
    fresh = ActorResolver(pipeline.nlp, pipeline.kb)
    for resolver in (first, second):
        for name in ("_proper", "_shouted", "_agents"):
            assert getattr(resolver, name).data == getattr(fresh, name).data
